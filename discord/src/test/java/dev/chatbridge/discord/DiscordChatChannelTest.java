package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.delivery.OutgoingText;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

class DiscordChatChannelTest {

    @Test
    void statusTextBecomesAnEmbedThatFitsDiscordsLimits() {
        OutgoingText status = OutgoingText.status("p".repeat(300), OutgoingText.Stage.FAILED, "d".repeat(5000));

        MessageEmbed embed = DiscordChatChannel.embed(status, status.status());

        assertThat(embed.getTitle()).hasSize(MessageEmbed.TITLE_MAX_LENGTH).endsWith("…");
        assertThat(embed.getDescription())
                .hasSize(MessageEmbed.DESCRIPTION_MAX_LENGTH)
                .endsWith("…");
        assertThat(embed.getColorRaw()).isEqualTo(DiscordChatChannel.color(OutgoingText.Stage.FAILED));
        assertThat(DiscordChatChannel.createData(status).getContent()).isEmpty();
        assertThat(DiscordChatChannel.editData(status).getEmbeds()).containsExactly(embed);
    }

    @Test
    void plainStatusTextIsEscapedSoItShowsAsWritten() {
        OutgoingText status = OutgoingText.status("a *bold* fox", OutgoingText.Stage.WORKING, "50% _done_");

        MessageEmbed embed = DiscordChatChannel.embed(status, status.status());

        assertThat(embed.getTitle()).isEqualTo("a \\*bold\\* fox");
        assertThat(embed.getDescription()).isEqualTo("50% \\_done\\_");
    }

    @Test
    void ordinaryTextStaysContentWithoutEmbeds() {
        assertThat(DiscordChatChannel.createData(OutgoingText.plain("hi")).getEmbeds())
                .isEmpty();
        assertThat(DiscordChatChannel.createData(OutgoingText.plain("hi")).getContent())
                .isEqualTo("hi");
    }
}
