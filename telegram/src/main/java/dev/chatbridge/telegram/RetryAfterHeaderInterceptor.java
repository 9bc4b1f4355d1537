package dev.chatbridge.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Some Bot API proxies answer 429 with only a {@code Retry-After} header. TelegramBots reads
 * {@code parameters.retry_after} from the body, so copy the header into the body where missing.
 */
final class RetryAfterHeaderInterceptor implements Interceptor {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String header = response.header("Retry-After");
        if (response.code() != 429 || header == null || !header.strip().matches("\\d+")) {
            return response;
        }
        ResponseBody body = response.body();
        String text = body.string();
        ObjectNode json;
        try {
            json = JSON.readTree(text) instanceof ObjectNode node ? node : JSON.createObjectNode();
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        if (!json.has("ok")) {
            json.put("ok", false).put("error_code", 429).put("description", "Too Many Requests: retry after " + header);
        }
        ObjectNode parameters = json.has("parameters") && json.get("parameters") instanceof ObjectNode p
                ? p
                : json.putObject("parameters");
        if (!parameters.has("retry_after")) {
            parameters.put("retry_after", Integer.parseInt(header.strip()));
        }
        return response.newBuilder()
                .body(ResponseBody.create(JSON.writeValueAsString(json), body.contentType()))
                .build();
    }
}
