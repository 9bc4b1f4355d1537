package dev.chatbridge.core.command;

import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.LastQuestion;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.images.ImageCommand;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The commands every platform offers. Returns the reply text, or null when the command answered by itself. */
public final class CommandHandler {

    /** Commands that change the conversation, so they queue behind answers in the same conversation. */
    public static final Set<String> SEQUENCED = Set.of("new", "retry", "system", "model");

    /** Commands shown in the platform's command menu, in order. */
    public static final List<String> MENU =
            List.of("new", "retry", "cancel", "imagine", "image", "model", "models", "system", "usage", "help");

    private static final Set<String> RESET_WORDS = Set.of("reset", "clear", "off", "none", "清除", "重置");

    private final ConversationStore store;
    private final ChatService chat;
    private final ActiveAnswers activeAnswers;
    private final ModelCatalog models;
    private final BotSettings settings;
    private final ImagineService imagine;
    private final QuotaCommands quotaCommands;
    private final ModelPicker modelPicker;
    private final ImageCommand images;
    private final AttachmentDirectory attachments;

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
            AttachmentDirectory attachments) {
        this.attachments = attachments;
        this.imagine = imagine;
        this.quotaCommands = quotaCommands;
        this.modelPicker = modelPicker;
        this.images = images;
        this.store = store;
        this.chat = chat;
        this.activeAnswers = activeAnswers;
        this.models = models;
        this.settings = settings;
    }

    /** One-line descriptions for the platform's command menu. */
    public static String menuDescription(String command, Language language) {
        boolean zh = language == Language.ZH;
        return switch (command) {
            case "new" -> zh ? "开始新对话" : "Start a new conversation";
            case "retry" -> zh ? "重新回答上一个问题" : "Answer the last question again";
            case "cancel" -> zh ? "停止正在生成的回答" : "Stop the current answer";
            case "model" -> zh ? "查看或切换模型" : "Show or switch your model";
            case "models" -> zh ? "列出可用模型" : "List available models";
            case "system" -> zh ? "查看或设置系统提示词" : "Show or set your system prompt";
            case "help" -> zh ? "帮助" : "Help";
            case "imagine" -> zh ? "用 Midjourney 绘图" : "Draw with Midjourney";
            case "chat" -> zh ? "向 AI 提问" : "Ask the AI";
            case "usage" -> zh ? "查看今日用量和额度" : "Your usage today and your limits";
            case "image" -> zh ? "用网关的图像接口绘图" : "Draw with the gateway's images API";
            case "stats" -> zh ? "（管理员）今日用量排行" : "(admins) Today's usage, top users";
            case "allow" -> zh ? "（管理员）允许某个用户" : "(admins) Let a user use the bot";
            case "block" -> zh ? "（管理员）封禁某个用户" : "(admins) Block a user";
            case "limit" -> zh ? "（管理员）设置某个用户的限额" : "(admins) Set a user's limit";
            default -> throw new IllegalArgumentException("no menu entry for " + command);
        };
    }

    /** A press on a /models button: switches the presser's model; returns the notice to show. */
    public String pressModelButton(dev.chatbridge.core.message.ButtonPress press, Language language) {
        return modelPicker.press(press, language);
    }

    public @Nullable String handle(
            Command command, UserMessage message, ConversationKey key, Language language, ChatChannel channel)
            throws InterruptedException {
        return switch (command.name()) {
            case "start" -> Text.WELCOME.in(language, message.userName());
            case "help" -> Text.HELP.in(language);
            case "new", "reset", "clear" -> {
                store.clear(key);
                yield Text.CONTEXT_CLEARED.in(language);
            }
            case "cancel", "stop" ->
                activeAnswers.cancel(key.id(), Text.CANCELLED.in(language))
                        ? null
                        : Text.NOTHING_TO_CANCEL.in(language);
            case "retry" -> retry(message, key, language, channel);
            case "system" -> system(command, message, language);
            case "model" -> model(command, message, language);
            case "models" -> {
                modelPicker.show(message, channel, language);
                yield null;
            }
            case "image", "draw" -> {
                if (!command.hasArgument()) {
                    yield Text.IMAGE_USAGE.in(language);
                }
                images.draw(new QuotaUser(message.platform(), message.userId()), command.argument(), channel, language);
                yield null;
            }
            case "imagine", "mj" -> {
                if (!command.hasArgument()) {
                    yield Text.IMAGINE_USAGE.in(language);
                }
                imagine.imagine(
                        message.platform(), message.chatId(), message.userId(), command.argument(), channel, language);
                yield null;
            }
            case "usage", "stats", "allow", "block", "limit" -> quotaCommands.handle(command, message, language);
            default -> Text.UNKNOWN_COMMAND.in(language);
        };
    }

    /** Asks the last question again, with its pictures fetched again when the platform still has them. */
    private @Nullable String retry(UserMessage message, ConversationKey key, Language language, ChatChannel channel)
            throws InterruptedException {
        LastQuestion question = store.lastQuestion(key);
        if (question == null) {
            return Text.NOTHING_TO_RETRY.in(language);
        }
        store.popLastPairIfAbout(key, question.stored());
        List<Attachment> restored = attachments.restoreAll(question.attachments());
        if (restored.size() == question.attachments().size()) {
            chat.answer(key, message.userId(), question.asked(), restored, channel, language);
        } else {
            chat.answer(key, message.userId(), question.stored(), channel, language); // the text references only
        }
        return null;
    }

    private String system(Command command, UserMessage message, Language language) {
        if (!command.hasArgument()) {
            String current =
                    store.settings(message.platform(), message.userId()).systemPrompt();
            return current == null
                    ? Text.SYSTEM_PROMPT_NONE.in(language)
                    : Text.SYSTEM_PROMPT_SHOW.in(language, current);
        }
        if (RESET_WORDS.contains(command.argument().toLowerCase(Locale.ROOT))) {
            store.updateSettings(message.platform(), message.userId(), "system", null);
            return Text.SYSTEM_PROMPT_CLEARED.in(language);
        }
        store.updateSettings(message.platform(), message.userId(), "system", command.argument());
        return Text.SYSTEM_PROMPT_SET.in(language);
    }

    private String model(Command command, UserMessage message, Language language) {
        if (!command.hasArgument()) {
            UserSettings current = store.settings(message.platform(), message.userId());
            return Text.MODEL_CURRENT.in(language, current.modelOr(settings.defaultModel()));
        }
        String wanted = command.argument();
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
            return Text.MODEL_UNKNOWN.in(language, wanted);
        }
        store.updateSettings(message.platform(), message.userId(), "model", known.get());
        return Text.MODEL_SET.in(language, known.get());
    }
}
