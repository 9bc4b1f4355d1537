package dev.chatbridge.core.quota;

/** A user in the admins' /stats ranking, by tokens used today. */
public record TopUser(QuotaUser user, long tokens) {}
