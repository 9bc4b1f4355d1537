package dev.chatbridge.app;

import org.springframework.context.SmartLifecycle;

/**
 * Starts a platform adapter once the whole context is up, and stops it first on shutdown (before the core, which
 * still drains answers in flight).
 */
final class AdapterLifecycle implements SmartLifecycle {

    /** A start or stop step that may fail. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final String platform;
    private final Step start;
    private final Step stop;
    private volatile boolean running;

    AdapterLifecycle(String platform, Step start, Step stop) {
        this.platform = platform;
        this.start = start;
        this.stop = stop;
    }

    @Override
    public void start() {
        try {
            start.run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    platform + " did not accept the bot token or is unreachable: " + e.getMessage(), e);
        }
        running = true;
    }

    @Override
    public void stop() {
        try {
            stop.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            running = false;
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
