package dev.chatbridge.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.delivery.ChatChannel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every channel the core talks to is wrapped in a {@link MeteredChannel}. A channel method it did not
 * override would fall back to the interface's default ("this channel cannot …") and silently hide
 * what the platform's channel does, so a new method must be forwarded here too.
 */
class MeteredChannelTest {

    @Test
    void forwardsEveryChannelMethod() {
        assertThat(Arrays.stream(ChatChannel.class.getMethods())
                        .filter(method -> !Modifier.isStatic(method.getModifiers()))
                        .filter(method -> !overridden(method))
                        .map(Method::getName))
                .isEmpty();
    }

    private static boolean overridden(Method method) {
        try {
            return MeteredChannel.class
                            .getDeclaredMethod(method.getName(), method.getParameterTypes())
                            .getDeclaringClass()
                    == MeteredChannel.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
