package dev.chatbridge.core.upstream.openai;

import com.openai.core.ObjectMappers;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the upstream clients' beans all need first, begun on a thread of its own before the application context is
 * built: OkHttp's platform with the JDK's trust store and TLS socket factory (the first HTTP client pays for them),
 * and the OpenAI SDK's JSON mappers. Each costs 100-200 ms when the main thread meets it first, while during a
 * start the second core has little to do. The main thread then finds the work done, or waits only for the rest of
 * it (the JVM initialises a class once, whichever thread asks first).
 */
public final class StartupWarmUp {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);

    private StartupWarmUp() {}

    /** Call first thing in {@code main}; returns at once. A failure costs only the time it would have saved. */
    public static void begin() {
        Thread.ofPlatform().daemon().name("startup-warm-up").start(() -> {
            try {
                new OkHttpClient.Builder().build();
                ObjectMappers.jsonMapper();
            } catch (RuntimeException | LinkageError e) {
                log.debug("Warming up the HTTP clients failed; their beans do the work instead", e);
            }
        });
    }
}
