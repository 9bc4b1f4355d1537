package dev.chatbridge.discord;

import dev.chatbridge.core.inbound.Attachment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.utils.FileProxy;
import org.jspecify.annotations.Nullable;

/**
 * A file a Discord user attached, or an image link to Discord's own CDN in the text, downloaded through JDA only
 * when the core asks for it. Links to other hosts are never fetched: only platform file URLs are (DESIGN.md), so a
 * user cannot make the bot request arbitrary addresses.
 */
final class DiscordAttachment implements Attachment {

    private static final Pattern CDN_IMAGE = Pattern.compile(
            "https://(?:cdn\\.discordapp\\.com|media\\.discordapp\\.net)/\\S+?\\.(?:png|jpe?g|webp|gif)(?:\\?\\S*)?",
            Pattern.CASE_INSENSITIVE);
    private static final long DOWNLOAD_TIMEOUT_SECONDS = 30;

    private final String name;
    private final @Nullable String mimeType;
    private final long bytes;
    private final FileProxy file;

    private DiscordAttachment(String name, @Nullable String mimeType, long bytes, FileProxy file) {
        this.name = name;
        this.mimeType = mimeType;
        this.bytes = bytes;
        this.file = file;
    }

    /** The message's attachments, then image links to Discord's CDN in its text. */
    static List<Attachment> of(Message message) {
        List<Attachment> found = new ArrayList<>();
        for (Message.Attachment attachment : message.getAttachments()) {
            found.add(new DiscordAttachment(attachment.getFileName(), attachment.getContentType(), attachment.getSize(),
                    attachment.getProxy()));
        }
        Matcher links = CDN_IMAGE.matcher(message.getContentRaw());
        while (links.find()) {
            String url = links.group();
            String path = URI.create(url).getPath();
            found.add(new DiscordAttachment(path.substring(path.lastIndexOf('/') + 1), null, -1, new FileProxy(url)));
        }
        return found;
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
