package dev.chatbridge.core.command;

import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.LastQuestion;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The commands that act on the conversation: {@code /chat}, {@code /new}, {@code /cancel}, {@code /retry}, {@code /system}. */
final class ConversationCommands {

    private static final Set<String> RESET_WORDS = Set.of("reset", "clear", "off", "none", "清除", "重置");

    private final ConversationStore store;
    private final ChatService chat;
    private final ActiveAnswers activeAnswers;
    private final AttachmentDirectory attachments;
    private final CancelRequests cancelRequests;

    ConversationCommands(
            ConversationStore store,
            ChatService chat,
            ActiveAnswers activeAnswers,
            AttachmentDirectory attachments,
            CancelRequests cancelRequests) {
        this.store = store;
        this.chat = chat;
        this.activeAnswers = activeAnswers;
        this.attachments = attachments;
        this.cancelRequests = cancelRequests;
    }

    /** {@code /chat <question>}: the argument is the question. */
    @Nullable
    String ask(CommandCall call) throws InterruptedException {
        chat.answer(
                call.key(),
                call.message().userId(),
                call.argument(),
                call.message().attachments(),
                call.channel(),
                call.language());
        return null;
    }

    String forget(CommandCall call) {
        store.clear(call.key());
        return Text.CONTEXT_CLEARED.in(call.language());
    }

    @Nullable
    String cancel(CommandCall call) {
        if (activeAnswers.cancel(call.key().id(), Text.CANCELLED.in(call.language()))) {
            return null;
        }
        return cancelRequests.requestElsewhere(call.key().id(), call.language())
                ? Text.CANCEL_REQUESTED.in(call.language())
                : Text.NOTHING_TO_CANCEL.in(call.language());
    }

    /** Asks the last question again, with its pictures fetched again when the platform still has them. */
    @Nullable
    String retry(CommandCall call) throws InterruptedException {
        LastQuestion question = store.lastQuestion(call.key());
        if (question == null) {
            return Text.NOTHING_TO_RETRY.in(call.language());
        }
        store.popLastPairIfAbout(call.key(), question.stored());
        List<Attachment> restored = attachments.restoreAll(question.attachments());
        String userId = call.message().userId();
        if (restored.size() == question.attachments().size()) {
            chat.answer(call.key(), userId, question.asked(), restored, call.channel(), call.language());
        } else {
            // The text references only.
            chat.answer(call.key(), userId, question.stored(), call.channel(), call.language());
        }
        return null;
    }

    String system(CommandCall call) {
        String platform = call.message().platform();
        String userId = call.message().userId();
        if (!call.hasArgument()) {
            String current = store.settings(platform, userId).systemPrompt();
            return current == null
                    ? Text.SYSTEM_PROMPT_NONE.in(call.language())
                    : Text.SYSTEM_PROMPT_SHOW.in(call.language(), current);
        }
        if (RESET_WORDS.contains(call.argument().toLowerCase(Locale.ROOT))) {
            store.updateSettings(platform, userId, "system", null);
            return Text.SYSTEM_PROMPT_CLEARED.in(call.language());
        }
        store.updateSettings(platform, userId, "system", call.argument());
        return Text.SYSTEM_PROMPT_SET.in(call.language());
    }
}
