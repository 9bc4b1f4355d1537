package dev.chatbridge.core.command;

import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /language [en|zh-CN|zh-TW|auto]}: shows the language the bot answers the user in, or
 * chooses one that wins over their client's language; {@code auto} follows the client again.
 */
final class LanguageSwitch {

    /** What the platforms offer as choices (Discord's slash command); other tags are understood too. */
    static final String[] CHOICES = {"en", "zh-CN", "zh-TW", "auto"};

    private static final Set<String> AUTO_WORDS = Set.of("auto", "reset", "default", "off");

    private final ConversationStore store;

    LanguageSwitch(ConversationStore store) {
        this.store = store;
    }

    String run(CommandCall call) {
        String platform = call.message().platform();
        String userId = call.message().userId();
        Language current = call.language();
        if (!call.hasArgument()) {
            UserSettings settings = store.settings(platform, userId);
            Text shown = settings.language() != null ? Text.LANGUAGE_CURRENT_CHOSEN : Text.LANGUAGE_CURRENT_AUTO;
            return shown.in(current, current.nameIn(current));
        }
        String wanted = call.argument();
        if (AUTO_WORDS.contains(wanted.toLowerCase(Locale.ROOT))) {
            store.updateSettings(platform, userId, UserSettings.LANGUAGE, null);
            Language client = Language.fromTag(call.message().languageCode());
            call.channel().languageChosen(client, call.message().languageCode());
            return Text.LANGUAGE_AUTO.in(client, client.nameIn(client));
        }
        Optional<Language> chosen = Language.parse(wanted);
        if (chosen.isEmpty()) {
            return Text.LANGUAGE_UNKNOWN.in(current, wanted);
        }
        store.updateSettings(
                platform, userId, UserSettings.LANGUAGE, chosen.get().code());
        call.channel().languageChosen(chosen.get(), call.message().languageCode());
        // Said in the language just chosen: the first text the user reads in it.
        return Text.LANGUAGE_SET.in(chosen.get(), chosen.get().nameIn(chosen.get()));
    }
}
