package dev.chatbridge.core.imagine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SpeedModesTest {

    private final SpeedModeMemory memory = SpeedModeMemory.inMemory();
    private final List<String> routes = new ArrayList<>();

    @Test
    void sendsInTheUsersModeAndRemembersThatTheProxyOffersIt() {
        SpeedModes modes = new SpeedModes((platform, user) -> Optional.of(SpeedMode.TURBO), memory);

        SpeedModes.Routed<String> routed = modes.submit(proxy(true), "tg", "1", this::imagine);

        assertThat(routed.result()).isEqualTo("/mj-turbo");
        assertThat(routed.modeDropped()).isFalse();
        assertThat(memory.offered()).isEqualTo(SpeedModeMemory.Offered.YES);
    }

    @Test
    void fallsBackToThePlainRouteOnceAndThenGoesThereDirectly() {
        SpeedModes modes = new SpeedModes((platform, user) -> Optional.of(SpeedMode.RELAX), memory);

        SpeedModes.Routed<String> first = modes.submit(proxy(false), "tg", "1", this::imagine);
        SpeedModes.Routed<String> second = modes.submit(proxy(false), "tg", "1", this::imagine);

        assertThat(first.result()).isEqualTo("plain");
        assertThat(first.modeDropped()).isTrue();
        assertThat(second.modeDropped()).isTrue();
        assertThat(routes).containsExactly("/mj-relax?", "plain", "plain");
        assertThat(memory.offered()).isEqualTo(SpeedModeMemory.Offered.NO);
        assertThat(modes.firstNotice("tg", "1")).isTrue();
        assertThat(modes.firstNotice("tg", "1")).isFalse();
    }

    @Test
    void usersWithoutAModeUseThePlainRouteAndOtherFailuresAreNotTakenForMissingRoutes() {
        SpeedModes none = new SpeedModes((platform, user) -> Optional.empty(), memory);
        assertThat(none.submit(proxy(true), "tg", "1", this::imagine).result()).isEqualTo("plain");

        SpeedModes fast = new SpeedModes((platform, user) -> Optional.of(SpeedMode.FAST), memory);
        assertThatThrownBy(() -> fast.submit(proxy(true), "tg", "1", p -> {
                    throw new MidjourneyException(MidjourneyException.Kind.UNREACHABLE, "down");
                }))
                .isInstanceOf(MidjourneyException.class);
        assertThat(memory.offered()).isEqualTo(SpeedModeMemory.Offered.UNKNOWN);
    }

    private String imagine(MidjourneyProxy proxy) {
        return proxy.imagine("x", null).description();
    }

    /** A proxy whose submits answer with the route they went to; with {@code modes} false, mode routes are 404. */
    private MidjourneyProxy proxy(boolean modes) {
        return new Routed("plain", modes);
    }

    private final class Routed implements MidjourneyProxy {
        private final String route;
        private final boolean modes;

        Routed(String route, boolean modes) {
            this.route = route;
            this.modes = modes;
        }

        @Override
        public SubmitResult action(String taskId, String customId, @Nullable String notifyHook) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SubmitResult modal(
                String taskId, String prompt, @Nullable String maskBase64, @Nullable String notifyHook) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Task> fetch(String taskId) {
            return Optional.empty();
        }

        @Override
        public byte[] download(String imageUrl, long maxBytes) {
            return new byte[0];
        }

        @Override
        public SubmitResult imagine(String prompt, @Nullable String notifyHook) {
            if (!route.equals("plain") && !modes) {
                routes.add(route + "?");
                throw new MidjourneyException(MidjourneyException.Kind.NO_ROUTE, "HTTP 404");
            }
            routes.add(route);
            return new SubmitResult(1, route, "1", null, null);
        }

        @Override
        public MidjourneyProxy inMode(SpeedMode mode) {
            return new Routed(mode.routePrefix(), modes);
        }
    }
}
