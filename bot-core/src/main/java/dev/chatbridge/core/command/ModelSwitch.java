package dev.chatbridge.core.command;

import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.text.Text;

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
        ModelCatalog.Choice choice;
        try {
            choice = models.choose(wanted);
        } catch (ModelCatalog.ModelListUnavailableException e) {
            // The gateway cannot list models right now; trust the user rather than refuse (exclusions still hold).
            choice = new ModelCatalog.Choice.Offered(wanted.strip());
        }
        return switch (choice) {
            case ModelCatalog.Choice.Offered offered -> {
                store.updateSettings(platform, userId, "model", offered.id());
                yield Text.MODEL_SET.in(call.language(), offered.id());
            }
            case ModelCatalog.Choice.Excluded excluded -> Text.MODEL_EXCLUDED.in(call.language(), excluded.id());
            case ModelCatalog.Choice.Unknown unknown -> Text.MODEL_UNKNOWN.in(call.language(), wanted);
        };
    }
}
