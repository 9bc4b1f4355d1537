package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.delivery.OutgoingText;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

class DiscordMessagesTest {

    @Test
    void statusTextBecomesAnEmbedThatFitsDiscordsLimits() {
        OutgoingText status = OutgoingText.status("p".repeat(300), OutgoingText.Stage.FAILED, "d".repeat(5000));

        MessageEmbed embed = DiscordMessages.embed(status, status.status());

        assertThat(embed.getTitle()).hasSize(MessageEmbed.TITLE_MAX_LENGTH).endsWith("…");
        assertThat(embed.getDescription())
                .hasSize(MessageEmbed.DESCRIPTION_MAX_LENGTH)
                .endsWith("…");
        assertThat(embed.getColorRaw()).isEqualTo(DiscordMessages.color(OutgoingText.Stage.FAILED));
        assertThat(DiscordMessages.createData(status).getContent()).isEmpty();
        assertThat(DiscordMessages.editData(status).getEmbeds()).containsExactly(embed);
    }

    @Test
    void plainStatusTextIsEscapedSoItShowsAsWritten() {
        OutgoingText status = OutgoingText.status("a *bold* fox", OutgoingText.Stage.WORKING, "50% _done_");

        MessageEmbed embed = DiscordMessages.embed(status, status.status());

        assertThat(embed.getTitle()).isEqualTo("a \\*bold\\* fox");
        assertThat(embed.getDescription()).isEqualTo("50% \\_done\\_");
    }

    @Test
    void ordinaryTextStaysContentWithoutEmbeds() {
        assertThat(DiscordMessages.createData(OutgoingText.plain("hi")).getEmbeds())
                .isEmpty();
        assertThat(DiscordMessages.createData(OutgoingText.plain("hi")).getContent())
                .isEqualTo("hi");
    }
}
