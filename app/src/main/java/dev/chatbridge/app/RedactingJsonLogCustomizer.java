package dev.chatbridge.app;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * With JSON logs ({@code logging.structured.format.console}), masks tokens and keys in every
 * string field, the message and stack trace included, as the plain pattern does for text logs.
 */
public class RedactingJsonLogCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, Redaction::secrets));
    }
}
