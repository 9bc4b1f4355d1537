package dev.chatbridge.core.imagine;

import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a user's submits in their speed mode. The first submit under a mode's prefix finds out whether the proxy
 * serves it: a proxy without speed modes answers 404 there, which is remembered (by all replicas, for a while), and
 * the submit goes again on the plain route so the user still gets their picture. While the routes are known to be
 * missing, submits go straight to the plain route.
 */
public final class SpeedModes {

    /** The speed mode a user chose, if any. */
    @FunctionalInterface
    public interface Choices {
        Optional<SpeedMode> of(String platform, String userId);
    }

    /** A submit's result, and whether the user's mode had to be left out because the proxy has no such routes. */
    public record Routed<T>(T result, boolean modeDropped) {}

    private static final Logger log = LoggerFactory.getLogger(SpeedModes.class);

    private final Choices choices;
    private final SpeedModeMemory memory;

    public SpeedModes(Choices choices, SpeedModeMemory memory) {
        this.choices = choices;
        this.memory = memory;
    }

    /** Nobody chooses a mode: every submit goes to the plain route. */
    public static SpeedModes none() {
        return new SpeedModes((platform, userId) -> Optional.empty(), SpeedModeMemory.inMemory());
    }

    public Optional<SpeedMode> modeOf(String platform, String userId) {
        return choices.of(platform, userId);
    }

    /** Whether the proxy serves the mode routes, as far as is known. */
    public SpeedModeMemory.Offered offered() {
        return memory.offered();
    }

    /** True once per user: the first time their chosen mode could not be used. */
    public boolean firstNotice(String platform, String userId) {
        return memory.firstNotice(platform, userId);
    }

    /** Runs {@code submit} against the proxy in the user's mode, or on the plain route (see the class comment). */
    public <T> Routed<T> submit(
            MidjourneyProxy proxy, String platform, String userId, Function<MidjourneyProxy, T> submit) {
        Optional<SpeedMode> mode = choices.of(platform, userId);
        if (mode.isEmpty()) {
            return new Routed<>(submit.apply(proxy), false);
        }
        if (memory.offered() == SpeedModeMemory.Offered.NO) {
            return new Routed<>(submit.apply(proxy), true);
        }
        T result;
        try {
            result = submit.apply(proxy.inMode(mode.get()));
        } catch (MidjourneyException e) {
            if (e.kind() != MidjourneyException.Kind.NO_ROUTE) {
                throw e;
            }
            log.info(
                    "The Midjourney proxy has no speed-mode routes ({}): submitting on the plain route",
                    e.getMessage());
            memory.remember(false);
            return new Routed<>(submit.apply(proxy), true);
        }
        if (memory.offered() != SpeedModeMemory.Offered.YES) {
            memory.remember(true);
        }
        return new Routed<>(result, false);
    }
}
