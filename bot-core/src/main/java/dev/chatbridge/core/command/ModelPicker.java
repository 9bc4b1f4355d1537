package dev.chatbridge.core.command;

import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /models} as a keyboard: one button per gateway model, and pressing one switches the
 * presser's model. Model ids can outgrow Telegram's 64 bytes of callback_data, so a button carries
 * {@code md:} and a 16-character hash of the id, resolved against the gateway's current list when
 * pressed. Unlike Midjourney's keys (see {@code imagine.ButtonKeys}) nothing needs to be stored: the
 * key is a function of the id, so it survives restarts and works on every replica.
 */
public final class ModelPicker {

    public static final String PREFIX = "md:";
    /** Telegram shows up to 100 buttons; a list that long is unreadable anyway. */
    static final int MAX_BUTTONS = 60;

    private static final int PER_ROW = 2;
    private static final int HASH_CHARS = 16;
    private static final Logger log = LoggerFactory.getLogger(ModelPicker.class);

    private final ConversationStore store;
    private final ModelCatalog models;
    private final BotSettings settings;
    private final ChatPacer pacer;

    public ModelPicker(ConversationStore store, ModelCatalog models, BotSettings settings, ChatPacer pacer) {
        this.store = store;
        this.models = models;
        this.settings = settings;
        this.pacer = pacer;
    }

    /** Shows the keyboard; falls back to a text list where the channel has no buttons. */
    void show(UserMessage message, ChatChannel channel, Language language) throws InterruptedException {
        List<String> ids;
        try {
            ids = models.models();
        } catch (ModelCatalog.ModelListUnavailableException e) {
            StreamingReply.deliverComplete(channel, pacer, Text.MODELS_UNAVAILABLE.in(language, e.getMessage()));
            return;
        }
        String current = store.settings(message.platform(), message.userId()).modelOr(settings.defaultModel());
        List<String> shown = ids.subList(0, Math.min(ids.size(), MAX_BUTTONS));
        String text = Text.MODELS_PICK.in(language, current)
                + (ids.size() > shown.size()
                        ? "\n\n" + Text.MODELS_PICK_MORE.in(language, shown.size(), ids.size())
                        : "");
        try {
            pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
            channel.sendWithButtons(OutgoingText.markdown(text), rows(shown, current));
        } catch (DeliveryException e) {
            log.info("No model keyboard in {} ({}); sending the list as text", channel.pacingKey(), e.getMessage());
            String list = ids.stream()
                    .map(id -> (id.equals(current) ? "✅ " : "• ") + "`" + id + "`")
                    .collect(Collectors.joining("\n"));
            StreamingReply.deliverComplete(channel, pacer, Text.MODELS_LIST.in(language, list));
        }
    }

    /** A press: switches the presser's model and returns the notice to show them. */
    public String press(ButtonPress press, Language language) {
        List<String> ids;
        try {
            ids = models.models();
        } catch (ModelCatalog.ModelListUnavailableException e) {
            return Text.MODELS_UNAVAILABLE.in(language, e.getMessage());
        }
        Optional<String> chosen =
                ids.stream().filter(id -> key(id).equals(press.key())).findFirst();
        if (chosen.isEmpty()) {
            return Text.MODEL_BUTTON_GONE.in(language);
        }
        store.updateSettings(press.platform(), press.userId(), "model", chosen.get());
        return Text.MODEL_SET.in(language, chosen.get()).replace("`", "");
    }

    static List<List<Button>> rows(List<String> ids, String current) {
        List<List<Button>> rows = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += PER_ROW) {
            rows.add(ids.subList(start, Math.min(ids.size(), start + PER_ROW)).stream()
                    .map(id -> new Button((id.equals(current) ? "✅ " : "") + id, key(id)))
                    .toList());
        }
        return rows;
    }

    static String key(String modelId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(modelId.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(hash)
                            .substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
