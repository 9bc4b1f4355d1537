package dev.chatbridge.core.upstream.openai;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Decides, in one pass over a stream chunk's tokens, whether {@link LaxGatewayInterceptor} may pass it on as it
 * came: a JSON object with a non-null {@code id}, {@code object}, {@code created} and {@code model}, no non-null
 * {@code error}, and a {@code choices} array whose objects each carry a non-null {@code index} and {@code delta} and
 * a {@code finish_reason} key (null is fine), with no {@code tool_calls} in a delta (their indexes may need
 * renumbering, which needs the whole chunk). Anything else, malformed JSON included, goes the slow way, which
 * decides as before. Nothing is built: the parser only walks the tokens and skips the values it does not look at.
 */
final class CompliantChunk {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private static final int ID = 1;
    private static final int OBJECT = 1 << 1;
    private static final int CREATED = 1 << 2;
    private static final int MODEL = 1 << 3;
    private static final int CHOICES = 1 << 4;
    private static final int ALL = ID | OBJECT | CREATED | MODEL | CHOICES;

    private static final int INDEX = 1;
    private static final int FINISH_REASON = 1 << 1;
    private static final int DELTA = 1 << 2;
    private static final int CHOICE_ALL = INDEX | FINISH_REASON | DELTA;

    private CompliantChunk() {}

    /** True when the chunk needs no change; false when it must be parsed and possibly rewritten. */
    static boolean passesUntouched(String payload) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            int seen = 0;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> seen |= present(value, ID);
                    case "object" -> seen |= present(value, OBJECT);
                    case "created" -> seen |= present(value, CREATED);
                    case "model" -> seen |= present(value, MODEL);
                    case "error" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            return false;
                        }
                    }
                    case "choices" -> {
                        if (value != JsonToken.START_ARRAY || !choicesComplete(parser)) {
                            return false;
                        }
                        seen |= CHOICES;
                        continue; // choicesComplete consumed the array
                    }
                    default -> {}
                }
                parser.skipChildren();
            }
            // Trailing content after the object would be malformed: let the slow path judge it.
            return seen == ALL && parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static int present(JsonToken value, int bit) {
        return value == JsonToken.VALUE_NULL ? 0 : bit;
    }

    /** Reads the choices array to its end; false as soon as a choice would be changed. */
    private static boolean choicesComplete(JsonParser parser) {
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                parser.skipChildren(); // not an object: the slow path leaves it alone too
                continue;
            }
            int seen = 0;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "index" -> seen |= present(value, INDEX);
                    case "finish_reason" -> seen |= FINISH_REASON;
                    case "delta" -> {
                        if (value == JsonToken.START_OBJECT) {
                            if (!deltaWithoutToolCalls(parser)) {
                                return false;
                            }
                            seen |= DELTA;
                            continue; // consumed
                        }
                        seen |= present(value, DELTA);
                    }
                    default -> {}
                }
                parser.skipChildren();
            }
            if (seen != CHOICE_ALL) {
                return false;
            }
        }
        return true;
    }

    /** Reads a delta object to its end; false if it carries tool calls. */
    private static boolean deltaWithoutToolCalls(JsonParser parser) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("tool_calls") && value != JsonToken.VALUE_NULL) {
                return false;
            }
            parser.skipChildren();
        }
        return true;
    }
}
