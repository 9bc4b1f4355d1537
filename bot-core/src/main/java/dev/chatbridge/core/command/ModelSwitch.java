package dev.chatbridge.core.command;

import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.text.Text;
import java.util.Optional;

/** {@code /model [name]}: shows the user's model, or switches to one the gateway offers. */
final class ModelSwitch {

    private final ConversationStore store;
    private final ModelCatalog models;
    private final BotSettings settings;

    ModelSwitch(ConversationStore store, ModelCatalog models, BotSettings settings) {
        this.store = store;
        this.models = models;
        this.settings = settings;
    }

    String run(CommandCall call) {
        String platform = call.message().platform();
        String userId = call.message().userId();
        if (!call.hasArgument()) {
            UserSettings current = store.settings(platform, userId);
            return Text.MODEL_CURRENT.in(call.language(), current.modelOr(settings.defaultModel()));
        }
        String wanted = call.argument();
        Optional<String> known;
        try {
            known = models.models().stream()
                    .filter(id -> id.equalsIgnoreCase(wanted))
                    .findFirst();
        } catch (ModelCatalog.ModelListUnavailableException e) {
            // The gateway cannot list models right now; trust the user rather than refuse.
            known = Optional.of(wanted);
        }
        if (known.isEmpty()) {
            return Text.MODEL_UNKNOWN.in(call.language(), wanted);
        }
        store.updateSettings(platform, userId, "model", known.get());
        return Text.MODEL_SET.in(call.language(), known.get());
    }
}
