package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Files users sent, served like Telegram: {@code getFile} returns a {@code file_path}, and the bytes are at
 * {@code /file/bot<token>/<file_path>}. Files over 20 MB cannot be fetched through getFile.
 */
final class UserFiles {
    static final long MAX_GETFILE_BYTES = 20L * 1024 * 1024;

    record StoredFile(String fileId, String uniqueId, String path, byte[] bytes, long declaredSize) {}

    private final Map<String, StoredFile> byId = new ConcurrentHashMap<>();
    private final Map<String, StoredFile> byPath = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    /** Stores bytes; {@code declaredSize} is what Telegram reports (a test may claim a huge file with few bytes). */
    StoredFile put(String folder, String extension, byte[] bytes, long declaredSize) {
        int n = next.incrementAndGet();
        String fileId = "AgACAgIAAx" + Long.toString(Math.abs((long) java.util.Arrays.hashCode(bytes)), 36) + "-" + n;
        StoredFile file = new StoredFile(fileId, "u" + n, folder + "/file_" + n + extension, bytes, declaredSize);
        byId.put(fileId, file);
        byPath.put(file.path(), file);
        return file;
    }

    JsonNode getFile(MethodParams params) {
        String fileId = params.string("file_id");
        StoredFile file = fileId == null ? null : byId.get(fileId);
        if (file == null) {
            throw BotApiError.badRequest("invalid file_id");
        }
        if (file.declaredSize() > MAX_GETFILE_BYTES) {
            throw BotApiError.badRequest("file is too big");
        }
        ObjectNode result = Json.object();
        result.put("file_id", file.fileId());
        result.put("file_unique_id", file.uniqueId());
        result.put("file_size", file.declaredSize());
        result.put("file_path", file.path());
        return result;
    }

    @Nullable
    StoredFile byPath(String path) {
        return byPath.get(path);
    }
}
