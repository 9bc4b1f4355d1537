package dev.chatbridge.app.region;

import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.imagine.MidjourneyProxy;
import dev.chatbridge.core.imagine.RegionEditor;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** The Vary (Region) mask page, assembled: the {@link RegionEditor} that hands out links, and the routes they reach. */
public final class RegionPages {

    /**
     * {@code publicBaseUrl}: the origin users reach the app at (blank: no links); the bot tokens key the links'
     * signatures, and Telegram's checks the Web App's initData.
     */
    public record Settings(
            String publicBaseUrl, Duration linkLifetime, String telegramBotToken, String discordBotToken) {
        @Override
        public String toString() {
            return "Settings[publicBaseUrl=" + publicBaseUrl + ", linkLifetime=" + linkLifetime + "]";
        }
    }

    private final RegionEditor editor;
    private final RegionEndpoint endpoint;

    private RegionPages(RegionEditor editor, RegionEndpoint endpoint) {
        this.editor = editor;
        this.endpoint = endpoint;
    }

    public static RegionPages create(
            Settings settings,
            StringRedisTemplate redis,
            MidjourneyProxy proxy,
            RegionSubmissions submissions,
            Clock clock) {
        RegionTokens tokens =
                RegionTokens.fromBotTokens(settings.telegramBotToken(), settings.discordBotToken(), clock);
        RegionDrafts drafts = new RegionDrafts(redis);
        Optional<TelegramInitData> telegram = settings.telegramBotToken().isBlank()
                ? Optional.empty()
                : Optional.of(new TelegramInitData(settings.telegramBotToken(), clock, settings.linkLifetime()));
        String baseUrl = settings.publicBaseUrl().strip().replaceAll("/+$", "");
        return new RegionPages(
                new SignedRegionEditor(baseUrl, tokens, drafts, settings.linkLifetime(), clock),
                new RegionEndpoint(tokens, drafts, proxy, submissions, telegram, clock));
    }

    /**
     * Completes the task through the core's {@link ImagineService#completeModal}, so the job is watched as any other.
     * {@code imagine} is asked at each submit, not before: see {@code RegionConfiguration}.
     */
    public static RegionSubmissions throughTheCore(Supplier<ImagineService> imagine) {
        return new CoreRegionSubmissions(imagine);
    }

    public RegionEditor editor() {
        return editor;
    }

    public RouterFunction<ServerResponse> route() {
        return endpoint.route();
    }
}
