package dev.chatbridge.testsupport.discord;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A REST request the fake Discord received: method, path below the API root (e.g. {@code channels/1/messages}),
 * the JSON body ({@code payload_json} for uploads), the names of uploaded files, and the status it answered.
 */
public record RestCall(String method, String path, JsonNode body, List<String> files, int status) {

    public boolean is(String method, String pathPattern) {
        return this.method.equals(method) && path.matches(pathPattern);
    }
}
