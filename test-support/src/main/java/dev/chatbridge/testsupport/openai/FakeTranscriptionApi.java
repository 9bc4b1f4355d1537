package dev.chatbridge.testsupport.openai;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/audio/transcriptions} as OpenAI serves it: a multipart form with {@code file} (whose
 * name's extension must name a supported format) and {@code model}; 25 MB at most; the answer is
 * {@code {"text": ...}} for {@code response_format} json (the default). Can be switched off to answer 404
 * like a gateway without the route.
 */
final class FakeTranscriptionApi {

    static final String PATH = "/v1/audio/transcriptions";
    static final long MAX_BYTES = 25L * 1024 * 1024;
    private static final Set<String> FORMATS =
            Set.of("flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm");
    private static final Set<String> MODELS = Set.of("whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    /** One accepted request: the form's fields and the uploaded file. */
    record Received(
            String model, String fileName, @Nullable String fileType, byte[] file, Map<String, String> fields) {}

    volatile boolean enabled = true;
    final Queue<String> transcripts = new ConcurrentLinkedQueue<>();
    final List<Received> requests = new CopyOnWriteArrayList<>();
    final List<String> requestPaths = new CopyOnWriteArrayList<>();

    static boolean isPath(String path) {
        return path.equals(PATH) || path.equals(PATH + "/");
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        requestPaths.add(exchange.getRequestURI().getPath());
        if (!enabled) {
            FakeOpenAiServer.sendError(exchange, 404, "Invalid URL (POST " + PATH + ")", "invalid_request_error", null);
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Matcher boundary = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || !boundary.find()) {
            FakeOpenAiServer.sendError(
                    exchange,
                    400,
                    "Invalid Content-Type header (" + contentType + "), expected multipart/form-data.",
                    "invalid_request_error",
                    null);
            return;
        }
        if (body.length > MAX_BYTES + 64 * 1024) {
            FakeOpenAiServer.sendError(
                    exchange, 413, "Maximum content size limit (26214400) exceeded.", "invalid_request_error", null);
            return;
        }
        Map<String, String> fields = new HashMap<>();
        byte[] file = null;
        String fileName = null;
        String fileType = null;
        for (Part part : parts(body, boundary.group(1))) {
            if (part.fileName() != null && part.name().equals("file")) {
                file = part.body();
                fileName = part.fileName();
                fileType = part.type();
            } else {
                fields.put(part.name(), new String(part.body(), StandardCharsets.UTF_8));
            }
        }
        String model = fields.get("model");
        if (model == null || model.isBlank()) {
            FakeOpenAiServer.sendError(
                    exchange, 400, "you must provide a model parameter", "invalid_request_error", null);
            return;
        }
        if (!MODELS.contains(model)) {
            FakeOpenAiServer.sendError(
                    exchange,
                    400,
                    "The model `" + model + "` does not exist or you do not have access to it.",
                    "invalid_request_error",
                    "model_not_found");
            return;
        }
        if (file == null || file.length == 0) {
            FakeOpenAiServer.sendError(
                    exchange, 400, "1 validation error: file field required", "invalid_request_error", null);
            return;
        }
        if (file.length > MAX_BYTES) {
            FakeOpenAiServer.sendError(
                    exchange, 413, "Maximum content size limit (26214400) exceeded.", "invalid_request_error", null);
            return;
        }
        String extension = fileName.contains(".")
                ? fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
                : "";
        if (!FORMATS.contains(extension)) {
            FakeOpenAiServer.sendError(
                    exchange,
                    400,
                    "Invalid file format. Supported formats: "
                            + FORMATS.stream().sorted().toList(),
                    "invalid_request_error",
                    null);
            return;
        }
        String format = fields.getOrDefault("response_format", "json");
        if (!format.equals("json")) {
            FakeOpenAiServer.sendError(
                    exchange, 400, "This fake serves response_format json only", "invalid_request_error", null);
            return;
        }
        requests.add(new Received(model, fileName, fileType, file, Map.copyOf(fields)));
        String text = transcripts.poll();
        ObjectNode answer = Json.object();
        answer.put("text", text != null ? text : "transcript of " + fileName + " (" + file.length + " bytes)");
        LocalHttpServer.sendJson(exchange, 200, answer, Map.of());
    }

    private record Part(
            String name,
            @Nullable String fileName,
            @Nullable String type,
            byte[] body) {}

    /** A small multipart/form-data reader: parts are split on {@code --boundary}, headers end at a blank line. */
    private static List<Part> parts(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new CopyOnWriteArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // the closing delimiter
            }
            start += 2; // CRLF after the delimiter
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            int end = next - 2; // CRLF before the next delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0 || headersEnd > end) {
                break;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            String name = null;
            String fileName = null;
            String type = null;
            for (String header : headers.split("\r\n")) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    Matcher n = NAME.matcher(header);
                    name = n.find() ? n.group(1) : null;
                    Matcher f = FILENAME.matcher(header);
                    fileName = f.find() ? f.group(1) : null;
                } else if (lower.startsWith("content-type:")) {
                    type = header.substring("content-type:".length()).strip();
                }
            }
            byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, end);
            if (name != null) {
                parts.add(new Part(name, fileName, type, content));
            }
            at = next;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
