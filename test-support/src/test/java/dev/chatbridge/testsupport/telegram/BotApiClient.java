package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Calls the fake Telegram the way TelegramBots does: POST with a JSON body. */
final class BotApiClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        JsonNode result() {
            return body.get("result");
        }

        String description() {
            return body.path("description").asString();
        }
    }

    BotApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    Response call(String method, String json) {
        return post("/bot" + token + "/" + method, "application/json", json);
    }

    Response form(String method, String form) {
        return post("/bot" + token + "/" + method, "application/x-www-form-urlencoded", form);
    }

    Response post(String path, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), Json.parse(response.body()), response);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String sendMessage(long chatId, String text) {
        return "{\"chat_id\":" + chatId + ",\"text\":" + quote(text) + "}";
    }

    static String quote(String text) {
        return Json.text(Json.MAPPER.getNodeFactory().stringNode(text));
    }
}
