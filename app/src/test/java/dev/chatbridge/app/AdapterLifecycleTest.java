package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.observe.PlatformStartException;
import dev.chatbridge.testsupport.common.Await;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The start of a platform adapter: tried again while unreachable, fatal once the token is rejected. */
class AdapterLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static PlatformStartException.Unreachable unreachable() {
        return new PlatformStartException.Unreachable(
                "cannot reach the Bot API (ConnectException)", new ConnectException("refused"));
    }

    private static PlatformStartException.TokenRejected rejected() {
        return new PlatformStartException.TokenRejected(
                "Telegram rejected the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN", new IOException("401"));
    }

    @Test
    void triesAnUnreachablePlatformAgainAndReportsWhyUntilItStarts() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger stops = new AtomicInteger();
        AdapterLifecycle lifecycle = new AdapterLifecycle(
                "Telegram",
                () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw unreachable();
                    }
                },
                stops::incrementAndGet,
                failure -> {
                    throw new AssertionError("not fatal", failure);
                });

        lifecycle.start();

        assertThat(lifecycle.isRunning()).isTrue();
        AdapterLifecycle.Waiting waiting = lifecycle.waiting();
        assertThat(waiting).isNotNull();
        assertThat(waiting.reason()).isEqualTo("cannot reach the Bot API (ConnectException)");
        assertThat(waiting.attempts()).isEqualTo(1);
        Await.until(() -> lifecycle.waiting() == null, WAIT, () -> "the third attempt");
        assertThat(attempts).hasValue(3);

        lifecycle.stop();
        assertThat(stops).hasValue(1);
        assertThat(lifecycle.isRunning()).isFalse();
    }

    @Test
    void aTokenRejectedOnALaterAttemptIsFatal() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<RuntimeException> fatal = new CompletableFuture<>();
        AdapterLifecycle lifecycle = new AdapterLifecycle(
                "Telegram",
                () -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw unreachable();
                    }
                    throw rejected();
                },
                () -> {},
                fatal::complete);

        lifecycle.start();

        assertThat(fatal.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasMessage("Telegram rejected the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN");
        lifecycle.stop();
    }

    @Test
    void aTokenRejectedAtTheFirstAttemptFailsTheStart() {
        AdapterLifecycle lifecycle = new AdapterLifecycle(
                "Telegram",
                () -> {
                    throw rejected();
                },
                () -> {},
                failure -> {});

        assertThatThrownBy(lifecycle::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Telegram rejected the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN");
        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(lifecycle.waiting()).isNull();
    }

    @Test
    void anyOtherFailureStillFailsTheStart() {
        AdapterLifecycle lifecycle = new AdapterLifecycle(
                "Telegram",
                () -> {
                    throw new IllegalArgumentException("bad webhook: HTTPS url must be provided");
                },
                () -> {},
                failure -> {});

        assertThatThrownBy(lifecycle::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Telegram could not start: bad webhook: HTTPS url must be provided");
    }
}
