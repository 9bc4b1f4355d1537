package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The proxy's notifyHook: it POSTs the task JSON on every change. The secret in the path is the
 * only credential the proxy can carry, so it is compared in constant time, and before a byte of
 * the body is read: a stranger can neither make the app buffer a large body nor hold a request
 * open by sending it slowly. The route exists only when a secret is configured. The answer is
 * immediate and the work happens in the background, so a slow delivery never makes it resend.
 */
final class MidjourneyHookEndpoint {

    static final String PATH = "/hooks/midjourney/";
    /** A task's JSON is a few kilobytes (buttons, prompt, URLs); anything far larger is not a task. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(MidjourneyHookEndpoint.class);

    private MidjourneyHookEndpoint() {}

    /** The route, or one that matches nothing (404) when no secret is configured. */
    static RouterFunction<ServerResponse> route(ChatBridgeCore core, String secret) {
        if (secret.isBlank()) {
            return request -> Optional.empty();
        }
        byte[] expected = secret.getBytes(StandardCharsets.UTF_8);
        return RouterFunctions.route()
                .POST(PATH + "{secret}", request -> handle(core, expected, request))
                .build();
    }

    private static ServerResponse handle(ChatBridgeCore core, byte[] expected, ServerRequest request)
            throws IOException {
        byte[] presented = request.pathVariable("secret").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            return ServerResponse.status(403).build();
        }
        if (request.headers().contentLength().orElse(0) > MAX_BODY_BYTES) {
            return ServerResponse.status(413).build();
        }
        byte[] body;
        try (InputStream in = request.servletRequest().getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return ServerResponse.status(413).build();
        }
        Optional<Task> task = MidjourneyClient.parseTask(new String(body, StandardCharsets.UTF_8));
        if (task.isEmpty()) {
            log.warn("Ignoring an unreadable Midjourney notification");
            return ServerResponse.badRequest().build();
        }
        // While stopping, 503: the job stays in Redis and another replica's polling picks it up.
        return core.imagineWatcher().submitTaskUpdate(task.get())
                ? ServerResponse.ok().build()
                : ServerResponse.status(503).build();
    }
}
