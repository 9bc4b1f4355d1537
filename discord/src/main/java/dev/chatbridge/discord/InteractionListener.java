package dev.chatbridge.discord;

import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.imagine.AskKeys;
import dev.chatbridge.core.imagine.FormOpening;
import dev.chatbridge.core.imagine.PromptForm;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.pipeline.BotEngine;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns interactions into core inputs: slash commands (acknowledged with a deferred reply, answered through an
 * {@link InteractionChatChannel}), button presses (acknowledged with an ephemeral deferred reply that then shows the
 * core's notice) and /model autocomplete. Each is acknowledged on JDA's event thread before anything touches Redis
 * or the network, since Discord forgets an interaction after 3 s; the rest runs in the channel's {@link ChatLanes
 * lane}, in arrival order. Outside the allowlist every interaction still gets an answer. The exception are buttons
 * that ask for text (see {@link #openForm}): their first answer must be the modal itself.
 */
final class InteractionListener extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InteractionListener.class);
    /** The custom id of the prompt's text input in the forms the core asks for. */
    static final String FORM_INPUT = "prompt";

    private final BotEngine engine;
    private final ModelChoices modelChoices;
    private final DiscordChats chats;
    private final DiscordPlaces places;
    private final Duration interactionTokenWindow;
    private final ChatLanes lanes;
    private final HeldMessages held;

    InteractionListener(
            BotEngine engine,
            ModelCatalog models,
            DiscordChats chats,
            DiscordPlaces places,
            Duration interactionTokenWindow,
            ChatLanes lanes,
            HeldMessages held) {
        this.engine = engine;
        this.modelChoices = new ModelChoices(models);
        this.chats = chats;
        this.places = places;
        this.interactionTokenWindow = interactionTokenWindow;
        this.lanes = lanes;
        this.held = held;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        MessageChannel channel = event.getChannel();
        Language language = language(event);
        if (refusedHere(event, channel, language)) {
            return;
        }
        boolean uploads = Set.of("imagine", "image", "describe", "blend").contains(event.getName());
        List<String> missing = uploads ? DiscordPlaces.missingPermissions(channel, true) : List.of();
        if (!missing.isEmpty()) {
            DiscordPlaces.logMissing(channel, missing);
            event.reply(Text.MISSING_PERMISSIONS.in(language, String.join(", ", missing)))
                    .setEphemeral(true)
                    .queue(null, failure -> logAckFailure(event, failure));
            return;
        }
        // Acknowledge first: Discord forgets the interaction after 3 s.
        event.deferReply().queue(null, failure -> logAckFailure(event, failure));
        User user = event.getUser();
        String chatId = DiscordChats.chatId(channel, user);
        boolean botThread = channel instanceof ThreadChannel thread
                && thread.getOwnerIdLong() == event.getJDA().getSelfUser().getIdLong();
        UserMessage.ChatKind kind = channel.getType() == ChannelType.PRIVATE
                ? UserMessage.ChatKind.PRIVATE
                : botThread ? UserMessage.ChatKind.THREAD : UserMessage.ChatKind.GROUP;
        UserMessage inbound = new UserMessage(
                DiscordChats.PLATFORM,
                "i" + event.getId(),
                chatId,
                kind,
                user.getId(),
                user.getEffectiveName(),
                event.getUserLocale().getLocale(),
                SlashCommands.asText(event),
                SlashCommands.pictures(event),
                DiscordChats.places(chatId, channel));
        InteractionChatChannel answer = new InteractionChatChannel(
                event.getHook(), chats.channel(channel, chatId, null), interactionTokenWindow);
        lanes.run(channel.getId(), () -> held.accept(inbound, answer));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        MessageChannel channel = event.getChannel();
        Language language = language(event);
        if (refusedHere(event, channel, language)) {
            return;
        }
        String chatId = DiscordChats.chatId(channel, event.getUser());
        ButtonPress press = new ButtonPress(
                DiscordChats.PLATFORM,
                "i" + event.getId(),
                chatId,
                event.getUser().getId(),
                event.getUserLocale().getLocale(),
                event.getComponentId(),
                event.getMessageId(),
                DiscordChats.places(chatId, channel));
        if (AskKeys.opensForm(press.key()) || CommandHandler.opensSettingsForm(press.key())) {
            openForm(event, press);
            return;
        }
        // Acknowledge first, only the presser sees it; the core's notice (it needs Redis) then replaces it.
        event.deferReply(true).queue(null, failure -> logAckFailure(event, failure));
        InteractionHook hook = event.getHook();
        lanes.run(channel.getId(), () -> {
            String notice = engine.accept(
                            press,
                            chats.channel(channel, chatId, event.getMessageId()).pressedBy(event.getMember()))
                    .notice();
            var shown = notice.isEmpty() ? hook.deleteOriginal() : hook.editOriginal(notice);
            shown.queue(
                    null,
                    failure -> log.warn("Could not answer the press {}: {}", event.getId(), failure.getMessage()));
        });
    }

    /**
     * A button that asks for text (Custom Zoom, a Remix's "Edit prompt"): Discord shows a modal only as the first
     * answer to the press, never after a deferral, so the core is asked for the form right here, on JDA's thread. It
     * reads shared storage once (the prompt to prefill) and never calls the proxy.
     */
    private void openForm(ButtonInteractionEvent event, ButtonPress press) {
        try {
            showForm(event, press);
        } catch (RuntimeException e) {
            // The press still gets its answer: a user must never be left with "This interaction failed".
            log.error("Could not open the form of {}", press.key(), e);
            event.reply(Text.BUTTON_EXPIRED.in(language(event)))
                    .setEphemeral(true)
                    .queue(null, failure -> logAckFailure(event, failure));
        }
    }

    private void showForm(ButtonInteractionEvent event, ButtonPress press) {
        FormOpening opening = engine.form(press);
        PromptForm form = opening.form();
        if (form == null) {
            event.reply(opening.notice()).setEphemeral(true).queue(null, failure -> logAckFailure(event, failure));
            return;
        }
        TextInput input = TextInput.create(FORM_INPUT, TextInputStyle.PARAGRAPH)
                .setValue(form.value().isEmpty() ? null : form.value())
                .setRequired(true)
                .setMaxLength(PromptForm.MAX_VALUE)
                .build();
        Modal modal = Modal.create(form.formId(), form.title())
                .addComponents(Label.of(form.label(), input))
                .build();
        event.replyModal(modal).queue(null, failure -> logAckFailure(event, failure));
    }

    /** A submitted modal: acknowledged at once (it needs its own answer within 3 s), then handed to the core. */
    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        MessageChannel channel = event.getChannel();
        Language language = language(event);
        if (refusedHere(event, channel, language)) {
            return;
        }
        event.deferReply(true).queue(null, failure -> logAckFailure(event, failure));
        ModalMapping value = event.getValue(FORM_INPUT);
        User user = event.getUser();
        String chatId = DiscordChats.chatId(channel, user);
        UserMessage answer = new UserMessage(
                DiscordChats.PLATFORM,
                "i" + event.getId(),
                chatId,
                channel.getType() == ChannelType.PRIVATE ? UserMessage.ChatKind.PRIVATE : UserMessage.ChatKind.GROUP,
                user.getId(),
                user.getEffectiveName(),
                event.getUserLocale().getLocale(),
                value == null ? "" : value.getAsString(),
                List.of(),
                DiscordChats.places(chatId, channel));
        InteractionHook hook = event.getHook();
        lanes.run(channel.getId(), () -> {
            String notice = engine.accept(
                            new PromptReply(answer, event.getModalId()), chats.channel(channel, chatId, null))
                    .notice();
            var shown = notice.isEmpty() ? hook.deleteOriginal() : hook.editOriginal(notice);
            shown.queue(
                    null, failure -> log.warn("Could not answer the form {}: {}", event.getId(), failure.getMessage()));
        });
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        modelChoices.suggest(event);
    }

    /** Outside the guild/channel allowlist an interaction still needs an answer: a notice only the user sees. */
    private boolean refusedHere(IReplyCallback interaction, MessageChannel channel, Language language) {
        if (places.allowed(channel)) {
            return false;
        }
        interaction
                .reply(Text.PLACE_NOT_ALLOWED.in(language))
                .setEphemeral(true)
                .queue(null, failure -> logAckFailure(interaction, failure));
        return true;
    }

    static void logAckFailure(Interaction interaction, Throwable failure) {
        log.warn("Could not acknowledge interaction {}: {}", interaction.getId(), failure.getMessage());
    }

    private static Language language(Interaction interaction) {
        return Language.fromTag(interaction.getUserLocale().getLocale());
    }
}
