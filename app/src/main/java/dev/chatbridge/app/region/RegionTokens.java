package dev.chatbridge.app.region;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in a mask page link: who may complete which MODAL task until when, signed with HMAC-SHA256. It carries
 * no secret and nothing the user may not see; the signature makes it unforgeable, and the key is derived from the
 * bot tokens, so every replica checks the links the others made. Tokens are never logged.
 */
final class RegionTokens {

    /** What a link grants; {@code webApp}: it was handed out as a Telegram Web App button, so initData is required. */
    record Claims(String taskId, String platform, String chatId, String userId, Instant expiresAt, boolean webApp) {
        Claims {
            for (String field : List.of(taskId, platform, chatId, userId)) {
                if (field.isBlank() || field.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a link field is blank or has a line break");
                }
            }
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** What a presented token turned out to be. */
    sealed interface Check {
        record Valid(Claims claims) implements Check {}

        /** Genuine, but past its expiry. */
        record Expired() implements Check {}

        /** Not made by us, altered, or unreadable. */
        record Forged() implements Check {}
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String VERSION = "1";

    private final SecretKeySpec key;
    private final Clock clock;

    RegionTokens(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** Keyed by the bot tokens (every replica has the same), through HMAC: the key never reveals them. */
    static RegionTokens fromBotTokens(String telegramToken, String discordToken, Clock clock) {
        byte[] secret = hmac(
                "chatbridge region links".getBytes(StandardCharsets.UTF_8),
                (telegramToken + "\n" + discordToken).getBytes(StandardCharsets.UTF_8));
        return new RegionTokens(secret, clock);
    }

    String sign(Claims claims) {
        String payload = String.join(
                "\n",
                VERSION,
                claims.taskId(),
                claims.platform(),
                claims.chatId(),
                claims.userId(),
                Long.toString(claims.expiresAt().getEpochSecond()),
                claims.webApp() ? "w" : "-");
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(hmac(key.getEncoded(), bytes));
    }

    Check check(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 1024) {
            return new Check.Forged();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Check.Forged();
        }
        if (!MessageDigest.isEqual(hmac(key.getEncoded(), payload), signature)) {
            return new Check.Forged();
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (fields.length != 7 || !fields[0].equals(VERSION)) {
            return new Check.Forged();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[5]));
        } catch (NumberFormatException e) {
            return new Check.Forged();
        }
        if (!clock.instant().isBefore(expiresAt)) {
            return new Check.Expired();
        }
        return new Check.Valid(
                new Claims(fields[1], fields[2], fields[3], fields[4], expiresAt, fields[6].equals("w")));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
