package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.Dimensions;
import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.imagine.MidjourneyProxy;
import dev.chatbridge.core.imagine.SpeedMode;
import dev.chatbridge.core.imagine.SubmitResult;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.imagine.TaskButton;
import dev.chatbridge.core.net.AddressPolicy;
import dev.chatbridge.core.net.FetchLimits;
import dev.chatbridge.core.net.HostResolver;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.TrustedHosts;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.core.resilience.Retries;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings.Dialect;
import io.github.resilience4j.retry.Retry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link MidjourneyProxy} over HTTP, for new-api gateways and the Midjourney proxies alike: it sends the key both as
 * {@code Authorization: Bearer} and as {@code mj-api-secret}, and presses buttons through {@code /mj/submit/action}
 * or, for the open-source proxy, {@code /mj/submit/change} (see {@link Dialect}). Thread-safe.
 */
public final class MidjourneyClient implements MidjourneyProxy {

    private static final Logger log = LoggerFactory.getLogger(MidjourneyClient.class);

    private final MidjourneySettings settings;
    private final MidjourneyHttp http;
    private final AtomicBoolean changeDialect;
    /** Before every submit path: empty, or a speed mode's route prefix ({@code /mj-fast}). */
    private final String prefix;

    private final Retry fetchRetry = Retries.exponential(
            "midjourney-fetch",
            3,
            Duration.ofMillis(200),
            error -> error instanceof MidjourneyException e && e.kind() == Kind.UNREACHABLE);

    /** Downloads images through a fetcher that trusts the proxy's origin (see {@link #defaultDownloads(MidjourneySettings, OutboundProxies)}). */
    public MidjourneyClient(MidjourneySettings settings) {
        this(settings, OutboundProxies.direct());
    }

    /** Calls go through {@code OPENAI_PROXY} or the general proxies ({@link OutboundProxies.Target#OPENAI}). */
    public MidjourneyClient(MidjourneySettings settings, OutboundProxies proxies) {
        this(settings, proxies, defaultDownloads(settings, proxies));
    }

    /** Downloads images through {@code downloads}, as a trusted source (its redirects are still checked). */
    public MidjourneyClient(MidjourneySettings settings, UrlFetcher downloads) {
        this(settings, downloads.proxies(), downloads);
    }

    private MidjourneyClient(MidjourneySettings settings, OutboundProxies proxies, UrlFetcher downloads) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = new MidjourneyHttp(settings, proxies, downloads);
        this.changeDialect = new AtomicBoolean(settings.dialect() == Dialect.CHANGE);
        this.prefix = "";
    }

    /** The same proxy (connections, learned dialect) with submits under {@code prefix}. */
    private MidjourneyClient(MidjourneyClient plain, String prefix) {
        this.settings = plain.settings;
        this.http = plain.http;
        this.changeDialect = plain.changeDialect;
        this.prefix = prefix;
    }

    /** A fetcher that trusts the proxy's own origin and times out as the proxy's calls do. */
    public static UrlFetcher defaultDownloads(MidjourneySettings settings, OutboundProxies proxies) {
        Duration timeout = settings.requestTimeout();
        return new UrlFetcher(
                AddressPolicy.publicOnly(),
                HostResolver.system(),
                TrustedHosts.of(List.of(settings.root())),
                new FetchLimits(1, timeout, timeout, timeout, 5),
                proxies);
    }

    /** ACTION or CHANGE once known; AUTO until a press through {@code /mj/submit/action} answered 404. */
    public Dialect dialect() {
        if (changeDialect.get()) {
            return Dialect.CHANGE;
        }
        return settings.dialect();
    }

    /**
     * Submits under {@code /mj-relax}, {@code /mj-fast} or {@code /mj-turbo} (the .NET proxy's routes, which new-api
     * passes on); a 404 there without a submit answer means the proxy has no such route and throws
     * {@link Kind#NO_ROUTE}. Fetches stay on the plain route, which every proxy serves.
     */
    @Override
    public MidjourneyProxy inMode(SpeedMode mode) {
        return new MidjourneyClient(this, mode.routePrefix());
    }

    @Override
    public String endpoint() {
        return settings.root();
    }

    @Override
    public SubmitResult imagine(String prompt, @Nullable String notifyHook) {
        ObjectNode body = MidjourneyWire.body(notifyHook).put("prompt", prompt);
        return submit("/mj/submit/imagine", body);
    }

    @Override
    public SubmitResult imagine(String prompt, List<String> images, @Nullable String notifyHook) {
        ObjectNode body = MidjourneyWire.body(notifyHook).put("prompt", prompt);
        if (!images.isEmpty()) {
            MidjourneyWire.putAll(body.putArray("base64Array"), images);
        }
        return submit("/mj/submit/imagine", body);
    }

    /** Both dialects take {@code /mj/submit/describe {base64}}; the result is a DESCRIBE task watched like any. */
    @Override
    public SubmitResult describe(String imageDataUrl, @Nullable String notifyHook) {
        ObjectNode body = MidjourneyWire.body(notifyHook).put("base64", imageDataUrl);
        return submit("/mj/submit/describe", body);
    }

    @Override
    public SubmitResult blend(List<String> imageDataUrls, Dimensions dimensions, @Nullable String notifyHook) {
        ObjectNode body = MidjourneyWire.body(notifyHook);
        MidjourneyWire.putAll(body.putArray("base64Array"), imageDataUrls);
        body.put("dimensions", dimensions.name());
        return submit("/mj/submit/blend", body);
    }

    @Override
    public SubmitResult action(String taskId, String customId, @Nullable String notifyHook) {
        if (changeDialect.get()) {
            return change(taskId, customId, notifyHook);
        }
        String path = "/mj/submit/action";
        ObjectNode body = MidjourneyWire.body(notifyHook).put("taskId", taskId).put("customId", customId);
        MidjourneyHttp.Reply reply = post(path, body);
        // A 404 with a submit answer is the .NET proxy not knowing the task, not a missing route.
        if (reply.status() == 404
                && settings.dialect() == Dialect.AUTO
                && !MidjourneyWire.isSubmitReply(reply.body())) {
            if (changeDialect.compareAndSet(false, true)) {
                log.info(
                        "The Midjourney proxy has no {} (HTTP 404): pressing buttons through /mj/submit/change from"
                                + " now on",
                        path);
            }
            return change(taskId, customId, notifyHook);
        }
        return submitResult(reply, "POST " + path);
    }

    @Override
    public SubmitResult modal(String taskId, String prompt, @Nullable String maskBase64, @Nullable String notifyHook) {
        ObjectNode body = MidjourneyWire.body(notifyHook).put("taskId", taskId).put("prompt", prompt);
        if (maskBase64 != null) {
            body.put("maskBase64", maskBase64);
        }
        return submit("/mj/submit/modal", body);
    }

    /** A fetch only reads, so a connection blip is retried at once (with backoff) instead of waiting a poll. */
    @Override
    public Optional<Task> fetch(String taskId) {
        if (taskId.isBlank()) {
            throw new IllegalArgumentException("taskId must not be blank");
        }
        return fetchRetry.executeSupplier(() -> fetchOnce(taskId));
    }

    private Optional<Task> fetchOnce(String taskId) {
        String path =
                "/mj/task/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20") + "/fetch";
        MidjourneyHttp.Reply reply = http.get(path);
        if (reply.status() != 200) {
            throw httpError(reply.status(), "GET /mj/task/{id}/fetch");
        }
        return MidjourneyWire.task(reply.body(), taskId);
    }

    /** Follows redirects; sends the key only to the proxy's own scheme, host and port, never to an image CDN. */
    @Override
    public byte[] download(String imageUrl, long maxBytes) {
        return http.download(imageUrl, maxBytes);
    }

    /**
     * U1–U4, 🔄 and V1–V4 for a task of a proxy that sends no buttons, with Discord-shaped ids that carry the task id
     * ({@code MJ::JOB::upsample::1::<taskId>}, {@code MJ::JOB::reroll::0::<taskId>::SOLO}, …).
     */
    public static List<TaskButton> standardButtons(String taskId) {
        return MidjourneyButtons.standard(taskId);
    }

    /** The task's own buttons; for a successful grid (IMAGINE, VARIATION, REROLL) without any, the standard ones. */
    @Override
    public List<TaskButton> buttonsOf(Task task) {
        return buttonsFor(task);
    }

    /** As {@link #buttonsOf}. */
    public static List<TaskButton> buttonsFor(Task task) {
        return MidjourneyButtons.forTask(task);
    }

    /**
     * A task from a notify hook's body (the same JSON as a fetch); empty when the body is not a task with an id, so a
     * hook endpoint can answer 400 instead of failing.
     */
    public static Optional<Task> parseTask(String json) {
        try {
            return MidjourneyWire.task(json, "").filter(task -> !task.id().isBlank());
        } catch (MidjourneyException unreadable) {
            return Optional.empty();
        }
    }

    private SubmitResult change(String taskId, String customId, @Nullable String notifyHook) {
        MidjourneyButtons.Change change = MidjourneyButtons.change(customId);
        ObjectNode body = MidjourneyWire.body(notifyHook)
                .put("taskId", taskId)
                .put("action", change.action())
                .put("index", change.index());
        return submit("/mj/submit/change", body);
    }

    private SubmitResult submit(String path, ObjectNode body) {
        return submitResult(post(path, body), "POST " + prefix + path);
    }

    /** POSTs under the mode's prefix, if any; a missing mode route throws {@link Kind#NO_ROUTE}. */
    private MidjourneyHttp.Reply post(String path, ObjectNode body) {
        MidjourneyHttp.Reply reply = http.post(prefix + path, MidjourneyWire.text(body));
        // The .NET proxy answers an unknown task with 404 and a submit body: that route exists.
        if (!prefix.isEmpty() && reply.status() == 404 && !MidjourneyWire.isSubmitReply(reply.body())) {
            throw new MidjourneyException(
                    Kind.NO_ROUTE, "the Midjourney proxy answered HTTP 404 to POST " + prefix + path);
        }
        return reply;
    }

    private static SubmitResult submitResult(MidjourneyHttp.Reply reply, String what) {
        int status = reply.status();
        if (status / 100 == 2) {
            return MidjourneyWire.submitResult(reply.body(), what);
        }
        if (status == 400 || status == 404 || status == 429) {
            // new-api relays the proxy's refusals as HTTP 400 (429 when rate limited) with {code, description};
            // the .NET proxy answers a task it does not know with 404 and the same body.
            try {
                return MidjourneyWire.submitResult(reply.body(), what);
            } catch (MidjourneyException notASubmitReply) {
                throw httpError(status, what);
            }
        }
        throw httpError(status, what);
    }

    private static MidjourneyException httpError(int status, String what) {
        String hint = switch (status) {
            case 401, 403 -> " (check the Midjourney API key)";
            case 404 -> " (check the Midjourney base URL)";
            default -> "";
        };
        return new MidjourneyException(
                Kind.HTTP_ERROR, "the Midjourney proxy answered HTTP " + status + " to " + what + hint, status);
    }
}
