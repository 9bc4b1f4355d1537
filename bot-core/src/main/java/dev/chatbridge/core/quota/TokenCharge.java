package dev.chatbridge.core.quota;

/** Tokens an answer used, to charge to its user's daily budget and count in the ledger. */
public record TokenCharge(QuotaUser user, long promptTokens, long completionTokens) {}
