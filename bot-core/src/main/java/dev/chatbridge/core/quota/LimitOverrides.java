package dev.chatbridge.core.quota;

/**
 * Admins' per-user limits, shared by the replicas, plus a version that grows whenever any limit
 * changes (an override, or the operator's defaults at startup).
 */
public interface LimitOverrides {

    /** Bumps the version when the operator's defaults differ from the ones the buckets were built with. */
    void publishDefaults();

    /** The limits for {@code user}: the defaults with the user's overrides applied. */
    VersionedLimits effective(QuotaUser user);

    /** Sets (value ≥ 0) or removes (value &lt; 0) one override. */
    void set(QuotaUser user, LimitKind kind, long value);
}
