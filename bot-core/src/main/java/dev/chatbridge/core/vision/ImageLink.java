package dev.chatbridge.core.vision;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.net.FetchException;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.net.WebLink;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image link a user wrote in a message, downloaded through the SSRF guard
 * ({@link UrlFetcher#fetchUserSupplied}): a link to a loopback, private, link-local or metadata
 * address, or redirecting to one, is refused before anything is sent there.
 */
public final class ImageLink implements Attachment {

    private static final Logger log = LoggerFactory.getLogger(ImageLink.class);

    private final String url;
    private final String name;
    private final UrlFetcher fetcher;

    ImageLink(String url, UrlFetcher fetcher) {
        this.url = url;
        this.fetcher = fetcher;
        this.name = nameOf(url);
    }

    /**
     * {@code cat.png (images.example.com)}: enough for the user to know which link is meant, without
     * the query, which may hold a signed token.
     */
    private static String nameOf(String url) {
        return WebLink.parse(url)
                .map(link -> (link.fileName().isEmpty() ? "image" : link.fileName()) + " (" + link.host() + ")")
                .orElse("image link");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public @Nullable String declaredMimeType() {
        return null; // read from the bytes: a server's Content-Type is no more trusted than a file name
    }

    @Override
    public long declaredBytes() {
        return -1;
    }

    @Override
    public byte[] download(long maxBytes) throws AttachmentException {
        try {
            return fetcher.withMaxBytes(maxBytes).fetchUserSupplied(url).body();
        } catch (FetchException e) {
            // The message names the host (and a refused address), never the query, which may hold a token.
            log.info("Image link {} not used: {}", name, e.getMessage());
            throw new AttachmentException(
                    e.getMessage(),
                    switch (e) {
                        case FetchException.Refused refused -> AttachmentException.Reason.REFUSED;
                        case FetchException.TooLarge tooLarge -> AttachmentException.Reason.TOO_LARGE;
                        case FetchException.Failed failed -> AttachmentException.Reason.FAILED;
                    });
        }
    }

    @Override
    public String sourceLink() {
        return url;
    }
}
