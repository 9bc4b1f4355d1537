package dev.chatbridge.app.region;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the {@code initData} Telegram hands a Web App, as the Bot API asks: the data-check-string (every field but
 * {@code hash}, sorted by name, {@code name=value} joined by line feeds) signed with HMAC-SHA256 under the key
 * HMAC-SHA256(key "WebAppData", bot token). Only Telegram knows the bot token, so a valid hash proves the user id.
 */
final class TelegramInitData {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] secretKey;
    private final Clock clock;
    private final Duration maxAge;

    TelegramInitData(String botToken, Clock clock, Duration maxAge) {
        this.secretKey = RegionTokens.hmac(
                "WebAppData".getBytes(StandardCharsets.UTF_8), botToken.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The Telegram user id the init data proves, or empty when it is forged, altered, stale or has no user. */
    Optional<String> verifiedUserId(String initData) {
        if (initData.isBlank() || initData.length() > 8192) {
            return Optional.empty();
        }
        TreeMap<String, String> fields = new TreeMap<>();
        for (String pair : initData.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            try {
                fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String hash = fields.remove("hash");
        if (hash == null) {
            return Optional.empty();
        }
        StringBuilder check = new StringBuilder();
        fields.forEach((name, value) -> {
            if (!check.isEmpty()) {
                check.append('\n');
            }
            check.append(name).append('=').append(value);
        });
        byte[] expected = HexFormat.of()
                .formatHex(RegionTokens.hmac(secretKey, check.toString().getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, hash.toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return fresh(fields.getOrDefault("auth_date", "")) ? userId(fields.getOrDefault("user", "")) : Optional.empty();
    }

    /** Signed data is replayable; {@code auth_date} bounds how long it is accepted. */
    private boolean fresh(String authDate) {
        try {
            Instant signed = Instant.ofEpochSecond(Long.parseLong(authDate));
            return !signed.isBefore(clock.instant().minus(maxAge));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> userId(String user) {
        try {
            JsonNode id = JSON.readTree(user).path("id");
            return id.isIntegralNumber() ? Optional.of(id.asString()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
