package dev.chatbridge.discord;

import dev.chatbridge.core.chat.ModelCatalog;
import java.util.List;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /model}'s autocomplete: the offered models (core's ModelCatalog) whose id or alias contains what the user typed. */
final class ModelChoices {

    private static final Logger log = LoggerFactory.getLogger(ModelChoices.class);
    private static final int MAX_CHOICES = 25;
    private static final int MAX_CHOICE_LENGTH = 100;

    private final ModelCatalog models;

    ModelChoices(ModelCatalog models) {
        this.models = models;
    }

    /** The id, with the operator's alias when it has one and the name still fits Discord's 100 characters. */
    private String label(String id) {
        return models.aliasOf(id)
                .map(alias -> id + " (" + alias + ")")
                .filter(name -> name.length() <= MAX_CHOICE_LENGTH)
                .orElse(id);
    }

    void suggest(CommandAutoCompleteInteractionEvent event) {
        if (!event.getName().equals(SlashCommands.MODEL)
                || !event.getFocusedOption().getName().equals(SlashCommands.MODEL_OPTION)) {
            event.replyChoices(List.of()).queue();
            return;
        }
        String typed = event.getFocusedOption().getValue();
        // The model list may need a gateway call; keep JDA's event thread free meanwhile.
        Thread.startVirtualThread(() -> {
            List<Command.Choice> choices;
            try {
                // The offered list (core's OfferedModels): excluded models are never suggested, aliases are searched.
                choices = models.search(typed, Integer.MAX_VALUE).stream()
                        .filter(id -> id.length() <= MAX_CHOICE_LENGTH)
                        .limit(MAX_CHOICES)
                        .map(id -> new Command.Choice(label(id), id))
                        .toList();
            } catch (ModelCatalog.ModelListUnavailableException e) {
                log.warn("No model suggestions: {}", e.getMessage());
                choices = List.of();
            }
            event.replyChoices(choices).queue(null, failure -> InteractionListener.logAckFailure(event, failure));
        });
    }
}
