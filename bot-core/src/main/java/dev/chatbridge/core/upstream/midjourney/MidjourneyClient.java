package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.imagine.MidjourneyProxy;
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

    @Override
    public SubmitResult imagine(String prompt, @Nullable String notifyHook) {
        ObjectNode body = MidjourneyWire.body(notifyHook).put("prompt", prompt);
        return submit("/mj/submit/imagine", body);
    }

    @Override
    public SubmitResult action(String taskId, String customId, @Nullable String notifyHook) {
        if (changeDialect.get()) {
            return change(taskId, customId, notifyHook);
        }
        String path = "/mj/submit/action";
        ObjectNode body = MidjourneyWire.body(notifyHook).put("taskId", taskId).put("customId", customId);
        MidjourneyHttp.Reply reply = http.post(path, MidjourneyWire.text(body));
        if (reply.status() == 404 && settings.dialect() == Dialect.AUTO) {
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
        return submitResult(http.post(path, MidjourneyWire.text(body)), "POST " + path);
    }

    private static SubmitResult submitResult(MidjourneyHttp.Reply reply, String what) {
        int status = reply.status();
        if (status / 100 == 2) {
            return MidjourneyWire.submitResult(reply.body(), what);
        }
        if (status == 400 || status == 429) {
            // new-api relays the proxy's refusals as HTTP 400 (429 when rate limited) with {code, description}.
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
                Kind.HTTP_ERROR, "the Midjourney proxy answered HTTP " + status + " to " + what + hint);
    }
}
