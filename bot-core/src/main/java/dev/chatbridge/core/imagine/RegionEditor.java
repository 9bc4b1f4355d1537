package dev.chatbridge.core.imagine;

import java.util.Optional;

/** Where a user paints the Vary (Region) mask: a page the app serves, reached by a link. */
public interface RegionEditor {

    /** A link to the mask page for a MODAL task, or empty when no public URL is configured. */
    Optional<RegionLink> open(RegionRequest request);

    /** What the page needs: the MODAL task to complete, whose it is, and the picture to paint on. */
    record RegionRequest(
            String taskId, String platform, String chatId, String userId, String imageUrl, String prompt) {}

    /** The link, and whether Telegram should show it as a Web App button (private chats only). */
    record RegionLink(String url, boolean webApp) {}

    static RegionEditor none() {
        return request -> Optional.empty();
    }
}
