package dev.chatbridge.app.region;

import dev.chatbridge.core.imagine.RegionEditor;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Hands out links to the mask page: {@code <public base URL>/region/<token>}, valid for {@code lifetime}. Telegram
 * shows Web App buttons in private chats only, and only with HTTPS links; elsewhere the link opens in a browser.
 */
final class SignedRegionEditor implements RegionEditor {

    /** The platform name the Telegram adapter gives its conversations. */
    static final String TELEGRAM = "tg";

    private final String baseUrl;
    private final RegionTokens tokens;
    private final RegionDrafts drafts;
    private final Duration lifetime;
    private final Clock clock;

    /** {@code baseUrl}: the public origin, without a trailing slash; blank: no links. */
    SignedRegionEditor(String baseUrl, RegionTokens tokens, RegionDrafts drafts, Duration lifetime, Clock clock) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.drafts = drafts;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public Optional<RegionLink> open(RegionRequest request) {
        if (baseUrl.isBlank()) {
            return Optional.empty();
        }
        // A Telegram private chat's id is its user's id.
        boolean webApp = request.platform().equals(TELEGRAM)
                && request.chatId().equals(request.userId())
                && baseUrl.startsWith("https://");
        drafts.save(request, lifetime);
        String token = tokens.sign(new RegionTokens.Claims(
                request.taskId(),
                request.platform(),
                request.chatId(),
                request.userId(),
                clock.instant().plus(lifetime),
                webApp));
        return Optional.of(new RegionLink(baseUrl + RegionEndpoint.PATH + token, webApp));
    }
}
