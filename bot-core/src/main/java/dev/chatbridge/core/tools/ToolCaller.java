package dev.chatbridge.core.tools;

import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;

/** Whose answer a tool call belongs to: tools that cost something (drawing) count it against this user's limits. */
public record ToolCaller(QuotaUser user, Language language) {}
