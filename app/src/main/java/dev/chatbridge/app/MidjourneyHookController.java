package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The proxy's notifyHook: it POSTs the task JSON on every change. The secret in the path is the
 * only credential the proxy can carry, so it is compared in constant time; the answer is
 * immediate and the work happens in the background, so a slow delivery never makes it resend.
 */
@RestController
class MidjourneyHookController {

    static final String PATH = "/hooks/midjourney/";
    private static final Logger log = LoggerFactory.getLogger(MidjourneyHookController.class);

    private final ChatBridgeCore core;
    private final byte[] secret;

    MidjourneyHookController(ChatBridgeCore core, ChatBridgeProperties properties) {
        this.core = core;
        this.secret = properties.mj().notifySecret().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(PATH + "{secret}")
    ResponseEntity<Void> taskChanged(@PathVariable("secret") String presented, @RequestBody String body) {
        if (secret.length == 0 || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(403).build();
        }
        Optional<Task> task = MidjourneyClient.parseTask(body);
        if (task.isEmpty()) {
            log.warn("Ignoring an unreadable Midjourney notification");
            return ResponseEntity.badRequest().build();
        }
        // While stopping, 503: the job stays in Redis and another replica's polling picks it up.
        return core.imagineWatcher().submitTaskUpdate(task.get())
                ? ResponseEntity.ok().build()
                : ResponseEntity.status(503).build();
    }
}
