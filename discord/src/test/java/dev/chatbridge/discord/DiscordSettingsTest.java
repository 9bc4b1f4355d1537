package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscordSettingsTest {

    @Test
    void splitsTheShardsOverTheStatefulSetPodsByOrdinal() {
        assertThat(DiscordSettings.shardsOfPod(4, 2, "chatbridge-0")).containsExactly(0, 2);
        assertThat(DiscordSettings.shardsOfPod(4, 2, "chatbridge-1")).containsExactly(1, 3);
        assertThat(DiscordSettings.shardsOfPod(5, 3, "release-chatbridge-2")).containsExactly(2);
        assertThatThrownBy(() -> DiscordSettings.shardsOfPod(4, 2, "chatbridge"))
                .hasMessageContaining("ordinal");
        assertThatThrownBy(() -> DiscordSettings.shardsOfPod(4, 2, "chatbridge-2"))
                .hasMessageContaining("no shards");
    }

    @Test
    void runsAllShardsUnlessToldWhichAndRefusesImpossibleOnes() {
        assertThat(settings(3, List.of()).shardsToRun()).containsExactly(0, 1, 2);
        assertThat(settings(3, List.of(2)).shardsToRun()).containsExactly(2);
        assertThatThrownBy(() -> settings(2, List.of(2))).hasMessageContaining("outside");
    }

    @Test
    void keepsTheTokenOutOfItsDescriptionAndGivesJdaASlashTerminatedBase() {
        DiscordSettings settings = settings(1, List.of());
        assertThat(settings.toString()).doesNotContain("secret-token");
        assertThat(settings.restBase()).isEqualTo("https://discord.com/api/v10/");
        assertThatThrownBy(() -> new DiscordSettings(
                        "t",
                        "discord.com",
                        "wss://gateway.discord.gg",
                        1,
                        List.of(),
                        List.of(),
                        Set.of(),
                        Set.of(),
                        Duration.ofSeconds(1),
                        true,
                        DiscordSettings.DEFAULT_HELD_MESSAGES))
                .hasMessageContaining("DISCORD_API_URL");
    }

    @Test
    void stripsOnlyTheBotsOwnMention() {
        assertThat(MessageListener.stripMention("<@42> hello <@!42> and <@7>", 42))
                .isEqualTo("hello  and <@7>");
        assertThat(DiscordThreads.name("a very first line\nsecond")).isEqualTo("a very first line");
        assertThat(DiscordThreads.name("x".repeat(200))).hasSize(80);
    }

    private static DiscordSettings settings(int total, List<Integer> ids) {
        return new DiscordSettings(
                "secret-token",
                "https://discord.com/api/v10",
                "wss://gateway.discord.gg",
                total,
                ids,
                List.of(),
                Set.of(),
                Set.of(),
                Duration.ofSeconds(1),
                true,
                DiscordSettings.DEFAULT_HELD_MESSAGES);
    }
}
