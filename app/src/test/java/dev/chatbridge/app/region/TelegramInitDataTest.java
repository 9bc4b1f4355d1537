package dev.chatbridge.app.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelegramInitDataTest {

    private static final String TOKEN = "424242:REGION-test-token";
    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    private static final TelegramInitData CHECK =
            new TelegramInitData(TOKEN, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(30));

    private static String signed(long authDate, String user, String token) throws Exception {
        return RegionPageIT.initData(
                Map.of("auth_date", Long.toString(authDate), "query_id", "AAH", "user", user), token);
    }

    @Test
    void provesTheUserOfInitDataTelegramSigned() throws Exception {
        String initData = signed(NOW.getEpochSecond() - 60, "{\"id\":1001,\"first_name\":\"A & B\"}", TOKEN);

        assertThat(CHECK.verifiedUserId(initData)).hasValue("1001");
    }

    @Test
    void refusesInitDataSignedWithAnotherTokenAlteredStaleOrWithoutUser() throws Exception {
        long fresh = NOW.getEpochSecond() - 60;
        String genuine = signed(fresh, "{\"id\":1001}", TOKEN);

        assertThat(CHECK.verifiedUserId(signed(fresh, "{\"id\":1001}", "424242:other")))
                .isEmpty();
        assertThat(CHECK.verifiedUserId(genuine.replace("1001", "1002"))).isEmpty();
        assertThat(CHECK.verifiedUserId(genuine.replaceAll("&hash=[0-9a-f]+", "")))
                .isEmpty();
        assertThat(CHECK.verifiedUserId(signed(NOW.getEpochSecond() - 3600, "{\"id\":1001}", TOKEN)))
                .isEmpty();
        assertThat(CHECK.verifiedUserId(signed(fresh, "{\"name\":\"no id\"}", TOKEN)))
                .isEmpty();
        assertThat(CHECK.verifiedUserId("")).isEmpty();
        assertThat(CHECK.verifiedUserId("garbage")).isEmpty();
    }
}
