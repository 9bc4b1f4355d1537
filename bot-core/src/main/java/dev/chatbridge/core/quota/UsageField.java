package dev.chatbridge.core.quota;

/** What the daily usage ledger counts per user and in total. */
public enum UsageField {
    MESSAGES("messages"),
    TOKENS_IN("tokens_in"),
    TOKENS_OUT("tokens_out"),
    IMAGES("images"),
    REFUSED("refused");

    private final String key;

    UsageField(String key) {
        this.key = key;
    }

    /** The field's name in storage. */
    public String key() {
        return key;
    }

    public boolean isTokens() {
        return this == TOKENS_IN || this == TOKENS_OUT;
    }
}
