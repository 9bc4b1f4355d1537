package dev.chatbridge.testsupport.telegram;

import java.time.Instant;

/** One POST of an update to the bot's webhook: where it went and what came back (0: no connection). */
public record WebhookDeliveryRecord(int updateId, String target, int status, Instant at) {}
