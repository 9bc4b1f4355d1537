package dev.chatbridge.testsupport.telegram;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads Bot API parameters from the query string and a JSON, form or multipart body, as Telegram accepts all. */
final class RequestReader {
    private RequestReader() {}

    static MethodParams read(HttpExchange exchange) throws IOException {
        ObjectNode params = Json.object();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            LocalHttpServer.parseForm(query).forEach(params::put);
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            return new MethodParams(params);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            LocalHttpServer.parseForm(new String(body, StandardCharsets.UTF_8)).forEach(params::put);
        } else if (type.startsWith("multipart/form-data")) {
            params.setAll(MultipartForm.parse(contentType, body));
        } else {
            // JSON is the default: TelegramBots sends it, and curl users often forget the header.
            JsonNode json;
            try {
                json = Json.parse(body);
            } catch (RuntimeException e) {
                throw BotApiError.badRequest("can't parse JSON object");
            }
            if (json instanceof ObjectNode object) {
                params.setAll(object);
            }
        }
        return new MethodParams(params);
    }

    /** Lets a form's text fields read like JSON strings; files become {@code {file_name, size}}. */
    static final class MultipartForm {
        private MultipartForm() {}

        static ObjectNode parse(String contentType, byte[] body) {
            ObjectNode fields = Json.object();
            String boundary = boundary(contentType);
            // ISO-8859-1 maps bytes 1:1 to chars, so indexes stay byte offsets.
            String raw = new String(body, StandardCharsets.ISO_8859_1);
            String delimiter = "--" + boundary;
            int pos = raw.indexOf(delimiter);
            while (pos >= 0) {
                int partStart = pos + delimiter.length();
                if (raw.startsWith("--", partStart)) {
                    break;
                }
                int next = raw.indexOf("\r\n" + delimiter, partStart);
                if (next < 0) {
                    break;
                }
                addPart(fields, raw.substring(partStart, next));
                pos = next + 2;
            }
            return fields;
        }

        private static void addPart(ObjectNode fields, String part) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                return;
            }
            String headers = part.substring(0, headerEnd);
            String content = part.substring(headerEnd + 4);
            String name = attribute(headers, "name");
            if (name == null) {
                return;
            }
            String fileName = attribute(headers, "filename");
            if (fileName != null) {
                ObjectNode file = fields.putObject(name);
                file.put("file_name", fileName);
                file.put("size", content.length());
            } else {
                fields.put(name, new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }

        private static String boundary(String contentType) {
            for (String piece : contentType.split(";")) {
                String trimmed = piece.trim();
                if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                    return unquote(trimmed.substring("boundary=".length()));
                }
            }
            throw BotApiError.badRequest("multipart boundary is missing");
        }

        private static @org.jspecify.annotations.Nullable String attribute(String headers, String name) {
            for (String line : headers.split("\r\n")) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    continue;
                }
                for (String piece : line.split(";")) {
                    String trimmed = piece.trim();
                    if (trimmed.startsWith(name + "=")) {
                        return unquote(trimmed.substring(name.length() + 1));
                    }
                }
            }
            return null;
        }

        private static String unquote(String value) {
            return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1)
                    : value;
        }
    }
}
