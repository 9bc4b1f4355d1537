package dev.chatbridge.discord;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.vision.ImageLinks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.utils.FileProxy;
import org.jspecify.annotations.Nullable;

/**
 * A file a Discord user attached (a voice message's recording too), or an image link to Discord's own CDN in the text, downloaded through JDA only
 * when the core asks for it. Image links to other hosts are left to the core, which fetches them through its SSRF
 * guard ({@link dev.chatbridge.core.vision.ImageLinks}); {@link #sourceLink()} tells it which links are taken here.
 */
final class DiscordAttachment implements Attachment {

    private static final Set<String> CDN_HOSTS = Set.of("cdn.discordapp.com", "media.discordapp.net");
    private static final long DOWNLOAD_TIMEOUT_SECONDS = 30;

    private final String name;
    private final @Nullable String mimeType;
    private final long bytes;
    private final FileProxy file;
    private final @Nullable String sourceLink;
    private final long seconds;

    private DiscordAttachment(
            String name, @Nullable String mimeType, long bytes, FileProxy file, @Nullable String sourceLink) {
        this(name, mimeType, bytes, file, sourceLink, -1);
    }

    private DiscordAttachment(
            String name,
            @Nullable String mimeType,
            long bytes,
            FileProxy file,
            @Nullable String sourceLink,
            long seconds) {
        this.seconds = seconds;
        this.name = name;
        this.mimeType = mimeType;
        this.bytes = bytes;
        this.file = file;
        this.sourceLink = sourceLink;
    }

    /** The message's attachments, then image links to Discord's CDN in its text (other links: see the class). */
    static List<Attachment> of(Message message) {
        List<Attachment> found = new ArrayList<>();
        for (Message.Attachment attachment : message.getAttachments()) {
            found.add(new DiscordAttachment(
                    attachment.getFileName(),
                    attachment.getContentType(),
                    attachment.getSize(),
                    attachment.getProxy(),
                    null,
                    // Only a voice message (flag IS_VOICE_MESSAGE) tells its length: duration_secs.
                    message.isVoiceMessage() ? (long) Math.ceil(attachment.getDuration()) : -1));
        }
        for (String url : ImageLinks.in(message.getContentRaw())) {
            URI uri = cdnLink(url);
            if (uri != null) {
                String path = uri.getPath();
                found.add(new DiscordAttachment(
                        path.substring(path.lastIndexOf('/') + 1), null, -1, new FileProxy(url), url));
            }
        }
        return found;
    }

    /** A file given in a slash command's attachment option. */
    static DiscordAttachment of(Message.Attachment attachment) {
        return new DiscordAttachment(
                attachment.getFileName(),
                attachment.getContentType(),
                attachment.getSize(),
                attachment.getProxy(),
                null);
    }

    private static @Nullable URI cdnLink(String url) {
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme())
                            && uri.getHost() != null
                            && CDN_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))
                    ? uri
                    : null;
        } catch (URISyntaxException e) {
            return null; // not a link Discord's CDN hands out; the core decides about it
        }
    }

    /** Rebuilds an attachment another replica received: Discord's CDN links work from any process. */
    static DiscordAttachment restore(Reference reference) {
        List<String> locators = reference.locators();
        return new DiscordAttachment(
                reference.name(),
                reference.mimeType(),
                reference.declaredBytes(),
                new FileProxy(locators.getFirst()),
                reference.sourceLink(),
                locators.size() > 1 ? Long.parseLong(locators.get(1)) : -1);
    }

    /** The CDN link, and a voice message's length in seconds after it. */
    @Override
    public Reference reference() {
        List<String> locators = seconds >= 0 ? List.of(file.getUrl(), Long.toString(seconds)) : List.of(file.getUrl());
        return new Reference(DiscordChats.PLATFORM, name, mimeType, bytes, locators, sourceLink);
    }

    @Override
    public long declaredSeconds() {
        return seconds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public @Nullable String declaredMimeType() {
        return mimeType;
    }

    @Override
    public long declaredBytes() {
        return bytes;
    }

    @Override
    public @Nullable String sourceLink() {
        return sourceLink;
    }

    @Override
    public byte[] download(long maxBytes) throws AttachmentException {
        if (bytes > maxBytes) {
            throw new AttachmentException(name + " is larger than " + maxBytes + " bytes", true);
        }
        try (InputStream in = file.download().get(DOWNLOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBytes + 1));
            if (read.length > maxBytes) {
                throw new AttachmentException(name + " is larger than " + maxBytes + " bytes", true);
            }
            return read;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachmentException("interrupted while downloading " + name, false);
        } catch (ExecutionException | TimeoutException | IOException e) {
            // The message names the file only: CDN links are signed and need not reach the logs.
            throw new AttachmentException("could not download " + name, false);
        }
    }
}
