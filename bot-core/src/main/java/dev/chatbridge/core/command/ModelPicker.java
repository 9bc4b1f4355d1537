package dev.chatbridge.core.command;

import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
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
 * {@code /models} as a keyboard of pages: one button per offered model (the current one marked ✅), ◀ ▶ to page, and
 * pressing a model switches the presser's model. Model ids can outgrow Telegram's 64 bytes of callback_data, so a
 * button carries {@code md:} and a 16-character hash of the id, resolved against the offered list when pressed; a page
 * button carries {@code md:#} and the page number ({@code #} is not in the hash's alphabet). Unlike Midjourney's keys
 * (see {@code imagine.ButtonKeys}) nothing needs to be stored: the keys are functions of the id and the page, so they
 * survive restarts and work on every replica.
 */
public final class ModelPicker {

    public static final String PREFIX = "md:";
    /** Ten models (five rows of two) and a row to page: short enough to read on a phone. */
    static final int PAGE_SIZE = 10;

    private static final String PAGE_PREFIX = PREFIX + "#";
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

    /** Shows the keyboard's first page; falls back to a text list where the channel has no buttons. */
    void show(UserMessage message, ChatChannel channel, Language language) throws InterruptedException {
        List<String> ids;
        try {
            ids = models.models();
        } catch (ModelCatalog.ModelListUnavailableException e) {
            StreamingReply.deliverComplete(channel, pacer, Text.MODELS_UNAVAILABLE.in(language, e.getMessage()));
            return;
        }
        String current = current(message.platform(), message.userId());
        Page page = page(ids, current, 1, language);
        try {
            pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
            channel.sendWithButtons(OutgoingText.markdown(page.text()), page.rows());
        } catch (DeliveryException e) {
            log.info("No model keyboard in {} ({}); sending the list as text", channel.pacingKey(), e.getMessage());
            String list = ids.stream()
                    .map(id -> (id.equals(current) ? "✅ " : "• ") + "`" + label(id) + "`")
                    .collect(Collectors.joining("\n"));
            StreamingReply.deliverComplete(channel, pacer, Text.MODELS_LIST.in(language, list));
        }
    }

    /**
     * A press: a page button turns the keyboard to that page; a model button switches the presser's model and marks
     * it on the keyboard. Returns the notice to show the presser.
     */
    public String press(ButtonPress press, ChatChannel channel, Language language) {
        List<String> ids;
        try {
            ids = models.models();
        } catch (ModelCatalog.ModelListUnavailableException e) {
            return Text.MODELS_UNAVAILABLE.in(language, e.getMessage());
        }
        String current = current(press.platform(), press.userId());
        if (press.key().startsWith(PAGE_PREFIX)) {
            int wanted = pageNumber(press.key());
            Page page = page(ids, current, wanted, language);
            redraw(press, channel, page);
            return Text.MODELS_PAGE.in(language, page.number(), page.count(), ids.size());
        }
        Optional<String> chosen =
                ids.stream().filter(id -> key(id).equals(press.key())).findFirst();
        if (chosen.isEmpty()) {
            return Text.MODEL_BUTTON_GONE.in(language);
        }
        store.updateSettings(press.platform(), press.userId(), "model", chosen.get());
        redraw(press, channel, page(ids, chosen.get(), ids.indexOf(chosen.get()) / PAGE_SIZE + 1, language));
        return Text.MODEL_SET.in(language, chosen.get()).replace("`", "");
    }

    private String current(String platform, String userId) {
        return store.settings(platform, userId).modelOr(settings.defaultModel());
    }

    /** Best effort: the press is answered either way, and /models draws a fresh keyboard. */
    private void redraw(ButtonPress press, ChatChannel channel, Page page) {
        try {
            // Paced like every other call into the chat: quick presses would otherwise meet a 429.
            pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
            channel.editWithButtons(new MessageRef(press.messageId()), OutgoingText.markdown(page.text()), page.rows());
        } catch (DeliveryException e) {
            log.info("Model keyboard in {} not redrawn: {}", channel.pacingKey(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int pageNumber(String key) {
        try {
            return Integer.parseInt(key.substring(PAGE_PREFIX.length()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** One page of the keyboard, {@code number} clamped to the pages there are (the list may have shrunk). */
    Page page(List<String> ids, String current, int number, Language language) {
        int count = Math.max(1, (ids.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int shown = Math.clamp(number, 1, count);
        List<String> slice = ids.subList((shown - 1) * PAGE_SIZE, Math.min(ids.size(), shown * PAGE_SIZE));
        List<List<Button>> rows = new ArrayList<>();
        for (int start = 0; start < slice.size(); start += PER_ROW) {
            rows.add(slice.subList(start, Math.min(slice.size(), start + PER_ROW)).stream()
                    .map(id -> new Button((id.equals(current) ? "✅ " : "") + label(id), key(id)))
                    .toList());
        }
        String text = Text.MODELS_PICK.in(language, current);
        if (count > 1) {
            List<Button> paging = new ArrayList<>();
            if (shown > 1) {
                paging.add(new Button("◀", PAGE_PREFIX + (shown - 1)));
            }
            paging.add(new Button(shown + "/" + count, PAGE_PREFIX + shown));
            if (shown < count) {
                paging.add(new Button("▶", PAGE_PREFIX + (shown + 1)));
            }
            rows.add(paging);
            text += "\n\n" + Text.MODELS_PAGE.in(language, shown, count, ids.size());
        }
        return new Page(shown, count, text, rows);
    }

    /** The id, and the operator's alias for it if there is one. */
    private String label(String id) {
        return models.aliasOf(id).map(alias -> id + " (" + alias + ")").orElse(id);
    }

    record Page(int number, int count, String text, List<List<Button>> rows) {}

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
