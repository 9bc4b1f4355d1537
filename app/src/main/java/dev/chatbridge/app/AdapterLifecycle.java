package dev.chatbridge.app;

import dev.chatbridge.core.observe.PlatformStartException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a platform adapter once the whole context is up, and stops it first on shutdown (before the core, which
 * still drains answers in flight). A platform that cannot be reached does not stop the application, which would take
 * the other platform down with it: the start is tried again in the background (1 s, doubling up to 60 s) while
 * {@link #waiting()} tells the health endpoint why the platform is down. A token the platform rejects stops the
 * application: at once when that is the first answer, through {@code fatal} when it comes on a later attempt.
 */
final class AdapterLifecycle implements SmartLifecycle, ApplicationContextAware {

    private static final Logger log = LoggerFactory.getLogger(AdapterLifecycle.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    /** A start or stop step that may fail. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** Why the platform is not started yet, and when the next attempt is due. */
    record Waiting(String reason, Instant since, int attempts, Instant nextAttempt) {}

    private final String platform;
    private final Step start;
    private final Step stop;
    private final @Nullable Consumer<RuntimeException> fatal;
    private volatile @Nullable ApplicationContext context;
    private volatile boolean running;
    private volatile @Nullable Waiting waiting;
    private @Nullable Thread retries;
    private boolean started;
    private boolean stopped;

    /**
     * As a bean of the application, whose context comes through {@link ApplicationContextAware}: a token rejected on a
     * later attempt exits the application ({@link #exitApplication}).
     */
    AdapterLifecycle(String platform, Step start, Step stop) {
        this(platform, start, stop, null);
    }

    /** {@code fatal}: what to do when a later attempt finds the token rejected (the application exits). */
    AdapterLifecycle(String platform, Step start, Step stop, @Nullable Consumer<RuntimeException> fatal) {
        this.platform = platform;
        this.start = start;
        this.stop = stop;
        this.fatal = fatal;
    }

    @Override
    public void start() {
        try {
            start.run();
            synchronized (this) {
                started = true;
            }
        } catch (PlatformStartException.Unreachable e) {
            Instant now = Instant.now();
            waiting = new Waiting(e.getMessage(), now, 1, now.plus(FIRST_RETRY));
            log.warn(
                    "{} is unreachable ({}); the bot runs without it and tries again in {} s",
                    platform,
                    e.getMessage(),
                    FIRST_RETRY.toSeconds());
            synchronized (this) {
                retries = Thread.ofVirtual()
                        .name(platform.toLowerCase(Locale.ROOT) + "-start-retries")
                        .start(this::retry);
            }
        } catch (Exception e) {
            throw failure(e);
        }
        running = true;
    }

    private RuntimeException failure(Exception e) {
        if (e instanceof PlatformStartException.TokenRejected) {
            return new IllegalStateException(e.getMessage(), e);
        }
        return new IllegalStateException(platform + " could not start: " + e.getMessage(), e);
    }

    /** Tries the start again with a doubling delay until it works, the token is rejected, or the adapter stops. */
    private void retry() {
        Duration delay = FIRST_RETRY;
        while (true) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return; // stopping
            }
            synchronized (this) {
                if (stopped) {
                    return;
                }
            }
            Waiting before = waiting;
            int attempt = before == null ? 2 : before.attempts() + 1;
            try {
                start.run();
            } catch (PlatformStartException.Unreachable e) {
                synchronized (this) {
                    if (stopped) {
                        return; // the stop interrupted this attempt
                    }
                }
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
                waiting = new Waiting(
                        e.getMessage(),
                        before == null ? Instant.now() : before.since(),
                        attempt,
                        Instant.now().plus(delay));
                log.warn(
                        "{} is still unreachable after {} attempts ({}); next attempt in {} s",
                        platform,
                        attempt,
                        e.getMessage(),
                        delay.toSeconds());
                continue;
            } catch (Exception e) {
                RuntimeException failure = failure(e);
                log.error("{}: stopping the application", failure.getMessage());
                fail(failure);
                return;
            }
            synchronized (this) {
                waiting = null;
                if (stopped) {
                    runStop(); // the stop came while this attempt was connecting
                    return;
                }
                started = true;
            }
            log.info("{} is reachable again: started after {} attempts", platform, attempt);
            return;
        }
    }

    /**
     * The {@code fatal} of the application: closes it and exits with status 1, as a failed start does. On a thread
     * of its own, since closing the context stops the very adapter (and its threads) that found the failure.
     */
    static Consumer<RuntimeException> exitApplication(ApplicationContext context) {
        return failure -> Thread.ofPlatform()
                .name("chatbridge-exit")
                .start(() -> System.exit(SpringApplication.exit(context, () -> 1)));
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    /** A failure after the start that the application cannot run with (a token the platform rejected later on). */
    void fail(RuntimeException failure) {
        Consumer<RuntimeException> fatal = this.fatal;
        if (fatal == null) {
            ApplicationContext context = this.context;
            if (context == null) {
                throw failure; // not a bean: nothing to stop but the caller
            }
            fatal = exitApplication(context);
        }
        fatal.accept(failure);
    }

    /** Set while the platform could not be reached yet and the start is being tried again. */
    @Nullable
    Waiting waiting() {
        return waiting;
    }

    @Override
    public void stop() {
        try {
            synchronized (this) {
                stopped = true;
                if (retries != null) {
                    retries.interrupt();
                }
                if (started) {
                    runStop();
                }
            }
        } finally {
            running = false;
        }
    }

    private void runStop() {
        try {
            stop.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return CoreConfiguration.ADAPTER_PHASE;
    }
}
