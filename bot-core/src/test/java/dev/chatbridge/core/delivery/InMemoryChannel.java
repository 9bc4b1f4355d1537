package dev.chatbridge.core.delivery;

import dev.chatbridge.core.text.Language;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A chat in memory for use-case tests: keeps every message the bot posted as it shows now (after
 * edits), with its buttons or picture, counts the answers the core reported done, and lets a test
 * wait for what other threads deliver. No pacing interval, so nothing waits.
 */
public final class InMemoryChannel implements ChatChannel {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ChannelLimits LIMITS = new ChannelLimits(4096, Duration.ZERO, false);

    /** A message as the chat shows it: its text (a picture's caption), buttons, and picture if it is one. */
    public record Shown(
            String id,
            OutgoingText text,
            List<List<Button>> buttons,
            @Nullable OutgoingImage image) {

        Shown edited(OutgoingText newText) {
            return new Shown(id, newText, buttons, image);
        }
    }

    private final String platform;
    private final String chatId;
    private final Map<String, Shown> messages = new LinkedHashMap<>();
    private int answered;
    private int pictureEdits;
    private int nextId = 1;
    private final List<String> deleted = new java.util.ArrayList<>();

    public InMemoryChannel(String platform, String chatId) {
        this.platform = platform;
        this.chatId = chatId;
    }

    @Override
    public ChannelLimits limits() {
        return LIMITS;
    }

    @Override
    public String pacingKey() {
        return platform + ":" + chatId;
    }

    @Override
    public Optional<ChannelDirectory.Address> address() {
        return Optional.of(new ChannelDirectory.Address(platform, chatId, null));
    }

    @Override
    public MessageRef send(OutgoingText text) {
        return post(text, List.of(), null);
    }

    @Override
    public MessageRef sendWithButtons(OutgoingText text, List<List<Button>> buttonRows) {
        return post(text, buttonRows, null);
    }

    @Override
    public MessageRef sendImage(OutgoingImage image) {
        return post(OutgoingText.plain(image.caption()), image.buttonRows(), image);
    }

    @Override
    public synchronized void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        Shown shown = existing(message);
        if (shown.image() != null) {
            throw new DeliveryException.Failed("there is no text in the message to edit"); // as on Telegram
        }
        messages.put(message.id(), shown.edited(text));
        notifyAll();
    }

    @Override
    public synchronized void editWithButtons(MessageRef message, OutgoingText text, List<List<Button>> buttonRows)
            throws DeliveryException {
        Shown shown = existing(message);
        if (shown.image() != null) {
            throw new DeliveryException.Failed("there is no text in the message to edit"); // as on Telegram
        }
        messages.put(message.id(), new Shown(message.id(), text, buttonRows, null));
        notifyAll();
    }

    /** Like Telegram's editMessageMedia: a text message becomes a picture, a picture is replaced. */
    @Override
    public synchronized void editPicture(MessageRef message, OutgoingText status, byte[] png) throws DeliveryException {
        Shown shown = existing(message);
        messages.put(
                message.id(),
                new Shown(
                        message.id(),
                        status,
                        shown.buttons(),
                        new OutgoingImage(png, "preview.png", status.text(), shown.buttons())));
        pictureEdits++;
        notifyAll();
    }

    /** Like Telegram's editMessageCaption: only a message that shows a picture has a caption. */
    @Override
    public synchronized void editCaption(MessageRef message, OutgoingText status, List<List<Button>> buttonRows)
            throws DeliveryException {
        Shown shown = existing(message);
        if (shown.image() == null) {
            throw new DeliveryException.Failed("there is no caption in the message to edit");
        }
        messages.put(message.id(), new Shown(message.id(), status, buttonRows, shown.image()));
        notifyAll();
    }

    @Override
    public synchronized void delete(MessageRef message) throws DeliveryException {
        existing(message);
        messages.remove(message.id());
        deleted.add(message.id());
        notifyAll();
    }

    /** How many times a picture was put into a message. */
    public synchronized int pictureEdits() {
        return pictureEdits;
    }

    /** The ids of the messages the bot deleted. */
    public synchronized List<String> deleted() {
        return List.copyOf(deleted);
    }

    private Shown existing(MessageRef message) throws DeliveryException {
        Shown shown = messages.get(message.id());
        if (shown == null) {
            throw new DeliveryException.MessageGone("no message " + message.id());
        }
        return shown;
    }

    @Override
    public synchronized void answered() {
        answered++;
        notifyAll();
    }

    @Override
    public void typing() {}

    private final List<String> readerLanguages = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void answeringIn(Language language, @Nullable String clientTag) {
        readerLanguages.add("answering " + language.code() + " for " + clientTag);
    }

    @Override
    public void languageChosen(Language language, @Nullable String clientTag) {
        readerLanguages.add("chosen " + language.code() + " for " + clientTag);
    }

    /** What the core told about its reader's language, in order: {@code answering zh-TW for zh-hant}, {@code chosen en for zh-hant}. */
    public List<String> readerLanguages() {
        return List.copyOf(readerLanguages);
    }

    private final java.util.Set<String> admins = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Makes {@code userId} an admin of this chat, as {@link #isChatAdmin} then says. */
    public InMemoryChannel admin(String userId) {
        admins.add(userId);
        return this;
    }

    private volatile boolean asksByReply;
    private final List<String> placeholders = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Makes this a chat where questions are answered by replying to them (Telegram's ForceReply). */
    public InMemoryChannel answeringByReply() {
        asksByReply = true;
        return this;
    }

    @Override
    public boolean asksByReply() {
        return asksByReply;
    }

    @Override
    public MessageRef sendAsk(OutgoingText text, String placeholder) {
        placeholders.add(placeholder);
        return send(text);
    }

    /** The placeholders of the questions asked by reply, in order. */
    public List<String> placeholders() {
        return List.copyOf(placeholders);
    }

    @Override
    public boolean isChatAdmin(String userId) {
        return admins.contains(userId);
    }

    /** Every message, oldest first. */
    public synchronized List<Shown> messages() {
        return List.copyOf(messages.values());
    }

    /** The text of every message as shown now, oldest first. */
    public synchronized List<String> texts() {
        return messages.values().stream().map(shown -> shown.text().text()).toList();
    }

    /** Waits until the core is done with {@code count} messages. */
    public void awaitAnswered(int count) throws InterruptedException {
        await(count + " answered", chat -> chat.answered >= count);
    }

    /** Waits until some message shows a text that contains {@code part}. */
    public void awaitText(String part) throws InterruptedException {
        await(
                "a message containing '" + part + "'",
                chat -> chat.texts().stream().anyMatch(text -> text.contains(part)));
    }

    private synchronized void await(String what, Predicate<InMemoryChannel> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "Waited " + WAIT.toSeconds() + " s for " + what + "; the chat shows " + texts());
            }
            wait(Duration.ofNanos(left).toMillis() + 1);
        }
    }

    private synchronized MessageRef post(
            OutgoingText text, List<List<Button>> buttonRows, @Nullable OutgoingImage image) {
        String id = Integer.toString(nextId++);
        messages.put(id, new Shown(id, text, buttonRows, image));
        notifyAll();
        return new MessageRef(id);
    }
}
