package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.ContextWindow;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.LastQuestion;
import dev.chatbridge.core.conversation.TokenCounter;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.vision.ImageInput;
import dev.chatbridge.core.vision.ImageLinks;
import dev.chatbridge.core.vision.VisionContext;
import dev.chatbridge.core.voice.VoiceNotes;
import java.util.List;
import java.util.Optional;

/**
 * Makes a question ready for the model: the user's limits first, then the question's images (its
 * attachments and image links), the context that fits the token budget with the user's settings,
 * and the request. Tells the user when it stops short: a limit, pictures that could not be read, a
 * question too long for the model, or a trimmed context (once).
 */
final class QuestionPreparer {

    /** A rough charge per image against the token budget (OpenAI: 85–765 tokens for one image at "auto"). */
    private static final int TOKENS_PER_IMAGE = 800;

    /** Ready, or stopped with the result the user was told about. */
    sealed interface Preparation {
        record Ready(PreparedQuestion question) implements Preparation {}

        record Stopped(ChatService.Result result) implements Preparation {}
    }

    private final ConversationStore store;
    private final ChatPacer pacer;
    private final BotSettings settings;
    private final VisionContext vision;
    private final VoiceNotes voice;
    private final ToolBox tools;
    private final AnswerGuards guards;
    private final TokenCounter tokens;

    QuestionPreparer(
            ConversationStore store,
            ChatPacer pacer,
            BotSettings settings,
            VisionContext vision,
            VoiceNotes voice,
            ToolBox tools,
            AnswerGuards guards,
            TokenCounter tokens) {
        this.store = store;
        this.pacer = pacer;
        this.settings = settings;
        this.vision = vision;
        this.voice = voice;
        this.tools = tools;
        this.guards = guards;
        this.tokens = tokens;
    }

    Preparation prepare(
            ConversationKey key,
            String userId,
            String question,
            List<Attachment> given,
            VisionContext.FoundLinks links,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        long started = System.nanoTime();
        QuotaUser user = new QuotaUser(key.platform(), userId);
        Optional<String> refusal = guards.quotas().admitChat(user, question, language);
        if (refusal.isPresent()) {
            return refuse(channel, refusal.get());
        }
        List<Attachment> audio = given.stream().filter(VoiceNotes::isAudio).toList();
        List<Attachment> attachments =
                given.stream().filter(file -> !VoiceNotes.isAudio(file)).toList();
        if (!audio.isEmpty()) {
            // The transcript is the question (a caption stays above it); the user sees what was heard.
            channel.typing();
            switch (voice.transcribe(audio, language)) {
                case VoiceNotes.Outcome.Refused refused -> {
                    StreamingReply.deliverComplete(channel, pacer, refused.message());
                    return new Preparation.Stopped(ChatService.Result.FAILED);
                }
                case VoiceNotes.Outcome.Transcribed heard -> {
                    StreamingReply.deliverComplete(channel, pacer, Text.VOICE_TRANSCRIPT.in(language, heard.text()));
                    question = question.isBlank() ? heard.text() : question + "\n\n" + heard.text();
                }
            }
        }
        VisionContext.Loaded loaded = VisionContext.Loaded.NONE;
        if (!attachments.isEmpty() || !links.links().isEmpty()) {
            channel.typing();
            loaded = vision.load(attachments, links, language);
            if (loaded.refusal() != null) {
                StreamingReply.deliverComplete(channel, pacer, loaded.refusal());
                return new Preparation.Stopped(ChatService.Result.FAILED);
            }
        }
        // The images' heap stays reserved until the answer ends (ChatService closes the question),
        // or only until here when the question stops short.
        Preparation prepared = null;
        try {
            prepared = prepare(key, user, question, attachments, loaded, channel, language, started);
            return prepared;
        } finally {
            if (!(prepared instanceof Preparation.Ready)) {
                loaded.close();
            }
        }
    }

    private Preparation prepare(
            ConversationKey key,
            QuotaUser user,
            String asked,
            List<Attachment> attachments,
            VisionContext.Loaded loaded,
            ChatChannel channel,
            Language language,
            long started)
            throws InterruptedException {
        String question = asked;
        List<ImageInput> images = loaded.images();
        if (!loaded.notices().isEmpty()) {
            StreamingReply.deliverComplete(channel, pacer, String.join("\n", loaded.notices()));
        }
        if (loaded != VisionContext.Loaded.NONE) { // the message had pictures or image links
            if (images.isEmpty() && ImageLinks.onlyLinks(question)) {
                // The message was only image links and none of them gave an image: nothing left to ask.
                return new Preparation.Stopped(ChatService.Result.FAILED);
            }
            if (question.isBlank()) {
                question = Text.IMAGE_DEFAULT_QUESTION.in(language);
            }
        }
        String storedQuestion = VisionContext.storedQuestion(question, images);
        ConversationStore.Snapshot snapshot = store.beginTurn(
                key, user.userId(), new LastQuestion(storedQuestion, asked, Attachment.Reference.allOf(attachments)));
        String systemPrompt = snapshot.settings().systemPrompt() != null
                ? snapshot.settings().systemPrompt()
                : settings.defaultSystemPrompt();
        int fixedTokens = tokens.count(question)
                + images.size() * TOKENS_PER_IMAGE
                + (systemPrompt == null ? 0 : tokens.count(systemPrompt));
        if (fixedTokens > settings.contextTokenBudget()) {
            guards.metrics().refused("context_window");
            return refuse(
                    channel, Text.LIMIT_CONTEXT_TOO_LONG.in(language, fixedTokens, settings.contextTokenBudget()));
        }
        ContextWindow window =
                ContextWindow.fit(snapshot.history(), fixedTokens, settings.contextTokenBudget(), tokens);
        if (window.trimmed() && !snapshot.trimNoticeGiven()) {
            StreamingReply.deliverComplete(channel, pacer, Text.CONTEXT_TRIMMED.in(language));
            store.markTrimNoticeGiven(key);
        }
        String model =
                vision.settings().modelFor(snapshot.settings().modelOr(settings.defaultModel()), !images.isEmpty());
        UserSettings chosen = snapshot.settings();
        ChatRequest request = new ChatRequest(
                model,
                systemPrompt,
                window.turns(),
                question,
                images,
                tools.specs(),
                List.of(),
                AnswerTuning.maxTokensFor(chosen, settings.maxTokens()),
                settings.tuning().temperatureFor(chosen),
                AnswerTuning.imageDetailFor(chosen));
        return new Preparation.Ready(new PreparedQuestion(
                key, user, request, window, storedQuestion, fixedTokens, started, loaded.memory()));
    }

    private Preparation refuse(ChatChannel channel, String text) throws InterruptedException {
        guards.metrics().answer("refused");
        StreamingReply.deliverComplete(channel, pacer, text);
        return new Preparation.Stopped(ChatService.Result.REFUSED);
    }
}
