package dev.chatbridge.telegram;

import dev.chatbridge.core.inbound.Attachment;
import dev.chatbridge.core.inbound.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram delivers an album (a media group) as one message per photo, sharing a
 * {@code media_group_id}, usually with the caption on the first. The parts are collected until
 * none arrived for {@code wait}, then answered once, as one question with all the photos. Any other
 * message from the same chat first releases that chat's waiting albums, so order is kept.
 */
final class TelegramAlbums implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelegramAlbums.class);

    private final Duration wait;
    private final BiConsumer<UserMessage, TelegramChatChannel> answer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("telegram-albums").factory());
    private final Map<String, Album> pending = new LinkedHashMap<>();

    private static final class Album {
        final String chatId;
        final TelegramChatChannel channel;
        UserMessage first;
        final List<Attachment> attachments = new ArrayList<>();
        String text;
        boolean addressed;
        ScheduledFuture<?> flush;

        Album(UserMessage first, TelegramChatChannel channel) {
            this.chatId = first.chatId();
            this.first = first;
            this.channel = channel;
            this.text = first.text();
        }
    }

    TelegramAlbums(Duration wait, BiConsumer<UserMessage, TelegramChatChannel> answer) {
        this.wait = wait;
        this.answer = answer;
    }

    /** Adds one part; {@code addressed} says whether this part alone would be answered (in groups). */
    synchronized void add(String mediaGroupId, UserMessage part, boolean addressed, TelegramChatChannel channel) {
        String key = part.chatId() + "/" + mediaGroupId;
        Album album = pending.computeIfAbsent(key, unused -> new Album(part, channel));
        if (album.first != part) {
            if (album.text.isBlank()) {
                album.text = part.text();
            }
        }
        album.attachments.addAll(part.attachments());
        album.addressed |= addressed;
        if (album.flush != null) {
            album.flush.cancel(false);
        }
        album.flush = timer.schedule(() -> flush(key), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Answers the chat's waiting albums now, before a newer message of that chat. */
    void flushChat(String chatId) {
        List<Album> ready = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Album> it = pending.values().iterator(); it.hasNext(); ) {
                Album album = it.next();
                if (album.chatId.equals(chatId)) {
                    album.flush.cancel(false);
                    ready.add(album);
                    it.remove();
                }
            }
        }
        ready.forEach(this::deliver);
    }

    private void flush(String key) {
        Album album;
        synchronized (this) {
            album = pending.remove(key);
        }
        if (album != null) {
            deliver(album);
        }
    }

    private void deliver(Album album) {
        if (!album.addressed) {
            return;
        }
        UserMessage first = album.first;
        UserMessage merged = new UserMessage(first.platform(), first.eventId(), first.chatId(), first.chatKind(),
                first.userId(), first.userName(), first.languageCode(), album.text, album.attachments);
        try {
            answer.accept(merged, album.channel);
        } catch (RuntimeException e) {
            log.error("Could not hand an album of chat {} to the core", album.chatId, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
