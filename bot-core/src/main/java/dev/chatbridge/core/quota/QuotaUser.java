package dev.chatbridge.core.quota;

import java.util.Objects;

/** Whose quota: a user on a platform. Quotas are per platform because user ids are. */
public record QuotaUser(String platform, String userId) {

    public QuotaUser {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(userId, "userId");
    }

    /** Used in Redis keys and in /stats. */
    public String key() {
        return platform + ":" + userId;
    }

    public static QuotaUser fromKey(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? new QuotaUser("", key) : new QuotaUser(key.substring(0, colon), key.substring(colon + 1));
    }
}
