package dev.chatbridge.core.tools;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code current_time}: the date and time now, in UTC or an IANA time zone the model names. */
public final class CurrentTimeTool implements Tool {

    public static final String NAME = "current_time";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ToolSpec SPEC = new ToolSpec(
            NAME,
            "Returns the current date and time. Use it whenever the answer depends on today's date or the time.",
            """
            {"type":"object","properties":{"timezone":{"type":"string",\
            "description":"IANA time zone such as Europe/Berlin or Asia/Shanghai; UTC when omitted"}},\
            "additionalProperties":false}""");

    private final Clock clock;

    public CurrentTimeTool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public ToolOutput call(JsonNode arguments, ToolCaller caller) throws ToolFailure {
        String zoneName = arguments.path("timezone").asString("UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName.isBlank() ? "UTC" : zoneName);
        } catch (DateTimeException e) {
            throw new ToolFailure("unknown time zone '" + zoneName + "'");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ObjectNode result = JSON.createObjectNode();
        result.put("datetime", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        result.put("timezone", zone.getId());
        result.put("weekday", now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        return ToolOutput.text(JSON.writeValueAsString(result));
    }
}
