package dev.chatbridge.app.region;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyProxy;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mask page's routes: {@code GET /region/{token}} the page, {@code GET /region/{token}/image} the picture
 * (downloaded here, so the browser never needs the proxy's key nor an expiring CDN link), and
 * {@code POST /region/{token}} the prompt and mask. The token is checked before anything else; a forged one gets
 * 403, an expired or used one 410. Links handed out as Telegram Web App buttons also need Telegram's signed
 * {@code initData} for the same user, so a link that leaked out of the chat is not enough.
 */
final class RegionEndpoint {

    static final String PATH = "/region/";
    static final String INIT_DATA_HEADER = "X-Telegram-Init-Data";
    /** The mask (at most {@link RegionMask#MAX_BYTES}, in base64) and a prompt. */
    static final int MAX_BODY_BYTES = RegionMask.MAX_BYTES / 3 * 4 + (64 << 10);
    /** Midjourney's largest upscales are PNGs of about 30 MB. */
    static final long MAX_PICTURE_BYTES = 40L << 20;
    /** Midjourney takes prompts of a few thousand characters at most. */
    static final int MAX_PROMPT_CHARS = 4000;

    private static final Logger log = LoggerFactory.getLogger(RegionEndpoint.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RegionTokens tokens;
    private final RegionDrafts drafts;
    private final MidjourneyProxy proxy;
    private final RegionSubmissions submissions;
    private final Optional<TelegramInitData> telegram;
    private final Clock clock;

    RegionEndpoint(
            RegionTokens tokens,
            RegionDrafts drafts,
            MidjourneyProxy proxy,
            RegionSubmissions submissions,
            Optional<TelegramInitData> telegram,
            Clock clock) {
        this.tokens = tokens;
        this.drafts = drafts;
        this.proxy = proxy;
        this.submissions = submissions;
        this.telegram = telegram;
        this.clock = clock;
    }

    RouterFunction<ServerResponse> route() {
        return RouterFunctions.route()
                .GET(PATH + "{token}", this::page)
                .GET(PATH + "{token}/image", this::picture)
                .POST(PATH + "{token}", this::submit)
                .build();
    }

    private ServerResponse page(ServerRequest request) {
        Language language = RegionPage.language(request);
        return switch (tokens.check(request.pathVariable("token"))) {
            case RegionTokens.Check.Forged() -> RegionPage.message(403, Text.REGION_INVALID, language);
            case RegionTokens.Check.Expired() -> RegionPage.message(410, Text.REGION_EXPIRED, language);
            case RegionTokens.Check.Valid(RegionTokens.Claims claims) ->
                drafts.find(claims.taskId())
                        .map(draft -> RegionPage.editor(draft.prompt(), language))
                        .orElseGet(() -> RegionPage.message(410, Text.REGION_EXPIRED, language));
        };
    }

    private ServerResponse picture(ServerRequest request) {
        if (!(tokens.check(request.pathVariable("token")) instanceof RegionTokens.Check.Valid(var claims))) {
            return ServerResponse.status(403).build();
        }
        Optional<RegionDrafts.Draft> draft = drafts.find(claims.taskId());
        if (draft.isEmpty()) {
            return ServerResponse.status(410).build();
        }
        Optional<RegionPicture> picture = download(claims.taskId(), draft.get().imageUrl());
        if (picture.isEmpty()) {
            return ServerResponse.status(502).build();
        }
        drafts.rememberSize(
                claims.taskId(), picture.get().width(), picture.get().height());
        return ServerResponse.ok()
                .contentType(MediaType.parseMediaType(picture.get().mediaType()))
                .header("Cache-Control", "private, max-age=600")
                .header("X-Content-Type-Options", "nosniff")
                .body(picture.get().bytes());
    }

    private ServerResponse submit(ServerRequest request) throws IOException {
        Language language = RegionPage.language(request);
        RegionTokens.Claims claims;
        switch (tokens.check(request.pathVariable("token"))) {
            case RegionTokens.Check.Forged() -> {
                return RegionPage.answer(403, Text.REGION_INVALID, language);
            }
            case RegionTokens.Check.Expired() -> {
                return RegionPage.answer(410, Text.REGION_EXPIRED, language);
            }
            case RegionTokens.Check.Valid(RegionTokens.Claims valid) -> claims = valid;
        }
        if (claims.webApp() && !fromTheLinksTelegramUser(request, claims)) {
            return RegionPage.answer(403, Text.REGION_TELEGRAM_REFUSED, language);
        }
        if (request.headers().contentLength().orElse(0) > MAX_BODY_BYTES) {
            return RegionPage.answer(413, Text.REGION_MASK_INVALID, language);
        }
        byte[] body;
        try (InputStream in = request.servletRequest().getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return RegionPage.answer(413, Text.REGION_MASK_INVALID, language);
        }
        Optional<RegionDrafts.Draft> found = drafts.find(claims.taskId());
        if (found.isEmpty()) {
            return RegionPage.answer(410, Text.REGION_EXPIRED, language);
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            return RegionPage.answer(400, Text.REGION_MASK_INVALID, language);
        }
        String prompt = json.path("prompt").asString("").strip();
        if (prompt.isEmpty() || prompt.length() > MAX_PROMPT_CHARS) {
            return RegionPage.answer(400, Text.REGION_PROMPT_EMPTY, language);
        }
        RegionDrafts.Draft draft = found.get();
        if (draft.width() == 0) {
            // The page shows the picture before it can submit; a draft without its size lost a race with a replica.
            Optional<RegionPicture> picture = download(claims.taskId(), draft.imageUrl());
            if (picture.isEmpty()) {
                return RegionPage.answer(502, Text.REGION_IMAGE_FAILED, language);
            }
            draft = new RegionDrafts.Draft(
                    draft.imageUrl(),
                    draft.prompt(),
                    picture.get().width(),
                    picture.get().height());
        }
        String mask;
        try {
            mask = RegionMask.clean(json.path("maskBase64").asString(""), draft.width(), draft.height());
        } catch (RegionMask.Refused e) {
            return RegionPage.answer(400, e.text, language);
        }
        // Removing the draft first makes a double click (or two replicas) submit once.
        if (!drafts.remove(claims.taskId())) {
            return RegionPage.answer(409, Text.REGION_ALREADY_DONE, language);
        }
        RegionSubmissions.Outcome outcome = submissions.submit(claims.taskId(), claims.userId(), prompt, mask);
        return switch (outcome) {
            case SUBMITTED -> RegionPage.answer(200, Text.REGION_SUBMITTED, language);
            case EXPIRED -> RegionPage.answer(410, Text.REGION_EXPIRED, language);
            case FOREIGN -> RegionPage.answer(403, Text.REGION_FOREIGN, language);
            case ALREADY_DONE -> RegionPage.answer(409, Text.REGION_ALREADY_DONE, language);
            case FAILED -> {
                Duration left = Duration.between(clock.instant(), claims.expiresAt());
                if (left.isPositive()) {
                    drafts.restore(claims.taskId(), draft, left);
                }
                yield RegionPage.answer(502, Text.REGION_FAILED, language);
            }
        };
    }

    private boolean fromTheLinksTelegramUser(ServerRequest request, RegionTokens.Claims claims) {
        String initData = request.headers().firstHeader(INIT_DATA_HEADER);
        return initData != null
                && telegram.flatMap(check -> check.verifiedUserId(initData))
                        .filter(claims.userId()::equals)
                        .isPresent();
    }

    private Optional<RegionPicture> download(String taskId, String imageUrl) {
        try {
            Optional<RegionPicture> picture = RegionPicture.of(proxy.download(imageUrl, MAX_PICTURE_BYTES));
            if (picture.isEmpty()) {
                log.warn("The picture of task {} is not a PNG, JPEG or WebP", taskId);
            }
            return picture;
        } catch (MidjourneyException e) {
            log.warn("Could not download the picture of task {}: {}", taskId, e.getMessage());
            return Optional.empty();
        }
    }
}
