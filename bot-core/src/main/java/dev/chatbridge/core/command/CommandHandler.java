package dev.chatbridge.core.command;

import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.images.ImageCommand;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.imagine.PromptForm;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.vision.VisionContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs the commands of {@link Commands}: one handler per spec, checked at construction, so a spec
 * without a handler (or the reverse) fails at startup instead of answering "unknown command".
 * Admin commands are refused here for everyone but the operator's admins.
 */
public final class CommandHandler {

    private final Map<String, CommandAction> handlers = new HashMap<>();
    private final AccessControl access;
    private final ModelPicker modelPicker;
    private final SettingsMenu settingsMenu;

    public CommandHandler(
            ConversationStore store,
            ChatService chat,
            ActiveAnswers activeAnswers,
            ModelCatalog models,
            BotSettings settings,
            ImagineService imagine,
            QuotaCommands quotaCommands,
            ModelPicker modelPicker,
            ImageCommand images,
            AttachmentDirectory attachments,
            AccessControl access,
            CancelRequests cancelRequests,
            ChatPacer pacer,
            VisionContext vision,
            SystemPromptAsks systemAsks) {
        this.access = access;
        this.modelPicker = modelPicker;
        this.settingsMenu = new SettingsMenu(store, settings, modelPicker, pacer, imagine.speedModes(), systemAsks);
        ConversationCommands conversation =
                new ConversationCommands(store, chat, activeAnswers, attachments, cancelRequests);
        ModelSwitch modelSwitch = new ModelSwitch(store, models, settings);
        handle("start", call -> Text.WELCOME.in(call.language(), call.message().userName()));
        handle("help", call -> HelpText.render(call.language()));
        handle("chat", conversation::ask);
        handle("new", conversation::forget);
        handle("cancel", conversation::cancel);
        handle("retry", conversation::retry);
        handle("system", conversation::system);
        handle("model", modelSwitch::run);
        handle("language", new LanguageSwitch(store)::run);
        handle("settings", settingsMenu::show);
        handle("models", call -> {
            modelPicker.show(call.message(), call.channel(), call.language());
            return null;
        });
        handle("image", call -> {
            if (!call.hasArgument()) {
                return Text.IMAGE_USAGE.in(call.language());
            }
            images.draw(quotaUser(call.message()), call.argument(), call.channel(), call.language());
            return null;
        });
        PictureCommands pictures = new PictureCommands(imagine, vision);
        handle("imagine", pictures::imagine);
        handle("describe", pictures::describe);
        handle("blend", pictures::blend);
        for (String quota : new String[] {"usage", "stats", "allow", "block", "limit"}) {
            handle(quota, call -> quotaCommands.handle(call.command(), call.message(), call.language()));
        }
        for (CommandSpec spec : Commands.ALL) {
            if (!handlers.containsKey(spec.name())) {
                throw new IllegalStateException("no handler for the command /" + spec.name());
            }
        }
    }

    private void handle(String name, CommandAction action) {
        if (Commands.find(name).filter(spec -> spec.name().equals(name)).isEmpty()) {
            throw new IllegalStateException("a handler for /" + name + ", which has no spec in Commands");
        }
        handlers.put(name, action);
    }

    /** Whether the command changes the conversation, so it waits its turn in the conversation's queue. */
    public static boolean queuesInOrder(String word) {
        return Commands.find(word).map(CommandSpec::queued).orElse(false);
    }

    /** A press on a /models button: switches the presser's model; returns the notice to show. */
    public String pressModelButton(ButtonPress press, ChatChannel channel, Language language) {
        return modelPicker.press(press, channel, language);
    }

    /** Whether a button belongs to the {@code /settings} menu. */
    public static boolean isSettingsButton(String key) {
        return key.startsWith(SettingsMenu.PREFIX);
    }

    /** True for a /settings button that opens a form where the platform shows one at the press (Discord). */
    public static boolean opensSettingsForm(String key) {
        return SettingsMenu.opensForm(key);
    }

    /** The form such a button opens: the system prompt, prefilled. */
    public PromptForm settingsForm(ButtonPress press, Language language) {
        return settingsMenu.systemPromptForm(press, language);
    }

    /** True when {@code reply} answers a question of /settings (the system prompt's). */
    public boolean answersSettings(PromptReply reply) {
        return settingsMenu.answers(reply);
    }

    /** Stores the answer to a question of /settings; returns what to tell the user (empty: nothing new). */
    public String answerSettings(PromptReply reply, Language language) {
        return settingsMenu.answer(reply, language);
    }

    /** A press on a /settings button: opens a row's choices or stores one; returns the notice to show. */
    public String pressSettingsButton(ButtonPress press, ChatChannel channel, Language language)
            throws InterruptedException {
        return settingsMenu.press(press, channel, language);
    }

    /** Runs a command; returns the reply text, or null when the command answered by itself. */
    public @Nullable String handle(
            Command command, UserMessage message, ConversationKey key, Language language, ChatChannel channel)
            throws InterruptedException {
        Optional<CommandSpec> spec = Commands.find(command.name());
        if (spec.isEmpty()) {
            return Text.UNKNOWN_COMMAND.in(language);
        }
        if (spec.get().audience() == CommandSpec.Audience.ADMINS && !access.isAdmin(message.userId())) {
            return Text.ADMIN_ONLY.in(language);
        }
        return handlers.get(spec.get().name())
                .run(new CommandCall(spec.get(), command, message, key, language, channel));
    }

    private static QuotaUser quotaUser(UserMessage message) {
        return new QuotaUser(message.platform(), message.userId());
    }
}
