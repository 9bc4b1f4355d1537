package dev.chatbridge.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one answer while it is being written. The upstream thread {@link #append}s text; the
 * delivering thread runs {@link #deliver()}, which shows the first words at once, then updates
 * no faster than the chat allows (coalescing everything that arrived meanwhile), continues in a
 * new message when the text outgrows one, and finally renders every message from Markdown,
 * falling back to plain text when the platform rejects the markup. Partial updates are sent as
 * plain text, because half-written Markdown is rarely valid, unless the platform renders Markdown
 * natively ({@link ChannelLimits.Markup#NATIVE_MARKDOWN}). If the user deletes the message being
 * written, or the chat is gone (the user blocked the bot), the answer ends quietly: nothing more is sent.
 */
public final class StreamingReply {

    private static final Logger log = LoggerFactory.getLogger(StreamingReply.class);
    private static final int FINAL_ATTEMPTS = 10;
    private static final Duration TYPING_REFRESH = Duration.ofMillis(4500);

    private final ChatChannel channel;
    private final ChatPacer pacer;
    private final ChannelLimits limits;
    private final int draftBase = 1 + ThreadLocalRandom.current().nextInt(1 << 29);

    private final AnswerText answer = new AnswerText();

    // Owned by the delivering thread.
    /** Native drafts while they work; a draft the platform refuses switches this answer to send-then-edit. */
    private boolean drafts;

    private final List<Slot> slots = new ArrayList<>();
    private boolean permitHeld;
    private long lastCallEndedNanos;
    private int platformCalls;
    private @Nullable Instant firstVisibleAt;

    public StreamingReply(ChatChannel channel, ChatPacer pacer) {
        this.channel = channel;
        this.pacer = pacer;
        this.limits = channel.limits();
        this.drafts = limits.drafts();
    }

    /** Adds text from the upstream. Safe to call from any thread. */
    public void append(String delta) {
        answer.append(delta);
    }

    /**
     * A transient line shown under the text while the answer is being written (e.g. "🔧 calling
     * current_time…"); empty removes it. The final message never shows it.
     */
    public void status(String line) {
        answer.status(line);
    }

    /** The answer is complete; {@code note} (may be empty) is added below it, e.g. an error notice. */
    public void finish(String note) {
        answer.finish(note);
    }

    /** The text received so far, without any note. */
    public String text() {
        return answer.text();
    }

    /** Sends a complete text through the same pacing, splitting and fallback rules. */
    public static DeliveryOutcome deliverComplete(ChatChannel channel, ChatPacer pacer, String markdown)
            throws InterruptedException {
        StreamingReply reply = new StreamingReply(channel, pacer);
        reply.append(markdown);
        reply.finish("");
        return reply.deliver();
    }

    /** Runs on the delivering thread until the final text is shown. */
    public DeliveryOutcome deliver() throws InterruptedException {
        long shownVersion = 0;
        long lastTypingNanos = System.nanoTime();
        while (true) {
            AnswerText.Change change =
                    answer.awaitChange(shownVersion, slots.isEmpty(), lastTypingNanos + TYPING_REFRESH.toNanos());
            if (change == AnswerText.Change.FINISHED) {
                break;
            }
            if (change == AnswerText.Change.TYPING_DUE) {
                // Still waiting for the first token: keep "typing…" visible (it lasts 5 s).
                channel.typing();
                lastTypingNanos = System.nanoTime();
                continue;
            }
            // Wait for our turn first, then take the newest text: everything that arrived while
            // waiting is coalesced into this one update.
            acquirePermit();
            AnswerText.Interim interim = answer.interim();
            if (interim == null) {
                break;
            }
            shownVersion = interim.version();
            showInterim(interim.text());
        }
        if (!abandoned()) {
            showFinal(answer.finalText());
        }
        return new DeliveryOutcome(platformCalls, firstVisibleAt, refs());
    }

    /**
     * True once the user deleted a message of this answer, or the bot may no longer write to the chat
     * ({@link DeliveryException.ChatGone}); the answer then ends without another call, and is not kept.
     */
    public boolean abandoned() {
        return answer.abandoned();
    }

    private void abandon(DeliveryException why) {
        answer.abandon();
        if (why instanceof DeliveryException.ChatGone) {
            log.info(
                    "The bot may no longer write to {} ({}); ending the answer", channel.pacingKey(), why.getMessage());
        } else {
            log.debug("A message of the answer in {} was deleted; ending the answer quietly", channel.pacingKey());
        }
    }

    private void showInterim(String snapshot) throws InterruptedException {
        List<String> chunks = MessageSplitter.split(snapshot, limits.maxTextLength());
        for (int i = 0; i < chunks.size() - 1; i++) {
            if (abandoned()) {
                return;
            }
            if (!slot(i).done) {
                finalizeChunk(i, chunks.get(i));
            }
        }
        if (chunks.isEmpty()) {
            return;
        }
        int last = chunks.size() - 1;
        Slot slot = slot(last);
        String chunk = chunks.get(last);
        if (chunk.isBlank() || chunk.equals(slot.shown)) {
            return;
        }
        OutgoingText interim = limits.markup() == ChannelLimits.Markup.NATIVE_MARKDOWN
                ? OutgoingText.markdown(chunk)
                : OutgoingText.plain(chunk);
        try {
            call(() -> {
                if (drafts) {
                    channel.draft(draftBase + last, interim);
                } else if (slot.ref == null) {
                    slot.ref = channel.send(interim);
                } else {
                    channel.edit(slot.ref, interim);
                }
            });
            slot.shown = chunk;
        } catch (DeliveryException.RateLimited e) {
            pacer.holdOff(channel.pacingKey(), e.retryAfter());
        } catch (DeliveryException.MessageGone | DeliveryException.ChatGone e) {
            abandon(e);
        } catch (DeliveryException e) {
            if (drafts) {
                // The platform refuses drafts here (a Bot API server without them, an error): the
                // rest of this answer is shown by send-then-edit, starting now.
                log.info("Draft refused in {}, sending and editing instead: {}", channel.pacingKey(), e.getMessage());
                drafts = false;
                showInterim(snapshot);
                return;
            }
            log.warn("Interim update failed in {}: {}", channel.pacingKey(), e.getMessage());
        }
    }

    private void showFinal(String finalText) throws InterruptedException {
        List<String> chunks = MessageSplitter.split(finalText, limits.maxTextLength());
        for (int i = 0; i < chunks.size() && !abandoned(); i++) {
            Slot slot = slot(i);
            if (slot.done && chunks.get(i).equals(slot.finalText)) {
                continue;
            }
            finalizeChunk(i, chunks.get(i));
        }
    }

    /** Shows a chunk in its final, rendered form; waits out 429s, because the final text must arrive. */
    private void finalizeChunk(int index, String chunk) throws InterruptedException {
        Slot slot = slot(index);
        OutgoingText.Format format = OutgoingText.Format.MARKDOWN;
        for (int attempt = 1; attempt <= FINAL_ATTEMPTS; attempt++) {
            OutgoingText out = new OutgoingText(chunk, format);
            try {
                call(() -> {
                    if (slot.ref == null) {
                        slot.ref = channel.send(out);
                    } else {
                        channel.edit(slot.ref, out);
                    }
                });
                slot.done = true;
                slot.finalText = chunk;
                slot.shown = chunk;
                return;
            } catch (DeliveryException.RateLimited e) {
                pacer.holdOff(channel.pacingKey(), e.retryAfter());
            } catch (DeliveryException.MarkupRejected e) {
                log.info("Markup rejected in {}, sending plain text: {}", channel.pacingKey(), e.getMessage());
                format = OutgoingText.Format.PLAIN;
            } catch (DeliveryException.MessageGone | DeliveryException.ChatGone e) {
                abandon(e);
                return;
            } catch (DeliveryException e) { // Failed: network trouble or a server error, retry shortly
                log.warn("Final update failed in {} (attempt {}): {}", channel.pacingKey(), attempt, e.getMessage());
                Thread.sleep(Duration.ofMillis(250L * attempt));
            }
        }
        log.error("Gave up delivering part {} of an answer to {}", index + 1, channel.pacingKey());
    }

    private void acquirePermit() throws InterruptedException {
        if (!permitHeld) {
            // The platform measures spacing when requests arrive; a slow request followed by a quick
            // one would arrive closer together than they were sent, so also space from the last reply.
            long sinceLastCall = System.nanoTime() - lastCallEndedNanos;
            long interval = limits.minCallInterval().toNanos();
            if (lastCallEndedNanos != 0 && sinceLastCall < interval) {
                Thread.sleep(Duration.ofNanos(interval - sinceLastCall));
            }
            pacer.awaitTurn(channel.pacingKey(), limits.minCallInterval());
            permitHeld = true;
        }
    }

    private void call(PlatformCall platformCall) throws DeliveryException, InterruptedException {
        acquirePermit();
        permitHeld = false;
        platformCalls++;
        try {
            platformCall.run();
        } finally {
            lastCallEndedNanos = System.nanoTime();
        }
        if (firstVisibleAt == null) {
            firstVisibleAt = Instant.now();
        }
    }

    private Slot slot(int index) {
        while (slots.size() <= index) {
            slots.add(new Slot());
        }
        return slots.get(index);
    }

    private List<MessageRef> refs() {
        List<MessageRef> refs = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.ref != null) {
                refs.add(slot.ref);
            }
        }
        return refs;
    }

    @FunctionalInterface
    private interface PlatformCall {
        void run() throws DeliveryException;
    }

    /** One platform message of the answer. */
    private static final class Slot {
        @Nullable
        MessageRef ref;

        @Nullable
        String shown;

        @Nullable
        String finalText;

        boolean done;
    }
}
