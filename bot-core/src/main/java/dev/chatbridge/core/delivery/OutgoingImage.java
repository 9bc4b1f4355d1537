package dev.chatbridge.core.delivery;

import java.util.List;
import java.util.Objects;

/** A picture to post, with a plain-text caption and rows of buttons (possibly none). */
public record OutgoingImage(byte[] bytes, String fileName, String caption, List<List<Button>> buttonRows) {

    public OutgoingImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(caption, "caption");
        buttonRows = buttonRows.stream().map(List::copyOf).toList();
        if (bytes.length == 0) {
            throw new IllegalArgumentException("image is empty");
        }
    }
}
