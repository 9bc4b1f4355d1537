package dev.chatbridge.core.command;

import dev.chatbridge.core.chat.AnswerTuning;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.imagine.PromptForm;
import dev.chatbridge.core.imagine.SpeedMode;
import dev.chatbridge.core.imagine.SpeedModeMemory;
import dev.chatbridge.core.imagine.SpeedModes;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /settings}: the user's current choices with a button per row; a row's button posts its
 * choices, and a choice is stored at once (per user, like {@code /model}). Keys are {@code st:} and
 * a row letter, then {@code =} and the value for a choice ({@code st:t=0.7}): short, stateless, and
 * checked again against the operator's bounds when pressed, since bounds may change in between.
 */
final class SettingsMenu {

    static final String PREFIX = "st:";

    private static final String MODEL = "m";
    private static final String TEMPERATURE = "t";
    private static final String LENGTH = "n";
    private static final String DETAIL = "d";
    private static final String LANGUAGE = "l";
    private static final String SYSTEM = "s";
    private static final String CONTEXT = "g";
    private static final String SHARED = "shared";
    private static final String PERSONAL = "personal";
    private static final String SPEED = "v";
    private static final String DEFAULT = "default";
    /** The id the system prompt form is submitted with; the answer that removes the prompt. */
    static final String FORM_ID = PREFIX + "system-form";

    static final String REMOVE = "-";
    /** How long a system prompt question waits for its reply. */
    private static final java.time.Duration ASK_KEPT = java.time.Duration.ofMinutes(30);

    private static final int PROMPT_PREVIEW = 60;
    private static final Logger log = LoggerFactory.getLogger(SettingsMenu.class);

    private final ConversationStore store;
    private final BotSettings settings;
    private final ModelPicker modelPicker;
    private final ChatPacer pacer;
    private final SpeedModes speedModes;
    private final SystemPromptAsks systemAsks;

    SettingsMenu(
            ConversationStore store,
            BotSettings settings,
            ModelPicker modelPicker,
            ChatPacer pacer,
            SpeedModes speedModes,
            SystemPromptAsks systemAsks) {
        this.speedModes = speedModes;
        this.systemAsks = systemAsks;
        this.store = store;
        this.settings = settings;
        this.modelPicker = modelPicker;
        this.pacer = pacer;
    }

    /** {@code /settings}: the current values, with the rows as buttons (as text where there are none). */
    @Nullable
    String show(CommandCall call) throws InterruptedException {
        Language language = call.language();
        UserMessage message = call.message();
        String text = summary(store.settings(message.platform(), message.userId()), language);
        List<List<Button>> rows = new ArrayList<>(List.of(
                List.of(
                        row(Text.SETTINGS_ROW_MODEL, MODEL, language),
                        row(Text.SETTINGS_ROW_TEMPERATURE, TEMPERATURE, language)),
                List.of(
                        row(Text.SETTINGS_ROW_LENGTH, LENGTH, language),
                        row(Text.SETTINGS_ROW_DETAIL, DETAIL, language)),
                List.of(
                        row(Text.SETTINGS_ROW_LANGUAGE, LANGUAGE, language),
                        row(Text.SETTINGS_ROW_SYSTEM, SYSTEM, language)),
                List.of(row(
                        speedUnavailable() ? Text.SETTINGS_ROW_SPEED_UNAVAILABLE : Text.SETTINGS_ROW_SPEED,
                        SPEED,
                        language))));
        // A bot thread is always shared, a private chat always personal: only groups choose.
        if (message.chatKind() == UserMessage.ChatKind.GROUP) {
            text += Text.SETTINGS_SUMMARY_CONTEXT.in(
                    language, contextName(sharedContext(message.platform(), message.chatId()), language));
            rows.add(List.of(row(Text.SETTINGS_ROW_CONTEXT, CONTEXT, language)));
        }
        if (!sendWithButtons(call.channel(), text, rows)) {
            return text + "\n\n" + Text.SETTINGS_NO_BUTTONS.in(language);
        }
        return null;
    }

    /** A press on a settings button: opens a row's choices or stores a choice; returns the notice. */
    String press(ButtonPress press, ChatChannel channel, Language language) throws InterruptedException {
        String key = press.key().substring(PREFIX.length());
        int equals = key.indexOf('=');
        if (equals < 0) {
            return open(key, press, channel, language);
        }
        return choose(key.substring(0, equals), key.substring(equals + 1), press, channel, language);
    }

    String summary(UserSettings user, Language language) {
        Double temperature = settings.tuning().temperatureFor(user);
        int maxTokens = AnswerTuning.maxTokensFor(user, settings.maxTokens());
        String detail = AnswerTuning.imageDetailFor(user);
        String prompt = user.systemPrompt() != null ? user.systemPrompt() : settings.defaultSystemPrompt();
        return Text.SETTINGS_SUMMARY.in(
                language,
                user.modelOr(settings.defaultModel()),
                temperature == null ? Text.SETTINGS_MODEL_DEFAULT.in(language) : format(temperature),
                maxTokens == 0 ? Text.SETTINGS_MODEL_DEFAULT.in(language) : String.valueOf(maxTokens),
                detail == null ? "auto" : detail,
                user.languageOr(language).nameIn(language),
                prompt == null ? Text.SETTINGS_NONE.in(language) : preview(prompt),
                speedSummary(user, language));
    }

    /** The chosen speed mode, or the proxy's default; and when the proxy has no modes, that it has none. */
    private String speedSummary(UserSettings user, Language language) {
        String chosen =
                SpeedMode.parse(user.speedMode()).map(SpeedMode::code).orElse(Text.SETTINGS_SPEED_DEFAULT.in(language));
        return speedUnavailable() ? Text.SETTINGS_SPEED_NOT_OFFERED.in(language, chosen) : chosen;
    }

    /** The proxy answered 404 to a mode's route (remembered for some hours; then it is tried again). */
    private boolean speedUnavailable() {
        return speedModes.offered() == SpeedModeMemory.Offered.NO;
    }

    private String open(String row, ButtonPress press, ChatChannel channel, Language language)
            throws InterruptedException {
        List<Button> choices = new ArrayList<>();
        String title;
        switch (row) {
            case MODEL -> {
                // The model list is ModelPicker's: the same keyboard /models shows.
                modelPicker.show(asMessage(press), channel, language);
                return Text.SETTINGS_OPENED.in(language);
            }
            case TEMPERATURE -> {
                title = Text.SETTINGS_PICK_TEMPERATURE.in(
                        language,
                        format(settings.tuning().minTemperature()),
                        format(settings.tuning().maxTemperature()));
                settings.tuning()
                        .temperatureChoices()
                        .forEach(t -> choices.add(choice(format(t), TEMPERATURE, format(t))));
            }
            case LENGTH -> {
                title = Text.SETTINGS_PICK_LENGTH.in(language);
                AnswerTuning.lengthChoices(settings.maxTokens())
                        .forEach(n -> choices.add(choice(String.valueOf(n), LENGTH, String.valueOf(n))));
            }
            case DETAIL -> {
                title = Text.SETTINGS_PICK_DETAIL.in(language);
                for (String detail : List.of("low", "high", "auto")) {
                    choices.add(choice(detail, DETAIL, detail));
                }
            }
            case LANGUAGE -> {
                title = Text.SETTINGS_PICK_LANGUAGE.in(language);
                for (Language each : Language.values()) {
                    choices.add(choice(each.nameIn(each), LANGUAGE, each.code()));
                }
                choices.add(choice(Text.SETTINGS_LANGUAGE_AUTO.in(language), LANGUAGE, "auto"));
            }
            case CONTEXT -> {
                title = Text.SETTINGS_PICK_CONTEXT.in(
                        language, contextName(sharedContext(press.platform(), press.chatId()), language));
                choices.add(choice(Text.SETTINGS_CONTEXT_SHARED.in(language), CONTEXT, SHARED));
                choices.add(choice(Text.SETTINGS_CONTEXT_PERSONAL.in(language), CONTEXT, PERSONAL));
            }
            case SPEED -> {
                if (speedUnavailable()) {
                    StreamingReply.deliverComplete(channel, pacer, Text.SETTINGS_SPEED_UNAVAILABLE.in(language));
                    return Text.SETTINGS_OPENED.in(language);
                }
                title = Text.SETTINGS_PICK_SPEED.in(language);
                for (SpeedMode mode : SpeedMode.values()) {
                    choices.add(choice(mode.code(), SPEED, mode.code()));
                }
                choices.add(choice(Text.SETTINGS_SPEED_DEFAULT.in(language), SPEED, DEFAULT));
                if (!sendWithButtons(channel, title, rowsOf(choices))) {
                    return Text.SETTINGS_NO_BUTTONS.in(language);
                }
                return Text.SETTINGS_OPENED.in(language);
            }
            case SYSTEM -> {
                return askForSystemPrompt(press, channel, language);
            }
            default -> {
                return Text.BUTTON_EXPIRED.in(language);
            }
        }
        if (!LANGUAGE.equals(row)) {
            choices.add(choice(Text.SETTINGS_MODEL_DEFAULT.in(language), row, DEFAULT));
        }
        if (!sendWithButtons(channel, title, rowsOf(choices))) {
            return Text.SETTINGS_NO_BUTTONS.in(language);
        }
        return Text.SETTINGS_OPENED.in(language);
    }

    /** Stores a choice; the notice names the new value (a Telegram notice holds 200 characters). */
    private String choose(String row, String value, ButtonPress press, ChatChannel channel, Language language) {
        boolean reset = DEFAULT.equals(value);
        String platform = press.platform();
        String userId = press.userId();
        String shown = reset ? Text.SETTINGS_MODEL_DEFAULT.in(language) : value;
        switch (row) {
            case TEMPERATURE -> {
                Optional<Double> t = reset ? Optional.empty() : parseDouble(value);
                if (!reset && (t.isEmpty() || !settings.tuning().temperatureAllowed(t.get()))) {
                    return Text.SETTINGS_NOT_OFFERED.in(language);
                }
                store.updateSettings(
                        platform,
                        userId,
                        UserSettings.TEMPERATURE,
                        t.map(SettingsMenu::format).orElse(null));
                return Text.SETTINGS_SET_TEMPERATURE.in(language, shown);
            }
            case LENGTH -> {
                Optional<Integer> n = reset ? Optional.empty() : parseInt(value);
                if (!reset && (n.isEmpty() || !AnswerTuning.lengthAllowed(n.get(), settings.maxTokens()))) {
                    return Text.SETTINGS_NOT_OFFERED.in(language);
                }
                store.updateSettings(
                        platform,
                        userId,
                        UserSettings.MAX_TOKENS,
                        n.map(String::valueOf).orElse(null));
                return Text.SETTINGS_SET_LENGTH.in(language, shown);
            }
            case DETAIL -> {
                if (!reset && !AnswerTuning.IMAGE_DETAILS.contains(value)) {
                    return Text.SETTINGS_NOT_OFFERED.in(language);
                }
                store.updateSettings(platform, userId, UserSettings.IMAGE_DETAIL, reset ? null : value);
                return Text.SETTINGS_SET_DETAIL.in(language, shown);
            }
            case CONTEXT -> {
                return chooseContext(value, press, channel, language);
            }
            case SPEED -> {
                Optional<SpeedMode> mode = reset ? Optional.empty() : SpeedMode.parse(value);
                if (!reset && mode.isEmpty()) {
                    return Text.SETTINGS_NOT_OFFERED.in(language);
                }
                store.updateSettings(
                        platform,
                        userId,
                        UserSettings.SPEED_MODE,
                        mode.map(SpeedMode::code).orElse(null));
                return Text.SETTINGS_SET_SPEED.in(language, reset ? Text.SETTINGS_SPEED_DEFAULT.in(language) : value);
            }
            case LANGUAGE -> {
                Optional<Language> chosen = Language.parse(value);
                store.updateSettings(
                        platform,
                        userId,
                        UserSettings.LANGUAGE,
                        chosen.map(Language::code).orElse(null));
                // Said in the language just chosen, as /language does.
                Language now = chosen.orElse(Language.fromTag(press.languageCode()));
                channel.languageChosen(now, press.languageCode());
                return chosen.isPresent()
                        ? Text.LANGUAGE_SET.in(now, now.nameIn(now))
                        : Text.LANGUAGE_AUTO.in(now, now.nameIn(now));
            }
            default -> {
                return Text.BUTTON_EXPIRED.in(language);
            }
        }
    }

    /**
     * Asks for the system prompt where the answer is a reply (Telegram's ForceReply opens the reply field);
     * where the platform opens a form from the button instead, the press never gets here but through
     * {@link #systemPromptForm}. Elsewhere, and when the question cannot be shown, {@code /system} is explained.
     */
    private String askForSystemPrompt(ButtonPress press, ChatChannel channel, Language language)
            throws InterruptedException {
        String current = store.settings(press.platform(), press.userId()).systemPrompt();
        String shown = current == null ? Text.SETTINGS_NONE.in(language) : preview(current);
        if (channel.asksByReply()) {
            try {
                pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
                MessageRef asked = channel.sendAsk(
                        OutgoingText.markdown(Text.SETTINGS_SYSTEM_ASK.in(language, shown)),
                        Text.SETTINGS_SYSTEM_PLACEHOLDER.in(language));
                systemAsks.open(press.platform(), press.chatId(), asked.id(), press.userId(), ASK_KEPT);
                return Text.SETTINGS_OPENED.in(language);
            } catch (DeliveryException e) {
                log.info("No system prompt question in {} ({})", channel.pacingKey(), e.getMessage());
            }
        }
        StreamingReply.deliverComplete(channel, pacer, Text.SETTINGS_SYSTEM_HOW.in(language, shown));
        return Text.SETTINGS_OPENED.in(language);
    }

    /** True for the settings button that opens a form where the platform has them (Discord's modal). */
    static boolean opensForm(String key) {
        return key.equals(PREFIX + SYSTEM);
    }

    /** The system prompt form: prefilled with the current prompt, submitted back with {@link #FORM_ID}. */
    PromptForm systemPromptForm(ButtonPress press, Language language) {
        String current = store.settings(press.platform(), press.userId()).systemPrompt();
        return new PromptForm(
                FORM_ID,
                Text.SETTINGS_SYSTEM_FORM_TITLE.in(language),
                Text.SETTINGS_SYSTEM_FORM_LABEL.in(language),
                current == null ? "" : current);
    }

    /** True when {@code reply} answers a system prompt question: its form, or a reply by the asked user. */
    boolean answers(PromptReply reply) {
        String replied = reply.repliedMessageId();
        if (replied == null) {
            return reply.target().equals(FORM_ID);
        }
        UserMessage message = reply.message();
        return systemAsks
                .askedUser(message.platform(), message.chatId(), replied)
                .filter(message.userId()::equals)
                .isPresent();
    }

    /** Stores the answer as the user's system prompt ({@value #REMOVE} removes it); returns what to tell them. */
    String answer(PromptReply reply, Language language) {
        UserMessage message = reply.message();
        String replied = reply.repliedMessageId();
        if (replied != null && !systemAsks.close(message.platform(), message.chatId(), replied)) {
            return ""; // answered already (a repeated delivery)
        }
        String prompt = message.text().strip();
        if (prompt.isEmpty() || prompt.equals(REMOVE)) {
            store.updateSettings(message.platform(), message.userId(), UserSettings.SYSTEM, null);
            return Text.SYSTEM_PROMPT_CLEARED.in(language);
        }
        store.updateSettings(message.platform(), message.userId(), UserSettings.SYSTEM, prompt);
        return Text.SYSTEM_PROMPT_SET.in(language);
    }

    /** A group's context is its admins' to choose: asked of the platform at the press, never cached. */
    private String chooseContext(String value, ButtonPress press, ChatChannel channel, Language language) {
        if (!List.of(SHARED, PERSONAL, DEFAULT).contains(value)) {
            return Text.SETTINGS_NOT_OFFERED.in(language);
        }
        Boolean shared = DEFAULT.equals(value) ? null : Boolean.valueOf(SHARED.equals(value));
        boolean admin;
        try {
            admin = channel.isChatAdmin(press.userId());
        } catch (DeliveryException e) {
            log.info("Could not check the admins of {}: {}", channel.pacingKey(), e.getMessage());
            return Text.SETTINGS_CONTEXT_CHECK_FAILED.in(language);
        }
        if (!admin) {
            return Text.SETTINGS_CONTEXT_ADMINS_ONLY.in(language);
        }
        store.setGroupSharedContext(press.platform(), press.chatId(), shared);
        return Text.SETTINGS_SET_CONTEXT.in(
                language, contextName(sharedContext(press.platform(), press.chatId()), language));
    }

    /** The group's choice, else the operator's default. */
    private boolean sharedContext(String platform, String chatId) {
        Boolean chosen = store.groupSharedContext(platform, chatId);
        return chosen != null ? chosen : settings.sharedGroupContext();
    }

    private static String contextName(boolean shared, Language language) {
        return (shared ? Text.SETTINGS_CONTEXT_SHARED : Text.SETTINGS_CONTEXT_PERSONAL).in(language);
    }

    private boolean sendWithButtons(ChatChannel channel, String text, List<List<Button>> rows)
            throws InterruptedException {
        try {
            pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
            channel.sendWithButtons(OutgoingText.markdown(text), rows);
            return true;
        } catch (DeliveryException e) {
            log.info("No settings keyboard in {} ({})", channel.pacingKey(), e.getMessage());
            return false;
        }
    }

    private static Button row(Text label, String row, Language language) {
        return new Button(label.in(language), PREFIX + row);
    }

    private static Button choice(String label, String row, String value) {
        return new Button(label, PREFIX + row + "=" + value);
    }

    private static List<List<Button>> rowsOf(List<Button> buttons) {
        List<List<Button>> rows = new ArrayList<>();
        for (int start = 0; start < buttons.size(); start += 4) {
            rows.add(buttons.subList(start, Math.min(buttons.size(), start + 4)));
        }
        return rows;
    }

    /** The fields ModelPicker reads (platform and user) of the presser, as a message. */
    private static UserMessage asMessage(ButtonPress press) {
        return new UserMessage(
                press.platform(),
                press.eventId(),
                press.chatId(),
                UserMessage.ChatKind.PRIVATE,
                press.userId(),
                "",
                press.languageCode(),
                "");
    }

    static String format(double temperature) {
        return String.format(Locale.ROOT, "%.1f", temperature);
    }

    private static String preview(String prompt) {
        return prompt.length() <= PROMPT_PREVIEW ? prompt : prompt.substring(0, PROMPT_PREVIEW) + "…";
    }

    private static Optional<Double> parseDouble(String text) {
        try {
            return Optional.of(Double.valueOf(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.valueOf(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
