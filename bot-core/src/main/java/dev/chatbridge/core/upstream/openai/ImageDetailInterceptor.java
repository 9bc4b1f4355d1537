package dev.chatbridge.core.upstream.openai;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sets {@code detail} on every {@code image_url} part of a chat request. Spring AI builds image
 * parts from {@code Media} without a detail, so {@link SpringAiChatUpstream} names the wanted one
 * in the internal {@link #HEADER}, which this removes before the request leaves.
 */
final class ImageDetailInterceptor implements Interceptor {

    static final String HEADER = "X-ChatBridge-Image-Detail";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String detail = request.header(HEADER);
        if (detail == null) {
            return chain.proceed(request);
        }
        Request.Builder stripped = request.newBuilder().removeHeader(HEADER);
        RequestBody body = request.body();
        if (body == null) {
            return chain.proceed(stripped.build());
        }
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        JsonNode json = JSON.readTree(buffer.readUtf8());
        for (JsonNode message : json.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (part.path("image_url") instanceof ObjectNode image) {
                    image.put("detail", detail);
                }
            }
        }
        MediaType type = body.contentType();
        return chain.proceed(stripped.method(request.method(), RequestBody.create(JSON.writeValueAsBytes(json), type))
                .build());
    }
}
