package dev.chatbridge.core.imagine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ModalAsks} in this process's memory, for an {@link ImagineService} built without shared storage (one
 * process, tests). Entries are not dropped after {@code keep}: an ask still knows whether it expired.
 */
final class UnsharedModalAsks implements ModalAsks {

    private final Map<String, ModalAsk> byTask = new ConcurrentHashMap<>();
    private final Map<String, String> byAskId = new ConcurrentHashMap<>();
    private final Map<String, String> byMessage = new ConcurrentHashMap<>();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    @Override
    public void save(ModalAsk ask, Duration keep) {
        byTask.put(ask.taskId(), ask);
        byAskId.put(ask.askId(), ask.taskId());
    }

    @Override
    public Optional<ModalAsk> find(String taskId) {
        return Optional.ofNullable(byTask.get(taskId));
    }

    @Override
    public Optional<String> taskOf(String askId) {
        return Optional.ofNullable(byAskId.get(askId));
    }

    @Override
    public void linkMessage(String platform, String chatId, String messageId, String taskId, Duration keep) {
        byMessage.put(platform + ":" + chatId + ":" + messageId, taskId);
    }

    @Override
    public Optional<String> taskOfMessage(String platform, String chatId, String messageId) {
        return Optional.ofNullable(byMessage.get(platform + ":" + chatId + ":" + messageId));
    }

    @Override
    public boolean claim(String taskId, Duration keep) {
        return claimed.add(taskId);
    }

    @Override
    public void release(String taskId) {
        claimed.remove(taskId);
    }
}
