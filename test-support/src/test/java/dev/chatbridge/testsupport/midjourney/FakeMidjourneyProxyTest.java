package dev.chatbridge.testsupport.midjourney;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.testsupport.common.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FakeMidjourneyProxyTest {
    private static final String KEY = "mj-secret";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String PNG_URL =
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeMidjourneyProxy mj;

    @AfterEach
    void stop() {
        if (mj != null) {
            mj.close();
        }
    }

    @Test
    void imagineAnswersSubmitSuccessWithASixteenDigitIdForEitherAuthHeader() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

        JsonNode byBearer = json(post(
                "/mj/submit/imagine", "{\"prompt\":\"cute cat girl --niji 5\"}", "Authorization", "Bearer " + KEY));
        JsonNode bySecret = json(post("/mj/submit/imagine", "{\"prompt\":\"a dog\"}", "mj-api-secret", KEY));

        assertThat(byBearer.path("code").asInt()).isEqualTo(1);
        assertThat(byBearer.path("description").asString()).isEqualTo("Submit success");
        assertThat(byBearer.path("result").asString()).matches("\\d{16}");
        assertThat(byBearer.at("/properties/discordChannelId").asString()).matches("\\d+");
        assertThat(byBearer.at("/properties/discordInstanceId").asString()).matches("\\d+");
        assertThat(bySecret.path("result").asString())
                .matches("\\d{16}")
                .isNotEqualTo(byBearer.path("result").asString());
        assertThat(mj.submits())
                .extracting(FakeMidjourneyProxy.Submit::path)
                .containsExactly("/mj/submit/imagine", "/mj/submit/imagine");
        assertThat(mj.submits().getFirst().authorization()).isEqualTo("Bearer " + KEY);
        assertThat(mj.submits().get(1).apiSecret()).isEqualTo(KEY);
    }

    @Test
    void rejectsAWrongKeyWith401() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

        HttpResponse<String> response = post("/mj/submit/imagine", "{\"prompt\":\"x\"}", "mj-api-secret", "wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).at("/error/message").asString()).isEqualTo("Invalid token");
        assertThat(mj.tasks()).isEmpty();
    }

    @Test
    void movesOneStepPerFetchAndEndsWithAServedPngAndTheSeedsButtons() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);
        String id = imagine("cute cat girl --niji 5");

        List<String> seen = new ArrayList<>();
        JsonNode task = null;
        for (int i = 0; i < 8; i++) {
            task = fetch(id);
            seen.add(
                    task.path("status").asString() + " " + task.path("progress").asString());
        }

        assertThat(seen)
                .containsExactly(
                        "NOT_START 0%",
                        "SUBMITTED 0%",
                        "IN_PROGRESS 10%",
                        "IN_PROGRESS 35%",
                        "IN_PROGRESS 60%",
                        "IN_PROGRESS 85%",
                        "SUCCESS 100%",
                        "SUCCESS 100%");
        assertThat(mj.fetchCount(id)).isEqualTo(8);
        assertThat(task.path("id").asString()).isEqualTo(id);
        assertThat(task.path("action").asString()).isEqualTo("IMAGINE");
        assertThat(task.path("prompt").asString()).isEqualTo("cute cat girl --niji 5");
        assertThat(task.path("promptEn").asString()).isEqualTo("cute cat girl --niji 5");
        assertThat(task.path("failReason").asString()).isEmpty();
        assertThat(task.path("finishTime").asLong())
                .isGreaterThanOrEqualTo(task.path("startTime").asLong());
        assertThat(task.at("/properties/finalPrompt").asString()).isEqualTo("cute cat girl --niji 5");
        JsonNode buttons = task.path("buttons");
        assertThat(buttons.values())
                .extracting(b -> b.path("label").asString())
                .containsExactly("U1", "U2", "U3", "U4", "", "V1", "V2", "V3", "V4");
        assertThat(buttons.get(0).path("customId").asString()).matches("MJ::JOB::upsample::1::[0-9a-f-]{36}");
        assertThat(buttons.get(4).path("customId").asString()).matches("MJ::JOB::reroll::0::[0-9a-f-]{36}::SOLO");
        assertThat(buttons.get(4).path("emoji").asString()).isEqualTo("🔄");
        assertThat(buttons.get(8).path("type").asInt()).isEqualTo(2);
        assertThat(buttons.get(8).path("style").asInt()).isEqualTo(2);

        String imageUrl = task.path("imageUrl").asString();
        assertThat(imageUrl).isEqualTo(mj.baseUrl() + "/attachments/" + id + ".png");
        HttpResponse<byte[]> image = http.send(
                HttpRequest.newBuilder(URI.create(imageUrl)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.body()).isEqualTo(mj.image(id));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat(png.getWidth()).isEqualTo(64);
    }

    @Test
    void imagesDifferPerTaskAndPreviewsAreOptional() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).previewImages(true);
        String first = imagine("one");
        String second = imagine("two");

        assertThat(mj.image(first)).isNotEqualTo(mj.image(second));
        fetch(first);
        fetch(first);
        JsonNode inProgress = fetch(first);
        assertThat(inProgress.path("imageUrl").asString())
                .isEqualTo(mj.baseUrl() + "/attachments/" + first + "_10.png");
        assertThat(fetch(second).path("imageUrl").isNull()).isTrue();
    }

    @Test
    void unknownTaskIdsAnswerAnEmpty200() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

        HttpResponse<String> response = get("/mj/task/1234567890123456/fetch");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(mj.fetches()).isEqualTo(1);
    }

    @Test
    void actionChecksTheCustomIdAndStartsAnUpscaleWithLongV6Buttons() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        String id = imagine("a lighthouse");
        JsonNode grid = finish(id);

        JsonNode invalid = json(post(
                "/mj/submit/action",
                "{\"taskId\":\"" + id + "\",\"customId\":\"MJ::JOB::upsample::1::not-this-task\"}"));
        assertThat(invalid.path("code").asInt()).isEqualTo(4);

        String u2 = grid.at("/buttons/1/customId").asString();
        JsonNode pressed = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + u2 + "\"}"));
        assertThat(pressed.path("code").asInt()).isEqualTo(1);
        String upscale = pressed.path("result").asString();
        JsonNode done = finish(upscale);

        assertThat(done.path("action").asString()).isEqualTo("UPSCALE");
        assertThat(done.path("customId").asString()).isEqualTo(u2);
        assertThat(done.path("prompt").asString()).isEqualTo("a lighthouse");
        List<String> ids = done.path("buttons").values().stream()
                .map(b -> b.path("customId").asString())
                .toList();
        assertThat(ids)
                .anyMatch(customId ->
                        customId.startsWith("MJ::JOB::upsample_v6_2x_creative::1::") && customId.length() >= 75);
        assertThat(ids).anyMatch(customId -> customId.matches("MJ::CustomZoom::[0-9a-f-]{36}"));
        assertThat(done.path("buttons").values())
                .extracting(b -> b.path("label").asString())
                .contains(
                        "Upscale (Subtle)",
                        "Upscale (Creative)",
                        "Vary (Subtle)",
                        "Vary (Strong)",
                        "Zoom Out 2x",
                        "Custom Zoom");
        assertThat(mj.image(upscale)).isNotEqualTo(mj.image(id));
    }

    @Test
    void everyUpscaledButtonStartsItsKindOfTask() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        String id = imagine("a harbour");
        String u1 = finish(id).at("/buttons/0/customId").asString();
        String upscale = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + u1 + "\"}"))
                .path("result")
                .asString();
        JsonNode upscaled = finish(upscale);
        assertThat(upscaled.path("buttons").values())
                .extracting(b -> b.path("label").asString())
                .contains("Vary (Region)", "Make Square", "Web");

        Map<String, String> expected = Map.of(
                "MJ::JOB::upsample_v6_2x_creative::", "UPSCALE",
                "MJ::JOB::high_variation::", "VARIATION",
                "MJ::Outpaint::50::", "ZOOM",
                "MJ::Outpaint::100::", "ZOOM",
                "MJ::JOB::pan_left::", "PAN");
        for (var press : expected.entrySet()) {
            String customId = upscaled.path("buttons").values().stream()
                    .map(b -> b.path("customId").asString())
                    .filter(c -> c.startsWith(press.getKey()))
                    .findFirst()
                    .orElseThrow();
            JsonNode submitted = json(
                    post("/mj/submit/action", "{\"taskId\":\"" + upscale + "\",\"customId\":\"" + customId + "\"}"));
            assertThat(submitted.path("code").asInt()).as(customId).isEqualTo(1);
            JsonNode done = finish(submitted.path("result").asString());
            assertThat(done.path("action").asString()).as(customId).isEqualTo(press.getValue());
            assertThat(done.path("buttons").size())
                    .as("an upscale shows its own buttons, the rest a new grid")
                    .isEqualTo(
                            press.getValue().equals("UPSCALE")
                                    ? upscaled.path("buttons").size()
                                    : 9);
        }
        String region = upscaled.path("buttons").values().stream()
                .map(b -> b.path("customId").asString())
                .filter(c -> c.startsWith("MJ::Inpaint::"))
                .findFirst()
                .orElseThrow();
        JsonNode modal =
                json(post("/mj/submit/action", "{\"taskId\":\"" + upscale + "\",\"customId\":\"" + region + "\"}"));
        assertThat(modal.path("code").asInt()).isEqualTo(21);
    }

    @Test
    void servesSubmitsUnderSpeedModePrefixesOnlyWhenModesAreOn() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

        JsonNode fast = json(post("/mj-fast/mj/submit/imagine", "{\"prompt\":\"quick fox\"}"));
        assertThat(fast.path("code").asInt()).isEqualTo(1);
        assertThat(fetch(fast.path("result").asString()).path("prompt").asString())
                .isEqualTo("quick fox");
        assertThat(get("/mj-fast/mj/task/" + fast.path("result").asString() + "/fetch")
                        .statusCode())
                .as("fetches stay on the plain route")
                .isEqualTo(404);

        mj.speedModes(false);
        HttpResponse<String> missing = post("/mj-relax/mj/submit/imagine", "{\"prompt\":\"slow fox\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).has("code")).isFalse();

        assertThat(mj.submits())
                .extracting(FakeMidjourneyProxy.Submit::path)
                .containsExactly("/mj-fast/mj/submit/imagine", "/mj-relax/mj/submit/imagine");
        assertThat(mj.submits())
                .extracting(FakeMidjourneyProxy.Submit::speedMode)
                .containsExactly("fast", "relax");
        assertThat(mj.submits().getFirst().route()).isEqualTo("/mj/submit/imagine");
        assertThat(mj.tasks()).hasSize(1);
    }

    @Test
    void aUpscalePressedAgainAnswers21WithTheFirstUpscale() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        String id = imagine("a lighthouse");
        JsonNode grid = finish(id);
        String u1 = grid.at("/buttons/0/customId").asString();
        String v1 = grid.at("/buttons/5/customId").asString();
        String press = "{\"taskId\":\"" + id + "\",\"customId\":\"" + u1 + "\"}";
        String upscale = json(post("/mj/submit/action", press)).path("result").asString();
        finish(upscale);

        JsonNode again = json(post("/mj/submit/action", press));

        assertThat(again.path("code").asInt()).isEqualTo(21);
        assertThat(again.path("result").asString()).isEqualTo(upscale);
        assertThat(again.at("/properties/status").asString()).isEqualTo("SUCCESS");
        assertThat(again.at("/properties/imageUrl").asString()).endsWith("/attachments/" + upscale + ".png");
        // Variations are drawn anew every time.
        String variation = "{\"taskId\":\"" + id + "\",\"customId\":\"" + v1 + "\"}";
        assertThat(json(post("/mj/submit/action", variation)).path("code").asInt())
                .isEqualTo(1);
        assertThat(json(post("/mj/submit/action", variation)).path("code").asInt())
                .isEqualTo(1);
    }

    @Test
    void aTranslatedPromptShowsAsPromptEnAndFinalPrompt() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION)
                .progressSteps(List.of(50))
                .finalPrompt("狐狸", "a fox in the snow");

        JsonNode done = finish(imagine("雪中的狐狸"));

        assertThat(done.path("prompt").asString()).isEqualTo("雪中的狐狸");
        assertThat(done.path("promptEn").asString()).isEqualTo("a fox in the snow");
        assertThat(done.at("/properties/finalPrompt").asString()).isEqualTo("a fox in the snow");
        assertThat(finish(imagine("a cat")).path("promptEn").asString()).isEqualTo("a cat");
    }

    @Test
    void aLostAnswerStillCreatesTheTask() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).nextSubmitAnswerLost(504);

        HttpResponse<String> response = post("/mj/submit/imagine", "{\"prompt\":\"lost\"}");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(mj.tasks())
                .singleElement()
                .satisfies(task -> assertThat(task.path("prompt").asString()).isEqualTo("lost"));
    }

    @Test
    void customZoomWaitsInModalUntilTheModalPromptArrives() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        String id = imagine("a castle");
        finish(id);
        String u1 = mj.task(id).orElseThrow().at("/buttons/0/customId").asString();
        String upscale = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + u1 + "\"}"))
                .path("result")
                .asString();
        JsonNode upscaled = finish(upscale);
        String zoom = upscaled.path("buttons").values().stream()
                .map(b -> b.path("customId").asString())
                .filter(c -> c.startsWith("MJ::CustomZoom::"))
                .findFirst()
                .orElseThrow();

        JsonNode modal =
                json(post("/mj/submit/action", "{\"taskId\":\"" + upscale + "\",\"customId\":\"" + zoom + "\"}"));

        assertThat(modal.path("code").asInt()).isEqualTo(21);
        assertThat(modal.path("description").asString()).isEqualTo("Waiting for window confirm");
        String zoomId = modal.path("result").asString();
        assertThat(fetch(zoomId).path("status").asString()).isEqualTo("MODAL");
        assertThat(fetch(zoomId).path("status").asString()).isEqualTo("MODAL");

        JsonNode confirmed =
                json(post("/mj/submit/modal", "{\"taskId\":\"" + zoomId + "\",\"prompt\":\"a castle --zoom 2\"}"));
        assertThat(confirmed.path("code").asInt()).isEqualTo(1);
        JsonNode done = finish(zoomId);
        assertThat(done.path("action").asString()).isEqualTo("ZOOM");
        assertThat(done.path("prompt").asString()).isEqualTo("a castle --zoom 2");
        assertThat(done.path("buttons").size()).isEqualTo(9);
    }

    @Test
    void varyRegionWaitsInModalUntilAPromptAndAPngMaskArriveAndRecordsThem() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        String id = imagine("a castle");
        finish(id);
        String u1 = mj.task(id).orElseThrow().at("/buttons/0/customId").asString();
        String upscale = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + u1 + "\"}"))
                .path("result")
                .asString();
        JsonNode upscaled = finish(upscale);
        String region = upscaled.path("buttons").values().stream()
                .map(b -> b.path("customId").asString())
                .filter(c -> c.startsWith("MJ::Inpaint::1::"))
                .findFirst()
                .orElseThrow();
        JsonNode modal =
                json(post("/mj/submit/action", "{\"taskId\":\"" + upscale + "\",\"customId\":\"" + region + "\"}"));
        assertThat(modal.path("code").asInt()).isEqualTo(21);
        String regionId = modal.path("result").asString();

        JsonNode maskless =
                json(post("/mj/submit/modal", "{\"taskId\":\"" + regionId + "\",\"prompt\":\"a red door\"}"));
        assertThat(maskless.path("code").asInt()).isEqualTo(4);
        assertThat(fetch(regionId).path("status").asString()).isEqualTo("MODAL");

        String mask = "data:image/png;base64,iVBORw0KGgo=";
        JsonNode confirmed = json(post(
                "/mj/submit/modal",
                "{\"taskId\":\"" + regionId + "\",\"prompt\":\"a red door\",\"maskBase64\":\"" + mask + "\"}"));
        assertThat(confirmed.path("code").asInt()).isEqualTo(1);
        assertThat(finish(regionId).path("action").asString()).isEqualTo("INPAINT");
        assertThat(mj.modalSubmits())
                .containsExactly(
                        new FakeMidjourneyProxy.ModalSubmit(regionId, "a red door", null),
                        new FakeMidjourneyProxy.ModalSubmit(regionId, "a red door", mask));
    }

    @Test
    void changeDialectHasNoActionRouteAndTasksWithoutButtons() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.CHANGE).progressSteps(List.of(50));
        String id = imagine("a forest");

        assertThat(fetch(id).path("status").asString()).isEqualTo("NOT_START");
        JsonNode early =
                json(post("/mj/submit/change", "{\"taskId\":\"" + id + "\",\"action\":\"UPSCALE\",\"index\":1}"));
        assertThat(early.path("code").asInt()).isEqualTo(4);
        JsonNode done = finish(id);
        assertThat(done.has("buttons")).isFalse();
        assertThat(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"MJ::JOB::upsample::1::x\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/mj/submit/modal", "{\"taskId\":\"" + id + "\",\"prompt\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(json(post("/mj/submit/change", "{\"taskId\":\"" + id + "\",\"action\":\"UPSCALE\",\"index\":5}"))
                        .path("code")
                        .asInt())
                .isEqualTo(4);
        assertThat(json(post("/mj/submit/change", "{\"taskId\":\"" + id + "\",\"action\":\"ZOOM\",\"index\":1}"))
                        .path("code")
                        .asInt())
                .isEqualTo(4);

        JsonNode variation =
                json(post("/mj/submit/change", "{\"taskId\":\"" + id + "\",\"action\":\"VARIATION\",\"index\":3}"));
        JsonNode again =
                json(post("/mj/submit/change", "{\"taskId\":\"" + id + "\",\"action\":\"VARIATION\",\"index\":3}"));

        assertThat(variation.path("code").asInt()).isEqualTo(1);
        assertThat(again.path("code").asInt()).isEqualTo(21);
        assertThat(again.path("result").asString())
                .isEqualTo(variation.path("result").asString());
        assertThat(finish(variation.path("result").asString()).path("action").asString())
                .isEqualTo("VARIATION");
        JsonNode reroll =
                json(post("/mj/submit/change", "{\"taskId\":\"" + id + "\",\"action\":\"REROLL\",\"index\":0}"));
        assertThat(reroll.path("code").asInt()).isEqualTo(1);
    }

    @Test
    void scriptedSubmitsQueueRefuseOrFail() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION)
                .nextSubmit(22, "In queue", Map.of("numberOfQueues", 3))
                .nextSubmit(23, "Queue is full, please try again later", Map.of())
                .nextSubmit(24, "May contain sensitive words", Map.of("bannedWord", "gore", "promptEn", "gore"))
                .nextSubmitHttpError(503);

        JsonNode queued = json(post("/mj/submit/imagine", "{\"prompt\":\"one\"}"));
        JsonNode full = json(post("/mj/submit/imagine", "{\"prompt\":\"two\"}"));
        JsonNode banned = json(post("/mj/submit/imagine", "{\"prompt\":\"gore\"}"));
        HttpResponse<String> down = post("/mj/submit/imagine", "{\"prompt\":\"four\"}");
        JsonNode normal = json(post("/mj/submit/imagine", "{\"prompt\":\"five\"}"));

        assertThat(queued.path("code").asInt()).isEqualTo(22);
        assertThat(queued.at("/properties/numberOfQueues").asInt()).isEqualTo(3);
        assertThat(mj.task(queued.path("result").asString())).isPresent();
        assertThat(full.path("code").asInt()).isEqualTo(23);
        assertThat(full.path("result").isNull()).isTrue();
        assertThat(banned.path("code").asInt()).isEqualTo(24);
        assertThat(banned.at("/properties/bannedWord").asString()).isEqualTo("gore");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down).path("error").asString()).isEqualTo("Service Unavailable");
        assertThat(normal.path("code").asInt()).isEqualTo(1);
        assertThat(mj.tasks()).extracting(t -> t.path("prompt").asString()).containsExactly("one", "five");
    }

    @Test
    void failedStalledAndFailingFetches() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION)
                .failTask("gore", "Banned prompt detected")
                .stallTask("slow");
        String failing = imagine("some gore here");
        String stalled = imagine("slow boat");

        List<String> failSteps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JsonNode task = fetch(failing);
            failSteps.add(
                    task.path("status").asString() + " " + task.path("progress").asString());
        }
        assertThat(failSteps)
                .containsExactly("NOT_START 0%", "SUBMITTED 0%", "IN_PROGRESS 10%", "FAILURE ", "FAILURE ", "FAILURE ");
        assertThat(mj.task(failing).orElseThrow().path("failReason").asString()).isEqualTo("Banned prompt detected");
        for (int i = 0; i < 10; i++) {
            fetch(stalled);
        }
        assertThat(fetch(stalled).path("progress").asString()).isEqualTo("10%");
        assertThat(mj.task(stalled).orElseThrow().path("status").asString()).isEqualTo("IN_PROGRESS");

        mj.failNextFetches(2, 502);
        assertThat(get("/mj/task/" + stalled + "/fetch").statusCode()).isEqualTo(502);
        assertThat(get("/mj/task/" + stalled + "/fetch").statusCode()).isEqualTo(502);
        assertThat(get("/mj/task/" + stalled + "/fetch").statusCode()).isEqualTo(200);
    }

    @Test
    void aClockMovesTasksAndPostsEachChangeToTheNotifyHook() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            String hookUrl = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).advanceEvery(Duration.ofMillis(20));
            String id = json(post("/mj/submit/imagine", "{\"prompt\":\"ticking\",\"notifyHook\":\"" + hookUrl + "\"}"))
                    .path("result")
                    .asString();

            mj.await(() -> mj.hookCalls().stream().anyMatch(c -> c.taskStatus().equals("SUCCESS")), WAIT);

            assertThat(mj.hookCalls())
                    .extracting(FakeMidjourneyProxy.HookCall::taskStatus)
                    .containsExactly(
                            "SUBMITTED", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "SUCCESS");
            assertThat(mj.hookCalls()).allSatisfy(call -> {
                assertThat(call.status()).isEqualTo(204);
                assertThat(call.url()).isEqualTo(hookUrl);
                assertThat(call.taskId()).isEqualTo(id);
            });
            assertThat(mj.hookCalls().getLast().task().path("buttons").size()).isEqualTo(9);
            assertThat(received).hasSize(6).allMatch(r -> r.startsWith("application/json {\"id\":\"" + id));
            assertThat(mj.fetchCount(id)).isZero();
            assertThat(fetch(id).path("status").asString()).isEqualTo("SUCCESS");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void postsEveryChangeToTheGlobalHookInFetchModeToo() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.CHANGE)
                .progressSteps(List.of(50))
                .notifyHook("http://127.0.0.1:1/nobody-listens");
        String id = imagine("hooked");

        finish(id);

        List<FakeMidjourneyProxy.HookCall> calls = mj.awaitHookCalls(3, WAIT);
        assertThat(calls)
                .extracting(FakeMidjourneyProxy.HookCall::taskStatus)
                .containsExactly("SUBMITTED", "IN_PROGRESS", "SUCCESS");
        assertThat(calls).allSatisfy(call -> assertThat(call.status()).isEqualTo(-1));
        assertThat(calls.getLast().task().has("buttons")).isFalse();
    }

    @Test
    void answersABodyThatIsNotJsonWith400() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

        HttpResponse<String> response = post("/mj/submit/imagine", "prompt=a cat");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asString()).isEqualTo("Bad Request");
        assertThat(mj.submits().getFirst().body().asString()).isEqualTo("prompt=a cat");
        assertThat(mj.tasks()).isEmpty();
    }

    @Test
    void describeEndsWithFourPromptsInEveryPromptFieldAndPicReaderButtons() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

        JsonNode refused = json(post("/mj/submit/describe", "{\"base64\":\"https://example.com/a.png\"}"));
        JsonNode submitted = json(post("/mj/submit/describe", "{\"base64\":\"" + PNG_URL + "\"}"));

        assertThat(refused.path("code").asInt()).isEqualTo(4);
        assertThat(submitted.path("code").asInt()).isEqualTo(1);
        JsonNode done = finish(submitted.path("result").asString());
        assertThat(done.path("action").asString()).isEqualTo("DESCRIBE");
        assertThat(done.path("prompt").asString()).startsWith("1️⃣ ").contains("\n\n2️⃣ ", "\n\n3️⃣ ", "\n\n4️⃣ ");
        assertThat(done.path("promptEn").asString())
                .isEqualTo(done.path("prompt").asString());
        assertThat(done.at("/properties/finalPrompt").asString())
                .isEqualTo(done.path("prompt").asString());
        assertThat(done.path("buttons").values())
                .extracting(button -> button.path("customId").asString())
                .containsExactly(
                        "MJ::Job::PicReader::1",
                        "MJ::Job::PicReader::2",
                        "MJ::Job::PicReader::3",
                        "MJ::Job::PicReader::4");
    }

    @Test
    void blendTakesTwoToFiveDataUrlsAndAShapeAndAnswersCode4OtherwiseInEitherDialect() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.CHANGE);
        String two = "[\"" + PNG_URL + "\",\"" + PNG_URL + "\"]";

        assertThat(json(post("/mj/submit/blend", "{\"base64Array\":[\"" + PNG_URL + "\"]}"))
                        .path("code")
                        .asInt())
                .isEqualTo(4);
        assertThat(json(post(
                                "/mj/submit/blend",
                                "{\"base64Array\":"
                                        + two.replace(
                                                "]",
                                                ",\"" + PNG_URL + "\",\"" + PNG_URL + "\",\"" + PNG_URL + "\",\""
                                                        + PNG_URL + "\"]")
                                        + "}"))
                        .path("code")
                        .asInt())
                .isEqualTo(4);
        assertThat(json(post("/mj/submit/blend", "{\"base64Array\":" + two + ",\"dimensions\":\"WIDE\"}"))
                        .path("code")
                        .asInt())
                .isEqualTo(4);
        assertThat(json(post("/mj/submit/blend", "{\"base64Array\":[\"" + PNG_URL + "\",\"not a picture\"]}"))
                        .path("code")
                        .asInt())
                .isEqualTo(4);
        JsonNode blended = json(post("/mj/submit/blend", "{\"base64Array\":" + two + ",\"dimensions\":\"LANDSCAPE\"}"));
        assertThat(blended.path("code").asInt()).isEqualTo(1);
        JsonNode done = finish(blended.path("result").asString());
        assertThat(done.path("action").asString()).isEqualTo("BLEND");
        // The open-source proxy's U/V work on a blend's grid.
        JsonNode upscale = json(post(
                "/mj/submit/change",
                "{\"taskId\":\"" + done.path("id").asString() + "\",\"action\":\"UPSCALE\",\"index\":1}"));
        assertThat(upscale.path("code").asInt()).isEqualTo(1);
    }

    @Test
    void imagineTakesDataUrlsAsImagePromptsAndRefusesAnythingElse() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

        JsonNode taken =
                json(post("/mj/submit/imagine", "{\"prompt\":\"a fox\",\"base64Array\":[\"" + PNG_URL + "\"]}"));
        JsonNode link = json(
                post("/mj/submit/imagine", "{\"prompt\":\"a fox\",\"base64Array\":[\"https://example.com/a.png\"]}"));

        assertThat(taken.path("code").asInt()).isEqualTo(1);
        assertThat(link.path("code").asInt()).isEqualTo(4);
        assertThat(mj.submits().getFirst().body().path("base64Array").get(0).asString())
                .isEqualTo(PNG_URL);
    }

    private String imagine(String prompt) throws Exception {
        return json(post("/mj/submit/imagine", "{\"prompt\":\"" + prompt + "\"}"))
                .path("result")
                .asString();
    }

    /** Fetches until the task finished (at most 20 times) and returns it. */
    private JsonNode finish(String id) throws Exception {
        for (int i = 0; i < 20; i++) {
            JsonNode task = fetch(id);
            if (task.path("status").asString().equals("SUCCESS")) {
                return task;
            }
        }
        throw new AssertionError("task " + id + " did not finish: " + mj.task(id));
    }

    private JsonNode fetch(String id) throws Exception {
        HttpResponse<String> response = get("/mj/task/" + id + "/fetch");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(mj.baseUrl() + path))
                        .header("mj-api-secret", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, "Authorization", "Bearer " + KEY);
    }

    private HttpResponse<String> post(String path, String body, String header, String value)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(mj.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .header(header, value)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
    }

    @Test
    void remixHoldsEveryActionButAnUpscaleInModalUntilTheNewPromptArrives() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION)
                .progressSteps(List.of(50))
                .remix(true);
        String id = imagine("a meadow");
        finish(id);
        String u1 = mj.task(id).orElseThrow().at("/buttons/0/customId").asString();
        String v1 = mj.task(id).orElseThrow().at("/buttons/5/customId").asString();

        JsonNode upscale = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + u1 + "\"}"));
        JsonNode variation = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + v1 + "\"}"));

        assertThat(upscale.path("code").asInt()).isEqualTo(1);
        assertThat(variation.path("code").asInt()).isEqualTo(21);
        assertThat(variation.at("/properties/finalPrompt").asString()).isEqualTo("a meadow");
        String waiting = variation.path("result").asString();
        assertThat(fetch(waiting).path("status").asString()).isEqualTo("MODAL");
        json(post("/mj/submit/modal", "{\"taskId\":\"" + waiting + "\",\"prompt\":\"a meadow at night\"}"));
        assertThat(finish(waiting).path("prompt").asString()).isEqualTo("a meadow at night");
        assertThat(mj.modalSubmits())
                .singleElement()
                .satisfies(body -> assertThat(body.prompt()).isEqualTo("a meadow at night"));

        mj.modalAnsweredAsSubmitted(true);
        JsonNode relayed = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + v1 + "\"}"));
        assertThat(relayed.path("code").asInt()).isEqualTo(1);
        assertThat(fetch(relayed.path("result").asString()).path("status").asString())
                .isEqualTo("MODAL");
    }

    @Test
    void varyRegionNeedsAMask() throws Exception {
        mj = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        String id = imagine("a cat");
        finish(id);
        String u1 = mj.task(id).orElseThrow().at("/buttons/0/customId").asString();
        String upscale = json(post("/mj/submit/action", "{\"taskId\":\"" + id + "\",\"customId\":\"" + u1 + "\"}"))
                .path("result")
                .asString();
        String region = finish(upscale).path("buttons").values().stream()
                .map(b -> b.path("customId").asString())
                .filter(c -> c.startsWith("MJ::Inpaint::"))
                .findFirst()
                .orElseThrow();
        String waiting = json(post(
                        "/mj/submit/action", "{\"taskId\":\"" + upscale + "\",\"customId\":\"" + region + "\"}"))
                .path("result")
                .asString();

        JsonNode noMask =
                json(post("/mj/submit/modal", "{\"taskId\":\"" + waiting + "\",\"prompt\":\"a cat in a hat\"}"));
        JsonNode withMask = json(post(
                "/mj/submit/modal",
                "{\"taskId\":\"" + waiting
                        + "\",\"prompt\":\"a cat in a hat\",\"maskBase64\":\"data:image/png;base64,AA==\"}"));

        assertThat(noMask.path("code").asInt()).isEqualTo(4);
        assertThat(withMask.path("code").asInt()).isEqualTo(1);
        JsonNode done = finish(waiting);
        assertThat(done.path("action").asString()).isEqualTo("INPAINT");
        assertThat(done.path("maskBase64").asString()).isEqualTo("data:image/png;base64,AA==");
    }
}
