package dev.chatbridge.core.upstream.midjourney;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.core.imagine.Dimensions;
import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.imagine.MidjourneyProxy;
import dev.chatbridge.core.imagine.SpeedMode;
import dev.chatbridge.core.imagine.SubmitResult;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.imagine.TaskButton;
import dev.chatbridge.core.net.AddressPolicy;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings.Dialect;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The client against the fake proxy in both dialects, and against tiny servers that misbehave or stand for a CDN. */
class MidjourneyClientIT {

    private static final String KEY = "mj-it-secret-key";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
    }

    @Test
    void imagineSendsBothAuthHeadersThePromptAndTheHookEvenWithATrailingSlash() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION);
        MidjourneyClient client = new MidjourneyClient(settings(mj.baseUrl() + "/", Dialect.AUTO));

        SubmitResult hooked = client.imagine("cute cat girl --niji 5", "https://bot.example/hooks/mj/s3cret");
        SubmitResult plain = client.imagine("a dog", null);

        assertThat(hooked.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(hooked.taskId()).matches("\\d{16}");
        assertThat(hooked.hasTask()).isTrue();
        FakeMidjourneyProxy.Submit first = mj.submits().getFirst();
        assertThat(first.path()).isEqualTo("/mj/submit/imagine");
        assertThat(first.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(first.apiSecret()).isEqualTo(KEY);
        assertThat(first.body().path("prompt").asString()).isEqualTo("cute cat girl --niji 5");
        assertThat(first.body().path("notifyHook").asString()).isEqualTo("https://bot.example/hooks/mj/s3cret");
        assertThat(mj.submits().get(1).body().has("notifyHook")).isFalse();
        assertThat(plain.taskId()).isNotEqualTo(hooked.taskId());
    }

    @Test
    void describeBlendAndImagePromptsWorkInBothDialects() {
        String png =
                "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        for (FakeMidjourneyProxy.Dialect dialect : FakeMidjourneyProxy.Dialect.values()) {
            FakeMidjourneyProxy mj = proxy(dialect);
            MidjourneyClient client = client(mj, Dialect.AUTO);

            String described = client.describe(png, null).taskId();
            Task done = untilFinished(client, described);
            assertThat(done.action()).isEqualTo("DESCRIBE");
            assertThat(done.prompt()).startsWith("1️⃣ ").contains("4️⃣ ");

            SubmitResult blend = client.blend(List.of(png, png, png), Dimensions.LANDSCAPE, null);
            assertThat(blend.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
            JsonNode blendBody = mj.submits().getLast().body();
            assertThat(blendBody.path("dimensions").asString()).isEqualTo("LANDSCAPE");
            assertThat(blendBody.path("base64Array").size()).isEqualTo(3);
            Task grid = untilFinished(client, blend.taskId());
            assertThat(client.buttonsOf(grid)).extracting(TaskButton::face).contains("U1", "V4");

            assertThat(client.blend(List.of(png), Dimensions.SQUARE, null).outcome())
                    .isEqualTo(SubmitResult.Outcome.FAILED);

            assertThat(client.imagine("a fox", List.of(png), null).outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
            assertThat(mj.submits().getLast().body().path("base64Array").get(0).asString())
                    .isEqualTo(png);
            client.imagine("no pictures", List.of(), null);
            assertThat(mj.submits().getLast().body().has("base64Array")).isFalse();
        }
    }

    private static Task untilFinished(MidjourneyClient client, String taskId) {
        for (int i = 0; i < 20; i++) {
            Task task = client.fetch(taskId).orElseThrow();
            if (task.status().finished()) {
                return task;
            }
        }
        throw new AssertionError("task " + taskId + " did not finish in 20 fetches");
    }

    @Test
    void fetchFollowsProgressToSuccessAndParsesTheSeedsButtons() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION);
        MidjourneyClient client = client(mj, Dialect.ACTION);
        String id = client.imagine("a lighthouse at dusk", null).taskId();

        List<String> seen = new ArrayList<>();
        Task task;
        do {
            task = client.fetch(id).orElseThrow();
            seen.add(task.status() + " " + task.progress());
        } while (!task.status().finished());

        assertThat(seen)
                .containsExactly(
                        "NOT_START 0",
                        "SUBMITTED 0",
                        "IN_PROGRESS 10",
                        "IN_PROGRESS 35",
                        "IN_PROGRESS 60",
                        "IN_PROGRESS 85",
                        "SUCCESS 100");
        assertThat(task.id()).isEqualTo(id);
        assertThat(task.action()).isEqualTo("IMAGINE");
        assertThat(task.prompt()).isEqualTo("a lighthouse at dusk");
        assertThat(task.imageUrl()).isEqualTo(mj.baseUrl() + "/attachments/" + id + ".png");
        assertThat(task.failReason()).isNull();
        assertThat(task.buttons())
                .extracting(TaskButton::face)
                .containsExactly("U1", "U2", "U3", "U4", "🔄", "V1", "V2", "V3", "V4");
        assertThat(task.buttons().get(4).customId()).matches("MJ::JOB::reroll::0::[0-9a-f-]{36}::SOLO");
        assertThat(task.buttons().get(4).emoji()).isEqualTo("🔄");
        assertThat(MidjourneyClient.buttonsFor(task)).isEqualTo(task.buttons());
    }

    @Test
    void anUnknownTaskIsEmpty() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION);

        assertThat(client(mj, Dialect.AUTO).fetch("1726667730879999")).isEmpty();
    }

    @Test
    void aNullBodyIsAnUnknownTaskToo() throws IOException {
        Recorder proxy = recorder();
        proxy.route("/mj/task/1/fetch", 200, "application/json", "null");

        assertThat(new MidjourneyClient(settings(proxy.url(""), Dialect.AUTO)).fetch("1"))
                .isEmpty();
    }

    @Test
    void mapsSubmitCodesToOutcomes() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION)
                .nextSubmit(21, "Task already exists", Map.of())
                .nextSubmit(22, "In queue, there are 3 tasks ahead", Map.of("numberOfQueues", 3))
                .nextSubmit(23, "Queue is full, please try again later", Map.of())
                .nextSubmit(24, "May contain sensitive words", Map.of("promptEn", "gore", "bannedWord", "gore"))
                .nextSubmit(4, "prompt must not be blank", Map.of());
        MidjourneyClient client = client(mj, Dialect.AUTO);

        SubmitResult exists = client.imagine("one", null);
        SubmitResult queued = client.imagine("two", null);
        SubmitResult full = client.imagine("three", null);
        SubmitResult banned = client.imagine("gore", null);
        SubmitResult failed = client.imagine("five", null);
        SubmitResult submitted = client.imagine("six", null);

        assertThat(exists.outcome()).isEqualTo(SubmitResult.Outcome.EXISTS);
        assertThat(exists.hasTask()).isTrue();
        assertThat(queued.outcome()).isEqualTo(SubmitResult.Outcome.QUEUED);
        assertThat(queued.queuePosition()).isEqualTo(3);
        assertThat(queued.hasTask()).isTrue();
        assertThat(client.fetch(queued.taskId()).orElseThrow().prompt()).isEqualTo("two");
        assertThat(full.outcome()).isEqualTo(SubmitResult.Outcome.QUEUE_FULL);
        assertThat(full.taskId()).isNull();
        assertThat(full.hasTask()).isFalse();
        assertThat(banned.outcome()).isEqualTo(SubmitResult.Outcome.BANNED);
        assertThat(banned.bannedWord()).isEqualTo("gore");
        assertThat(failed.outcome()).isEqualTo(SubmitResult.Outcome.FAILED);
        assertThat(failed.description()).isEqualTo("prompt must not be blank");
        assertThat(submitted.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(submitted.queuePosition()).isNull();
    }

    @Test
    void pressesButtonsThroughActionAndReadsTheLongV6Ids() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        MidjourneyClient client = client(mj, Dialect.ACTION);
        Task grid = finish(client, client.imagine("a red fox", null).taskId());

        SubmitResult pressed = client.action(grid.id(), grid.buttons().get(2).customId(), null);
        Task upscale = finish(client, pressed.taskId());

        assertThat(mj.submits().getLast().path()).isEqualTo("/mj/submit/action");
        assertThat(mj.submits().getLast().body().path("customId").asString())
                .isEqualTo(grid.buttons().get(2).customId());
        assertThat(upscale.action()).isEqualTo("UPSCALE");
        assertThat(upscale.buttons())
                .extracting(TaskButton::customId)
                .anyMatch(id -> id.startsWith("MJ::JOB::upsample_v6_2x_creative::1::") && id.length() >= 75)
                .anyMatch(id -> id.startsWith("MJ::Outpaint::50::1::"));
        assertThat(upscale.buttons())
                .extracting(TaskButton::face)
                .contains("Upscale (Subtle)", "🪄 Vary (Subtle)", "🔍 Zoom Out 2x", "🔍 Custom Zoom", "⬅️");
        assertThat(MidjourneyClient.buttonsFor(upscale)).isEqualTo(upscale.buttons());
        assertThat(client.dialect()).isEqualTo(Dialect.ACTION);
    }

    @Test
    void completesACustomZoomThroughTheModal() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        MidjourneyClient client = client(mj, Dialect.AUTO);
        Task grid = finish(client, client.imagine("a castle", null).taskId());
        Task upscale = finish(
                client,
                client.action(grid.id(), grid.buttons().getFirst().customId(), null)
                        .taskId());
        String customZoom = upscale.buttons().stream()
                .map(TaskButton::customId)
                .filter(id -> id.startsWith("MJ::CustomZoom::"))
                .findFirst()
                .orElseThrow();

        SubmitResult modal = client.action(upscale.id(), customZoom, null);

        assertThat(modal.outcome()).isEqualTo(SubmitResult.Outcome.MODAL);
        assertThat(modal.hasTask()).isTrue();
        assertThat(client.fetch(modal.taskId()).orElseThrow().status()).isEqualTo(Task.Status.MODAL);
        SubmitResult confirmed = client.modal(modal.taskId(), "a castle --zoom 2", null, null);
        assertThat(confirmed.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        Task zoomed = finish(client, modal.taskId());
        assertThat(zoomed.action()).isEqualTo("ZOOM");
        assertThat(zoomed.prompt()).isEqualTo("a castle --zoom 2");
        assertThat(mj.submits().getLast().body().path("taskId").asString()).isEqualTo(modal.taskId());
        // No mask: the field is left out, as the proxies' own pages do for Remix and Custom Zoom.
        assertThat(mj.modalSubmits().getLast().maskBase64()).isNull();
    }

    @Test
    void sendsVaryRegionsMaskWithTheModal() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        MidjourneyClient client = client(mj, Dialect.AUTO);
        Task grid = finish(client, client.imagine("a dog", null).taskId());
        Task upscale = finish(
                client,
                client.action(grid.id(), grid.buttons().getFirst().customId(), null)
                        .taskId());
        String region = upscale.buttons().stream()
                .map(TaskButton::customId)
                .filter(id -> id.startsWith("MJ::Inpaint::"))
                .findFirst()
                .orElseThrow();
        SubmitResult modal = client.action(upscale.id(), region, null);
        String mask = "data:image/png;base64,iVBORw0KGgo=";

        SubmitResult withoutMask = client.modal(modal.taskId(), "a dog in a hat", null, null);
        SubmitResult confirmed = client.modal(modal.taskId(), "a dog in a hat", mask, null);

        assertThat(withoutMask.outcome()).isEqualTo(SubmitResult.Outcome.FAILED);
        assertThat(confirmed.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(mj.modalSubmits().getLast().maskBase64()).isEqualTo(mask);
        assertThat(finish(client, modal.taskId()).prompt()).isEqualTo("a dog in a hat");
    }

    @Test
    void changeDialectSynthesizesButtonsAndMapsThemToChanges() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.CHANGE).progressSteps(List.of(50));
        MidjourneyClient client = client(mj, Dialect.CHANGE);
        Task grid = finish(client, client.imagine("a quiet lake", null).taskId());
        List<TaskButton> buttons = MidjourneyClient.buttonsFor(grid);

        assertThat(grid.buttons()).isEmpty();
        assertThat(buttons)
                .extracting(TaskButton::customId)
                .startsWith("MJ::JOB::upsample::1::" + grid.id())
                .contains("MJ::JOB::reroll::0::" + grid.id() + "::SOLO");
        SubmitResult upscale = client.action(grid.id(), buttons.get(1).customId(), "https://bot.example/hook");
        SubmitResult variation = client.action(grid.id(), buttons.get(7).customId(), null);
        SubmitResult reroll = client.action(grid.id(), buttons.get(4).customId(), null);

        List<JsonNode> changes = mj.submits().stream()
                .filter(s -> s.path().equals("/mj/submit/change"))
                .map(FakeMidjourneyProxy.Submit::body)
                .toList();
        assertThat(changes)
                .extracting(
                        b -> b.path("action").asString() + " " + b.path("index").asInt())
                .containsExactly("UPSCALE 2", "VARIATION 3", "REROLL 0");
        assertThat(changes)
                .allSatisfy(body -> assertThat(body.path("taskId").asString()).isEqualTo(grid.id()));
        assertThat(changes.getFirst().path("notifyHook").asString()).isEqualTo("https://bot.example/hook");
        assertThat(List.of(upscale, variation, reroll))
                .allSatisfy(r -> assertThat(r.hasTask()).isTrue());
        Task upscaled = finish(client, upscale.taskId());
        assertThat(upscaled.action()).isEqualTo("UPSCALE");
        assertThat(MidjourneyClient.buttonsFor(upscaled)).isEmpty();
        assertThat(MidjourneyClient.buttonsFor(finish(client, variation.taskId())))
                .hasSize(9);
        assertThat(mj.submits()).noneMatch(s -> s.path().equals("/mj/submit/action"));
    }

    @Test
    void changeDialectRefusesButtonsItCannotExpressWithoutAsking() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.CHANGE);
        MidjourneyClient client = client(mj, Dialect.CHANGE);
        int before = mj.submits().size();

        assertThatThrownBy(() -> client.action(
                        "1726667730879000",
                        "MJ::JOB::upsample_v6_2x_subtle::1::bab70970-d663-464b-bf49-1d0d766064c3::SOLO",
                        null))
                .isInstanceOfSatisfying(MidjourneyException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
                    assertThat(e.getMessage()).contains("not supported by this proxy");
                });
        assertThatThrownBy(() -> client.action("1", "MJ::CustomZoom::bab70970-d663-464b-bf49-1d0d766064c3", null))
                .isInstanceOf(MidjourneyException.class);
        assertThatThrownBy(() -> client.action("1", "MJ::JOB::upsample::9::x", null))
                .isInstanceOf(MidjourneyException.class);
        assertThat(mj.submits()).hasSize(before);
    }

    @Test
    void autoSwitchesToChangeForGoodWhenActionIs404AndLogsItOnce() {
        ListAppender<ILoggingEvent> log = captureLog();
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.CHANGE).progressSteps(List.of(50));
        MidjourneyClient client = client(mj, Dialect.AUTO);
        Task grid = finish(client, client.imagine("mountains", null).taskId());
        List<TaskButton> buttons = MidjourneyClient.buttonsFor(grid);
        assertThat(client.dialect()).isEqualTo(Dialect.AUTO);

        SubmitResult first = client.action(grid.id(), buttons.getFirst().customId(), null);
        SubmitResult second = client.action(grid.id(), buttons.get(5).customId(), null);

        assertThat(first.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(second.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(client.dialect()).isEqualTo(Dialect.CHANGE);
        assertThat(mj.submits())
                .extracting(FakeMidjourneyProxy.Submit::path)
                .containsExactly("/mj/submit/imagine", "/mj/submit/action", "/mj/submit/change", "/mj/submit/change");
        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.INFO)
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("/mj/submit/change"));
    }

    @Test
    void explicitActionDialectDoesNotFallBackOn404() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.CHANGE);
        MidjourneyClient client = client(mj, Dialect.ACTION);

        assertThatThrownBy(() -> client.action("1", "MJ::JOB::upsample::1::1", null))
                .isInstanceOfSatisfying(MidjourneyException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.HTTP_ERROR);
                    assertThat(e.getMessage()).contains("404");
                });
        assertThat(client.dialect()).isEqualTo(Dialect.ACTION);
    }

    @Test
    void httpErrorsBecomeHttpErrorWithoutTheKey() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION).nextSubmitHttpError(500);
        MidjourneyClient client = client(mj, Dialect.AUTO);

        assertThatThrownBy(() -> client.imagine("a cat", null)).isInstanceOfSatisfying(MidjourneyException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.HTTP_ERROR);
            assertThat(e.getMessage()).contains("500").doesNotContain(KEY);
        });
        String id = client.imagine("a cat", null).taskId();
        mj.failNextFetches(1, 502);
        assertThatThrownBy(() -> client.fetch(id))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HTTP_ERROR));
        assertThat(client.fetch(id)).isPresent();

        MidjourneyClient wrongKey = new MidjourneyClient(
                new MidjourneySettings(mj.baseUrl(), "not-the-key", Dialect.AUTO, Duration.ofSeconds(5)));
        assertThatThrownBy(() -> wrongKey.imagine("a cat", null))
                .isInstanceOfSatisfying(MidjourneyException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.HTTP_ERROR);
                    assertThat(e.getMessage()).contains("401", "API key").doesNotContain("not-the-key");
                });
    }

    @Test
    void unreadableAnswersAreBadResponses() throws IOException {
        Recorder proxy = recorder();
        proxy.route("/mj/submit/imagine", 200, "text/html", "<html>maintenance</html>");
        proxy.route("/mj/task/1/fetch", 200, "application/json", "{\"id\":");
        proxy.route("/mj/submit/modal", 200, "application/json", "{\"description\":\"no code\"}");
        MidjourneyClient client = new MidjourneyClient(settings(proxy.url(""), Dialect.AUTO));

        assertThatThrownBy(() -> client.imagine("x", null))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> client.fetch("1"))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> client.modal("1", "x", null, null))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void newApiRefusalsWithHttp400AreSubmitResults() throws IOException {
        Recorder gateway = recorder();
        gateway.route(
                "/mj/submit/imagine",
                400,
                "application/json",
                "{\"description\":\"quota not enough \",\"type\":\"upstream_error\",\"code\":4}");

        SubmitResult result = new MidjourneyClient(settings(gateway.url(""), Dialect.AUTO)).imagine("x", null);

        assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.FAILED);
        assertThat(result.description()).contains("quota");
    }

    @Test
    void submitsInASpeedModeUnderItsPrefixAndFetchesOnThePlainRoute() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        MidjourneyClient client = new MidjourneyClient(settings(mj.baseUrl() + "/", Dialect.AUTO));
        MidjourneyProxy fast = client.inMode(SpeedMode.FAST);

        String id = fast.imagine("a quick fox", null).taskId();
        Task grid = fetchUntilDone(fast, id);
        SubmitResult upscale = fast.action(id, grid.buttons().getFirst().customId(), null);
        client.inMode(SpeedMode.TURBO).imagine("a quicker fox", null);

        assertThat(upscale.hasTask()).isTrue();
        assertThat(mj.submits())
                .extracting(FakeMidjourneyProxy.Submit::path)
                .containsExactly(
                        "/mj-fast/mj/submit/imagine", "/mj-fast/mj/submit/action", "/mj-turbo/mj/submit/imagine");
        assertThat(fast.endpoint()).isEqualTo(client.endpoint()).isEqualTo(mj.baseUrl());
    }

    @Test
    void aMissingModeRouteIsNoRouteButA404WithASubmitAnswerIsTheProxysAnswer() throws IOException {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION).speedModes(false);
        MidjourneyClient client = new MidjourneyClient(settings(mj.baseUrl(), Dialect.AUTO));

        assertThatThrownBy(() -> client.inMode(SpeedMode.RELAX).imagine("a slow fox", null))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_ROUTE));
        assertThatThrownBy(() -> client.inMode(SpeedMode.RELAX).action("1", "MJ::JOB::upsample::1::x", null))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_ROUTE));
        assertThat(client.dialect())
                .as("a missing mode route says nothing about /mj/submit/action")
                .isEqualTo(Dialect.AUTO);

        // The .NET proxy answers a task it does not know with 404 and a submit body: the route is there.
        Recorder dotnet = recorder();
        dotnet.route(
                "/mj-fast/mj/submit/modal",
                404,
                "application/json",
                "{\"code\":3,\"description\":\"task not found\",\"result\":null}");
        dotnet.route(
                "/mj/submit/action",
                404,
                "application/json",
                "{\"code\":3,\"description\":\"task not found\",\"result\":null}");
        MidjourneyClient auto = new MidjourneyClient(settings(dotnet.url(""), Dialect.AUTO));
        assertThat(auto.action("404", "MJ::JOB::pan_left::1::x::SOLO", null).outcome())
                .isEqualTo(SubmitResult.Outcome.FAILED);
        assertThat(auto.dialect())
                .as("an unknown task is no reason to change dialects")
                .isEqualTo(Dialect.AUTO);
        SubmitResult missingTask = new MidjourneyClient(settings(dotnet.url(""), Dialect.AUTO))
                .inMode(SpeedMode.FAST)
                .modal("404", "x", null, null);
        assertThat(missingTask.outcome()).isEqualTo(SubmitResult.Outcome.FAILED);
        assertThat(missingTask.description()).isEqualTo("task not found");
    }

    @Test
    void anUnreachableProxyIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        MidjourneyClient client = new MidjourneyClient(settings("http://127.0.0.1:" + port, Dialect.AUTO));

        assertThatThrownBy(() -> client.fetch("1")).isInstanceOfSatisfying(MidjourneyException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.getMessage()).doesNotContain(KEY);
        });
    }

    @Test
    void downloadsTheImageAndEnforcesTheCap() {
        FakeMidjourneyProxy mj = proxy(FakeMidjourneyProxy.Dialect.ACTION).progressSteps(List.of(50));
        MidjourneyClient client = client(mj, Dialect.ACTION);
        Task task = finish(client, client.imagine("a tiny png", null).taskId());

        byte[] image = client.download(task.imageUrl(), 1_000_000);

        assertThat(image).isEqualTo(mj.image(task.id()));
        assertThat(client.download(task.imageUrl(), image.length)).isEqualTo(image);
        assertThatThrownBy(() -> client.download(task.imageUrl(), image.length - 1))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
        assertThatThrownBy(() -> client.download(mj.baseUrl() + "/attachments/1.png", 1_000_000))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HTTP_ERROR));
    }

    @Test
    void capsABodyWithoutContentLengthWhileReading() throws IOException {
        Recorder cdn = recorder();
        cdn.chunked("/big.png", new byte[200_000]);
        cdn.chunked("/small.png", new byte[1_000]);
        MidjourneyClient client = new MidjourneyClient(settings("http://127.0.0.1:1", Dialect.AUTO));

        assertThat(client.download(cdn.url("/small.png"), 100_000)).hasSize(1_000);
        assertThatThrownBy(() -> client.download(cdn.url("/big.png"), 100_000))
                .isInstanceOfSatisfying(
                        MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
    }

    @Test
    void sendsTheKeyToTheProxysOwnHostButNeverToAnotherOneEvenAfterARedirect() throws IOException {
        Recorder proxy = recorder();
        Recorder cdn = recorder();
        proxy.route("/mj/image/1.png", 200, "image/png", "own");
        proxy.redirect("/mj/image/2.png", cdn.url("/cdn/2.png"));
        cdn.route("/cdn/1.png", 200, "image/png", "cdn");
        cdn.route("/cdn/2.png", 200, "image/png", "moved");
        // The CDN on 127.0.0.1 stands in for a public one, so the proxy may redirect there.
        MidjourneySettings settings = settings(proxy.url("/"), Dialect.AUTO);
        MidjourneyClient client = new MidjourneyClient(
                settings,
                MidjourneyClient.defaultDownloads(settings, OutboundProxies.direct())
                        .withServicePolicy(AddressPolicy.noLoopbackLinkLocalOrMetadata()
                                .alsoPermitting(InetAddress.getByName("127.0.0.1"))));

        assertThat(client.download(proxy.url("/mj/image/1.png"), 100))
                .asString()
                .isEqualTo("own");
        assertThat(client.download(cdn.url("/cdn/1.png"), 100)).asString().isEqualTo("cdn");
        assertThat(client.download(proxy.url("/mj/image/2.png"), 100))
                .asString()
                .isEqualTo("moved");

        assertThat(proxy.requests).hasSize(2).allSatisfy(headers -> {
            assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(headers.getFirst("mj-api-secret")).isEqualTo(KEY);
        });
        assertThat(cdn.requests).hasSize(2).allSatisfy(headers -> {
            assertThat(headers.containsKey("Authorization")).isFalse();
            assertThat(headers.containsKey("mj-api-secret")).isFalse();
        });
    }

    @Test
    void neverFollowsAnImageRedirectToLoopbackOrMetadataAddresses() throws IOException {
        Recorder proxy = recorder();
        Recorder internal = recorder(); // another service on this machine, e.g. Redis or the actuator
        internal.route("/secret", 200, "image/png", "internal");
        proxy.redirect("/mj/image/local.png", internal.url("/secret"));
        proxy.redirect("/mj/image/metadata.png", "http://169.254.169.254/latest/meta-data/");
        proxy.redirect("/mj/image/mapped.png", "http://[::ffff:127.0.0.1]:" + internal.port() + "/secret");
        MidjourneyClient client = new MidjourneyClient(settings(proxy.url("/"), Dialect.AUTO));

        for (String image : List.of("/mj/image/local.png", "/mj/image/metadata.png", "/mj/image/mapped.png")) {
            assertThatThrownBy(() -> client.download(proxy.url(image), 1000))
                    .as(image)
                    .isInstanceOfSatisfying(
                            MidjourneyException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        }
        assertThat(internal.requests).isEmpty();
    }

    private static Task fetchUntilDone(MidjourneyProxy client, String id) {
        for (int i = 0; i < 20; i++) {
            Task task = client.fetch(id).orElseThrow();
            if (task.status() == Task.Status.SUCCESS) {
                return task;
            }
        }
        throw new AssertionError("task " + id + " did not finish");
    }

    private FakeMidjourneyProxy proxy(FakeMidjourneyProxy.Dialect dialect) {
        FakeMidjourneyProxy mj = new FakeMidjourneyProxy(KEY, dialect);
        closing.add(mj);
        return mj;
    }

    private static MidjourneyClient client(FakeMidjourneyProxy mj, Dialect dialect) {
        return new MidjourneyClient(settings(mj.baseUrl(), dialect));
    }

    private static MidjourneySettings settings(String baseUrl, Dialect dialect) {
        return new MidjourneySettings(baseUrl, KEY, dialect, Duration.ofSeconds(5));
    }

    /** Fetches until the task finished (at most 20 times), as the watcher would, only without pauses. */
    private static Task finish(MidjourneyClient client, String taskId) {
        for (int i = 0; i < 20; i++) {
            Task task = client.fetch(taskId).orElseThrow();
            if (task.status().finished()) {
                return task;
            }
        }
        throw new AssertionError("task " + taskId + " did not finish");
    }

    private ListAppender<ILoggingEvent> captureLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(MidjourneyClient.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        closing.add(() -> logger.detachAppender(appender));
        return appender;
    }

    private Recorder recorder() throws IOException {
        Recorder recorder = new Recorder();
        closing.add(recorder);
        return recorder;
    }

    /** A tiny server standing for an image CDN or a misbehaving proxy; it records each request's headers. */
    private static final class Recorder implements AutoCloseable {
        private interface Answer {
            void send(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
        }

        final List<Headers> requests = new CopyOnWriteArrayList<>();
        private final Map<String, Answer> routes = new ConcurrentHashMap<>();
        private final HttpServer server;

        Recorder() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    requests.add(exchange.getRequestHeaders());
                    Answer answer = routes.get(exchange.getRequestURI().getPath());
                    if (answer == null) {
                        exchange.sendResponseHeaders(404, -1);
                    } else {
                        answer.send(exchange);
                    }
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port() + path;
        }

        int port() {
            return server.getAddress().getPort();
        }

        void route(String path, int status, String contentType, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            routes.put(path, exchange -> {
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            });
        }

        void redirect(String path, String location) {
            routes.put(path, exchange -> {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
            });
        }

        /** No Content-Length: the body streams in chunks of 8 KiB. */
        void chunked(String path, byte[] body) {
            routes.put(path, exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int offset = 0; offset < body.length; offset += 8192) {
                        out.write(body, offset, Math.min(8192, body.length - offset));
                        out.flush();
                    }
                } catch (IOException clientGaveUp) {
                    // The client stops reading once the cap is passed.
                }
            });
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
