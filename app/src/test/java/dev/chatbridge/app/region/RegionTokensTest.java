package dev.chatbridge.app.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegionTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    private static final RegionTokens.Claims CLAIMS =
            new RegionTokens.Claims("1733540000000001", "tg", "1001", "1001", NOW.plusSeconds(1800), true);

    private static RegionTokens at(Instant instant) {
        return RegionTokens.fromBotTokens("123:telegram", "discord", Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void aTokenItSignedIsValidUntilItsExpiryOnEveryReplica() {
        String token = at(NOW).sign(CLAIMS);

        assertThat(at(NOW.plusSeconds(1799)).check(token)).isEqualTo(new RegionTokens.Check.Valid(CLAIMS));
        assertThat(at(NOW.plusSeconds(1800)).check(token)).isInstanceOf(RegionTokens.Check.Expired.class);
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void aTokenOfOtherBotTokensOrAlteredInAnyWayIsForged() {
        String token = at(NOW).sign(CLAIMS);
        String payload = new String(
                Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        String otherUser = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("\n1001\n1001\n", "\n1001\n1002\n")
                                .getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        String laterExpiry = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace(
                                        Long.toString(NOW.plusSeconds(1800).getEpochSecond()),
                                        Long.toString(NOW.plusSeconds(86_400).getEpochSecond()))
                                .getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        RegionTokens otherBot = RegionTokens.fromBotTokens("456:other", "discord", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(at(NOW).check(otherUser)).isInstanceOf(RegionTokens.Check.Forged.class);
        assertThat(at(NOW).check(laterExpiry)).isInstanceOf(RegionTokens.Check.Forged.class);
        assertThat(otherBot.check(token)).isInstanceOf(RegionTokens.Check.Forged.class);
        assertThat(at(NOW).check(token.substring(0, token.length() - 1) + "A"))
                .isInstanceOf(RegionTokens.Check.Forged.class);
        assertThat(at(NOW).check("")).isInstanceOf(RegionTokens.Check.Forged.class);
        assertThat(at(NOW).check("not.base64!")).isInstanceOf(RegionTokens.Check.Forged.class);
        assertThat(at(NOW).check(token.substring(0, token.indexOf('.')))).isInstanceOf(RegionTokens.Check.Forged.class);
    }
}
