package dev.chatbridge.app.region;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.app.ChatBridgeApplication;
import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.imagine.MidjourneyProxy;
import dev.chatbridge.core.imagine.ModalOutcome;
import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.core.imagine.RegionEditor.RegionLink;
import dev.chatbridge.core.imagine.RegionEditor.RegionRequest;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The Vary (Region) mask page, served by the whole application against the fake Telegram and Midjourney proxy: a
 * Telegram user's Vary (Region) press gets the page's Web App button, a real headless Chromium (the OS's, driven by
 * Selenium) paints on it and submits, and the bot posts the redrawn picture; its links and refusals over plain HTTP.
 */
class RegionPageIT {

    static final String TELEGRAM_TOKEN = "424242:REGION-test-token";
    static final String KEY = "sk-region-test";
    static final String MJ_KEY = "mj-region-key";
    static final String PUBLIC_BASE_URL = "https://bot.example.com";
    static final Duration WAIT = Duration.ofSeconds(60);

    static FakeTelegramBotApi telegram;
    static FakeOpenAiServer gateway;
    static FakeMidjourneyProxy mj;
    static ConfigurableApplicationContext app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        telegram = new FakeTelegramBotApi(TELEGRAM_TOKEN);
        gateway = new FakeOpenAiServer(KEY);
        mj = new FakeMidjourneyProxy(MJ_KEY, FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        app = startApp(telegram, gateway, mj);
    }

    @AfterAll
    static void stop() {
        app.close();
        mj.close();
        telegram.close();
        gateway.close();
    }

    static ConfigurableApplicationContext startApp(
            FakeTelegramBotApi telegram, FakeOpenAiServer gateway, FakeMidjourneyProxy mj) {
        return new SpringApplicationBuilder(ChatBridgeApplication.class)
                .run(
                        "--server.port=0",
                        "--chatbridge.telegram.bot-token=" + TELEGRAM_TOKEN,
                        "--chatbridge.telegram.api-url=" + telegram.baseUrl(),
                        "--chatbridge.telegram.streaming=EDIT",
                        "--chatbridge.telegram.poll-timeout=1s",
                        "--chatbridge.openai.base-url=" + gateway.baseUrl(),
                        "--chatbridge.openai.api-key=" + KEY,
                        "--chatbridge.mj.base-url=" + mj.baseUrl(),
                        "--chatbridge.mj.api-key=" + MJ_KEY,
                        "--chatbridge.pages.public-base-url=" + PUBLIC_BASE_URL,
                        "--chatbridge.redis.url=" + RedisTestServer.url());
    }

    /** The app's own HTTP root, where the public base URL of a link points through the operator's proxy. */
    static String local(ConfigurableApplicationContext app, String link) {
        assertThat(link).startsWith(PUBLIC_BASE_URL + "/region/");
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                + link.substring(PUBLIC_BASE_URL.length());
    }

    /**
     * A MODAL task made straight on the proxy, with no job of the bot: enough for links and refusals, but a submit
     * through the core finds no ask for it (use {@link #varyRegionInTelegram} for a real one).
     */
    record ModalTask(String taskId, String imageUrl) {}

    static ModalTask varyRegionTask(ConfigurableApplicationContext app, String prompt) {
        MidjourneyProxy proxy = app.getBean(MidjourneyProxy.class);
        Task grid = finish(proxy, proxy.imagine(prompt, null).taskId());
        Task upscale = finish(
                proxy,
                proxy.action(grid.id(), buttonStartingWith(grid, "MJ::JOB::upsample::1::"), null)
                        .taskId());
        String modal = proxy.action(upscale.id(), buttonStartingWith(upscale, "MJ::Inpaint::"), null)
                .taskId();
        assertThat(proxy.fetch(modal).orElseThrow().status()).isEqualTo(Task.Status.MODAL);
        return new ModalTask(modal, java.util.Objects.requireNonNull(upscale.imageUrl()));
    }

    /** The fake moves a task one step per fetch, so a bounded loop of fetches finishes it without waiting. */
    private static Task finish(MidjourneyProxy proxy, String taskId) {
        for (int i = 0; i < 20; i++) {
            Task task = proxy.fetch(taskId).orElseThrow();
            if (task.status() == Task.Status.SUCCESS) {
                return task;
            }
        }
        throw new AssertionError("task " + taskId + " did not finish");
    }

    private static String buttonStartingWith(Task task, String prefix) {
        return task.buttons().stream()
                .map(button -> button.customId())
                .filter(id -> id.startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    static RegionLink open(String platform, String chatId, String userId) {
        return opened(platform, chatId, userId).link();
    }

    record Opened(String taskId, RegionLink link) {}

    static Opened opened(String platform, String chatId, String userId) {
        ModalTask task = varyRegionTask(app, "a castle");
        return new Opened(
                task.taskId(),
                app.getBean(RegionEditor.class)
                        .open(new RegionRequest(task.taskId(), platform, chatId, userId, task.imageUrl(), "a castle"))
                        .orElseThrow());
    }

    /** The Web App button a Telegram user gets for Vary (Region), and the MODAL task its link completes. */
    record WebApp(long user, String taskId, String url) {}

    /**
     * A Telegram user in a private chat with the bot, as in the chat: {@code /imagine}, U1 on the grid, Vary (Region)
     * on the upscale, and the mask page's Web App button in the answer.
     */
    static WebApp varyRegionInTelegram(long user, String prompt) {
        telegram.sendText(user, user, "/imagine " + prompt);
        press(user, awaitPhotos(user, 1).getFirst(), "U1");
        press(user, awaitPhotos(user, 2).get(1), "Vary (Region)");
        await(
                "the mask page's Web App button",
                () -> {
                    // Without the app's RegionEditor the core has no page to offer, and says so.
                    assertThat(telegram.messages(user))
                            .extracting(SentMessage::text)
                            .noneMatch(text -> text.contains("PUBLIC_BASE_URL"));
                    return webAppUrl(user).isPresent();
                },
                WAIT);
        String url = webAppUrl(user).orElseThrow();
        String token = url.substring(url.lastIndexOf('/') + 1);
        RegionTokens.Check check = RegionTokens.fromBotTokens(TELEGRAM_TOKEN, "", Clock.systemUTC())
                .check(token);
        assertThat(check).isInstanceOf(RegionTokens.Check.Valid.class);
        RegionTokens.Claims claims = ((RegionTokens.Check.Valid) check).claims();
        assertThat(claims.userId()).isEqualTo(Long.toString(user));
        assertThat(claims.webApp()).isTrue();
        assertThat(mj.task(claims.taskId()).orElseThrow().path("status").asString())
                .isEqualTo("MODAL");
        return new WebApp(user, claims.taskId(), url);
    }

    /** Opens /settings, its speed row, and picks {@code mode} (as TelegramSpeedModesIT does). */
    private static void chooseSpeed(long chat, String mode) {
        telegram.sendText(chat, chat, "/settings");
        SentMessage menu = awaitMessageWithButton(chat, "st:v");
        // The menu's keyboard may meet the fake's flood control right after the menu; the user then sees "buttons
        // cannot be shown" and presses again.
        int[] answered = {callbackAnswers().size()};
        telegram.pressButton(chat, chat, menu.messageId(), "st:v");
        await(
                "the speed choices",
                () -> {
                    if (telegram.messages(chat).stream()
                            .anyMatch(m -> m.callbackData().contains("st:v=" + mode))) {
                        return true;
                    }
                    List<String> answers = callbackAnswers();
                    if (answers.size() > answered[0] && answers.getLast().contains("cannot be shown")) {
                        answered[0] = answers.size();
                        telegram.pressButton(chat, chat, menu.messageId(), "st:v");
                    }
                    return false;
                },
                WAIT);
        SentMessage choices = awaitMessageWithButton(chat, "st:v=" + mode);
        telegram.pressButton(chat, chat, choices.messageId(), "st:v=" + mode);
        ChatBridgeCore core = app.getBean(ChatBridgeCore.class);
        await(
                "speed mode " + mode + " stored",
                () -> mode.equals(
                        core.store().settings("tg", String.valueOf(chat)).speedMode()),
                WAIT);
    }

    private static SentMessage awaitMessageWithButton(long chat, String data) {
        await(
                "a message with " + data,
                () -> telegram.messages(chat).stream()
                        .anyMatch(m -> m.callbackData().contains(data)),
                WAIT);
        return telegram.messages(chat).stream()
                .filter(m -> m.callbackData().contains(data))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private static List<String> callbackAnswers() {
        return telegram.calls("answerCallbackQuery").stream()
                .map(call -> call.param("text") == null ? "" : call.param("text"))
                .toList();
    }

    private static Optional<String> webAppUrl(long chat) {
        return telegram.messages(chat).stream()
                .map(SentMessage::replyMarkup)
                .filter(Objects::nonNull)
                .flatMap(markup ->
                        StreamSupport.stream(markup.path("inline_keyboard").spliterator(), false))
                .flatMap(row -> StreamSupport.stream(row.spliterator(), false))
                .filter(button -> button.has("web_app"))
                .map(button -> button.at("/web_app/url").asString())
                .findFirst();
    }

    private static List<SentMessage> awaitPhotos(long chat, int count) {
        await(count + " photos in chat " + chat, () -> photos(chat).size() >= count, WAIT);
        return photos(chat);
    }

    private static List<SentMessage> photos(long chat) {
        return telegram.messages(chat).stream().filter(SentMessage::photo).toList();
    }

    /** Presses the inline button whose face contains {@code label}. */
    private static void press(long chat, SentMessage message, String label) {
        List<String> faces = new ArrayList<>();
        for (JsonNode row : Objects.requireNonNull(message.replyMarkup()).path("inline_keyboard")) {
            for (JsonNode button : row) {
                faces.add(button.path("text").asString(""));
                if (button.path("text").asString("").contains(label) && button.hasNonNull("callback_data")) {
                    telegram.pressButton(
                            chat,
                            chat,
                            message.messageId(),
                            button.get("callback_data").asString());
                    return;
                }
            }
        }
        throw new AssertionError("no button " + label + " in " + faces);
    }

    /** The initData Telegram hands the Web App of {@code user} (see {@link #initData}). */
    static String initDataOf(long user) throws Exception {
        return initData(
                Map.of(
                        "auth_date",
                        Long.toString(Instant.now().getEpochSecond()),
                        "query_id",
                        "AAHdF6IQAAAAAN0XohDhrOrc",
                        "user",
                        "{\"id\":" + user + ",\"first_name\":\"Ann\",\"language_code\":\"en\"}"),
                TELEGRAM_TOKEN);
    }

    @Test
    void aTelegramUserPaintsTheRegionInARealChromiumAndTheResultComesToTheChat() throws Exception {
        chooseSpeed(5001, "fast");
        WebApp webApp = varyRegionInTelegram(5001, "a castle");
        try (HeadlessChromium.Session session = HeadlessChromium.start()) {
            WebDriver chromium = session.driver();
            // As a Telegram client opens a Web App: its signed initData in the fragment, which never reaches a server.
            chromium.get(local(app, webApp.url()) + "#tgWebAppData="
                    + URLEncoder.encode(initDataOf(webApp.user()), StandardCharsets.UTF_8)
                    + "&tgWebAppVersion=8.0&tgWebAppPlatform=android");
            WebDriverWait wait = new WebDriverWait(chromium, Duration.ofSeconds(20));
            wait.until(driver -> "ready".equals(state(driver)));
            WebElement canvas = chromium.findElement(By.id("paint"));
            // The 128-pixel picture is shown at its own size: a page pixel is a picture pixel.
            assertThat(canvas.getSize().getWidth()).isEqualTo(128);

            // A stroke across the middle, from a quarter in to three quarters (x 32..96 at y 64).
            Actions paint = new Actions(chromium).moveToElement(canvas, -32, 0).clickAndHold();
            for (int step = 0; step < 8; step++) {
                paint.moveByOffset(8, 0);
            }
            paint.release().perform();
            // A finger's stroke down the left (x 16, y 96..120): touch paints too.
            PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
            PointerInput.Origin onCanvas = PointerInput.Origin.fromElement(canvas);
            Sequence touch = new Sequence(finger, 0)
                    .addAction(finger.createPointerMove(Duration.ZERO, onCanvas, -48, 32))
                    .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                    .addAction(finger.createPointerMove(Duration.ofMillis(50), onCanvas, -48, 44))
                    .addAction(finger.createPointerMove(Duration.ofMillis(50), onCanvas, -48, 56))
                    .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            ((RemoteWebDriver) chromium).perform(List.of(touch));
            // A slip in the top right corner, taken back with Undo.
            new Actions(chromium)
                    .moveToElement(canvas, 40, -40)
                    .clickAndHold()
                    .moveByOffset(10, 0)
                    .release()
                    .perform();
            chromium.findElement(By.id("undo")).click();
            WebElement prompt = chromium.findElement(By.id("prompt"));
            assertThat(prompt.getDomProperty("value")).isEqualTo("a castle");
            prompt.clear();
            prompt.sendKeys("a castle with a red door");
            chromium.findElement(By.id("submit")).click();

            wait.withMessage(() -> "the page to say it was submitted; it says: "
                            + chromium.findElement(By.id("status")).getText())
                    .until(driver -> "submitted".equals(state(driver)));
            assertThat(chromium.findElement(By.id("status")).getText())
                    .isEqualTo("✅ Submitted. The result will appear in the chat.");
        }

        // Through the core: the rest of the job goes in the speed mode it started in.
        List<FakeMidjourneyProxy.Submit> modals = mj.submits().stream()
                .filter(post -> post.body().path("taskId").asString("").equals(webApp.taskId()))
                .toList();
        assertThat(modals).extracting(FakeMidjourneyProxy.Submit::path).containsExactly("/mj-fast/mj/submit/modal");
        JsonNode submit = modals.getFirst().body();
        assertThat(submit.path("prompt").asString()).isEqualTo("a castle with a red door");
        String maskBase64 = submit.path("maskBase64").asString();
        assertThat(maskBase64).startsWith("data:image/png;base64,");
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(maskBase64.substring("data:image/png;base64,".length()))));
        assertThat(mask.getWidth()).isEqualTo(128);
        assertThat(mask.getHeight()).isEqualTo(128);
        // The brush's default radius is 4% of the picture's side: about 5 pixels here.
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                int rgb = mask.getRGB(x, y) & 0xFFFFFF;
                assertThat(rgb).as("pixel %d,%d is black or white", x, y).isIn(0x000000, 0xFFFFFF);
                boolean onTheStroke = x >= 34 && x <= 94 && Math.abs(y - 64) <= 2;
                boolean onTheTouch = x >= 15 && x <= 17 && y >= 98 && y <= 118;
                boolean farFromIt = (x < 24 || x > 104 || Math.abs(y - 64) > 9) && !(x <= 24 && y >= 88);
                if (onTheStroke || onTheTouch) {
                    assertThat(rgb).as("painted pixel %d,%d", x, y).isEqualTo(0xFFFFFF);
                } else if (farFromIt) {
                    assertThat(rgb).as("unpainted pixel %d,%d", x, y).isEqualTo(0x000000);
                }
            }
        }
        assertThat(mj.task(webApp.taskId()).orElseThrow().path("status").asString())
                .isNotEqualTo("MODAL");
        // The bot watched the job it resumed: the redrawn picture comes to the chat.
        assertThat(awaitPhotos(webApp.user(), 3).get(2).text()).contains("a castle with a red door");
    }

    private static String state(WebDriver driver) {
        return driver.findElement(By.tagName("body")).getDomAttribute("data-state");
    }

    @Test
    void linksAreSignedAndExpiringAndWebAppsOnlyInTelegramPrivateChats() {
        assertThat(open("tg", "1001", "1001").webApp()).isTrue();
        assertThat(open("tg", "-100500", "1001").webApp()).isFalse();
        RegionLink discord = open("dc", "777", "888");
        assertThat(discord.webApp()).isFalse();
        // Discord link buttons take at most 512 characters.
        assertThat(discord.url()).startsWith(PUBLIC_BASE_URL + "/region/").hasSizeLessThan(512);
    }

    @Test
    void servesThePageInTheReadersLanguageAndThePictureThroughTheApp() throws Exception {
        RegionLink link = open("dc", "777", "888");

        HttpResponse<String> page = get(local(app, link.url()), Map.of("Accept-Language", "zh-TW,zh;q=0.9"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'");
        assertThat(page.body()).contains("局部重繪").contains("a castle").doesNotContain("cdn", "telegram.org/js");

        HttpResponse<byte[]> picture = HTTP.send(
                HttpRequest.newBuilder(URI.create(local(app, link.url()) + "/image"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.body()));
        assertThat(image.getWidth()).isEqualTo(128);
    }

    @Test
    void anExpiredLinkGetsA410Page() throws Exception {
        ModalTask task = varyRegionTask(app, "a lighthouse");
        app.getBean(RegionEditor.class)
                .open(new RegionRequest(task.taskId(), "dc", "777", "888", task.imageUrl(), "a lighthouse"));
        // The same key as the app's (its bot tokens), but signed an hour ago with a 30-minute lifetime.
        Clock anHourAgo = Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC);
        String expired = RegionTokens.fromBotTokens(TELEGRAM_TOKEN, "", anHourAgo)
                .sign(new RegionTokens.Claims(
                        task.taskId(), "dc", "777", "888", anHourAgo.instant().plusSeconds(1800), false));
        String url = local(app, PUBLIC_BASE_URL + "/region/" + expired);

        HttpResponse<String> page = get(url, Map.of());
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("expired").doesNotContain("Exception", "at dev.");
        assertThat(post(url, Map.of(), validBody("x")).statusCode()).isEqualTo(410);
        assertThat(mj.modalSubmits()).noneMatch(submit -> submit.taskId().equals(task.taskId()));
    }

    @Test
    void aTamperedLinkGetsA403Page() throws Exception {
        RegionLink link = open("dc", "777", "888");
        String token = link.url().substring(link.url().lastIndexOf('/') + 1);
        String payload = new String(
                Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        // Someone else's user id, with the original signature.
        String forged = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("\n888\n", "\n999\n").getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        String url = local(app, PUBLIC_BASE_URL + "/region/" + forged);

        HttpResponse<String> page = get(url, Map.of());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("not valid").doesNotContain("Exception");
        assertThat(get(url + "/image", Map.of()).statusCode()).isEqualTo(403);
        assertThat(post(url, Map.of(), validBody("x")).statusCode()).isEqualTo(403);
        assertThat(get(local(app, link.url()), Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aTelegramWebAppLinkNeedsTelegramsSignedInitDataForItsOwnUser() throws Exception {
        WebApp webApp = varyRegionInTelegram(1001, "a harbour");
        String url = local(app, webApp.url());
        get(url + "/image", Map.of());
        String body = validBody("a harbour at night");
        long now = Instant.now().getEpochSecond();

        assertThat(post(url, Map.of(), body).statusCode()).isEqualTo(403);
        String forged = initData(Map.of("auth_date", Long.toString(now), "user", "{\"id\":1001}"), "0:not-the-token");
        assertThat(post(url, Map.of(RegionEndpoint.INIT_DATA_HEADER, forged), body)
                        .statusCode())
                .isEqualTo(403);
        String otherUser = initData(Map.of("auth_date", Long.toString(now), "user", "{\"id\":1002}"), TELEGRAM_TOKEN);
        assertThat(post(url, Map.of(RegionEndpoint.INIT_DATA_HEADER, otherUser), body)
                        .statusCode())
                .isEqualTo(403);
        String stale =
                initData(Map.of("auth_date", Long.toString(now - 86_400), "user", "{\"id\":1001}"), TELEGRAM_TOKEN);
        assertThat(post(url, Map.of(RegionEndpoint.INIT_DATA_HEADER, stale), body)
                        .statusCode())
                .isEqualTo(403);
        assertThat(mj.modalSubmits()).noneMatch(submit -> submit.taskId().equals(webApp.taskId()));

        String genuine = initDataOf(1001);
        HttpResponse<String> accepted = post(url, Map.of(RegionEndpoint.INIT_DATA_HEADER, genuine), body);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("Submitted");
        assertThat(mj.modalSubmits())
                .anyMatch(submit -> submit.taskId().equals(webApp.taskId())
                        && submit.prompt().equals("a harbour at night"));
        assertThat(awaitPhotos(1001, 3).get(2).text()).contains("a harbour at night");
        // The core took the answer: its ask is done, so no second answer (from a chat reply, another replica) counts.
        assertThat(app.getBean(ChatBridgeCore.class)
                        .imagine()
                        .completeModal(webApp.taskId(), "1001", "a harbour at dawn", mask(128, 128, true)))
                .isEqualTo(ModalOutcome.ALREADY_DONE);
        // The link is used up: a second submit cannot start a second job.
        assertThat(post(url, Map.of(RegionEndpoint.INIT_DATA_HEADER, genuine), body)
                        .statusCode())
                .isEqualTo(410);
    }

    @Test
    void refusesMasksOfAnotherSizeOrWithNothingPainted() throws Exception {
        Opened opened = opened("dc", "777", "888");
        String url = local(app, opened.link().url());
        get(url + "/image", Map.of());

        HttpResponse<String> wrongSize = post(url, Map.of(), body("x", mask(64, 64, true)));
        assertThat(wrongSize.statusCode()).isEqualTo(400);
        assertThat(wrongSize.body()).contains("could not be read");
        HttpResponse<String> empty = post(url, Map.of(), body("x", mask(128, 128, false)));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Paint the region");
        assertThat(post(url, Map.of(), body("x", "data:image/png;base64,bm90IGEgcG5n"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(url, Map.of(), body("  ", mask(128, 128, true))).statusCode())
                .isEqualTo(400);
        assertThat(mj.modalSubmits()).noneMatch(submit -> submit.taskId().equals(opened.taskId()));
    }

    /** initData as Telegram signs it: HMAC-SHA256 of the sorted fields, keyed by HMAC-SHA256("WebAppData", token). */
    static String initData(Map<String, String> fields, String botToken) throws Exception {
        String check = new TreeMap<>(fields)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        byte[] secret = hmacSha256("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
        String hash = HexFormat.of().formatHex(hmacSha256(secret, check));
        return fields.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))
                + "&hash=" + hash;
    }

    private static byte[] hmacSha256(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String validBody(String prompt) throws Exception {
        return body(prompt, mask(128, 128, true));
    }

    private static String body(String prompt, String mask) {
        return "{\"prompt\":\"" + prompt + "\",\"maskBase64\":\"" + mask + "\"}";
    }

    /** A black PNG data URL, with a white square in the middle when {@code painted}. */
    private static String mask(int width, int height, boolean painted) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (painted) {
            for (int y = height / 4; y < height / 2; y++) {
                for (int x = width / 4; x < width / 2; x++) {
                    image.setRGB(x, y, 0xFFFFFF);
                }
            }
        }
        var out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, Map<String, String> headers, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
