package dev.chatbridge.discord;

import dev.chatbridge.core.chat.ModelCatalog;
import java.util.List;
import java.util.Locale;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /model}'s autocomplete: the gateway's models (core's ModelCatalog) that contain what the user typed. */
final class ModelChoices {

    private static final Logger log = LoggerFactory.getLogger(ModelChoices.class);
    private static final int MAX_CHOICES = 25;
    private static final int MAX_CHOICE_LENGTH = 100;

    private final ModelCatalog models;

    ModelChoices(ModelCatalog models) {
        this.models = models;
    }

    void suggest(CommandAutoCompleteInteractionEvent event) {
        if (!event.getName().equals(SlashCommands.MODEL)
                || !event.getFocusedOption().getName().equals(SlashCommands.MODEL_OPTION)) {
            event.replyChoices(List.of()).queue();
            return;
        }
        String typed = event.getFocusedOption().getValue().toLowerCase(Locale.ROOT);
        // The model list may need a gateway call; keep JDA's event thread free meanwhile.
        Thread.startVirtualThread(() -> {
            List<Command.Choice> choices;
            try {
                choices = models.models().stream()
                        .filter(id -> id.toLowerCase(Locale.ROOT).contains(typed) && id.length() <= MAX_CHOICE_LENGTH)
                        .limit(MAX_CHOICES)
                        .map(id -> new Command.Choice(id, id))
                        .toList();
            } catch (ModelCatalog.ModelListUnavailableException e) {
                log.warn("No model suggestions: {}", e.getMessage());
                choices = List.of();
            }
            event.replyChoices(choices).queue(null, failure -> InteractionListener.logAckFailure(event, failure));
        });
    }
}
