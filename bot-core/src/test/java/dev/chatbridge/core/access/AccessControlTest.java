package dev.chatbridge.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessControlTest {

    private final AccessControl access =
            new AccessControl(AccessPolicy.fromLists("ada", "root", "-100123, 900 ,"), new InMemoryAccessLists());

    @Test
    void anAllowedChatLetsEveryoneInThereOnly() {
        assertThat(access.check("stranger", List.of("-100123"))).isEqualTo(AccessControl.Verdict.ALLOWED);
        assertThat(access.check("stranger", List.of("555", "900"))).isEqualTo(AccessControl.Verdict.ALLOWED);
        assertThat(access.check("stranger", List.of("-100999"))).isEqualTo(AccessControl.Verdict.NOT_ON_ALLOWLIST);
        assertThat(access.check("stranger")).isEqualTo(AccessControl.Verdict.NOT_ON_ALLOWLIST);
        assertThat(access.check("ada", List.of("-100999"))).isEqualTo(AccessControl.Verdict.ALLOWED);
    }

    @Test
    void aBlockStillWinsInAnAllowedChat() {
        access.block("stranger");
        assertThat(access.check("stranger", List.of("-100123"))).isEqualTo(AccessControl.Verdict.BLOCKED);
        assertThat(access.block("root")).isFalse();
        assertThat(access.check("root", List.of())).isEqualTo(AccessControl.Verdict.ALLOWED);
    }
}
