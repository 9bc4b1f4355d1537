package dev.chatbridge.core.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory chat that records every call, checks the spacing, and fails on demand. */
final class RecordingChannel implements ChatChannel {

    record Call(String kind, String text, OutgoingText.Format format, long atNanos) {}

    private final ChannelLimits limits;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, OutgoingText> messages = new LinkedHashMap<>();
    private final Deque<DeliveryException> failures = new ArrayDeque<>();
    private int nextId = 1;
    private long lastCallNanos;
    private int tooFast;

    RecordingChannel(int maxLength, Duration interval, boolean drafts) {
        this(new ChannelLimits(maxLength, interval, drafts));
    }

    RecordingChannel(ChannelLimits limits) {
        this.limits = limits;
    }

    synchronized void failNextWith(DeliveryException failure) {
        failures.add(failure);
    }

    @Override
    public ChannelLimits limits() {
        return limits;
    }

    @Override
    public String pacingKey() {
        return "test:" + System.identityHashCode(this);
    }

    @Override
    public synchronized MessageRef send(OutgoingText text) throws DeliveryException {
        record("send", text);
        MessageRef ref = new MessageRef(Integer.toString(nextId++));
        messages.put(ref.id(), text);
        return ref;
    }

    @Override
    public synchronized void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        record("edit", text);
        messages.put(message.id(), text);
    }

    @Override
    public synchronized void draft(int draftId, OutgoingText text) throws DeliveryException {
        record("draft", text);
    }

    @Override
    public void typing() {}

    private void record(String kind, OutgoingText text) throws DeliveryException {
        long now = System.nanoTime();
        if (lastCallNanos != 0 && now - lastCallNanos < limits.minCallInterval().toNanos() - 5_000_000) {
            tooFast++;
        }
        lastCallNanos = now;
        calls.add(new Call(kind, text.text(), text.format(), now));
        DeliveryException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<OutgoingText> messages() {
        return List.copyOf(messages.values());
    }

    synchronized int tooFast() {
        return tooFast;
    }
}
