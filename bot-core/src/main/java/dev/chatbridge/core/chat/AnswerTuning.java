package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.UserSettings;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The operator's defaults and bounds for what users may tune in {@code /settings}: the sampling
 * temperature (null default: none is sent and the model's own applies) within {@code
 * minTemperature..maxTemperature}. The answer length is bounded by {@link BotSettings#maxTokens()}.
 */
public record AnswerTuning(@Nullable Double defaultTemperature, double minTemperature, double maxTemperature) {

    /** No temperature sent unless a user picks one; OpenAI's range. */
    public static final AnswerTuning DEFAULTS = new AnswerTuning(null, 0.0, 2.0);

    /** The detail levels OpenAI's vision models take for {@code image_url}. */
    public static final Set<String> IMAGE_DETAILS = Set.of("low", "high", "auto");

    private static final List<Double> TEMPERATURE_PRESETS = List.of(0.0, 0.3, 0.7, 1.0, 1.3, 1.6, 2.0);
    private static final List<Integer> LENGTH_PRESETS = List.of(256, 512, 1024, 2048, 4096, 8192, 16384);

    public AnswerTuning {
        if (minTemperature < 0 || maxTemperature > 2 || minTemperature > maxTemperature) {
            throw new IllegalArgumentException("temperature bounds must satisfy 0 <= min <= max <= 2");
        }
        if (defaultTemperature != null
                && (defaultTemperature < minTemperature || defaultTemperature > maxTemperature)) {
            throw new IllegalArgumentException("the default temperature must lie within its bounds");
        }
    }

    /** The temperatures a user may pick: the presets within the operator's bounds. */
    public List<Double> temperatureChoices() {
        return TEMPERATURE_PRESETS.stream().filter(this::temperatureAllowed).toList();
    }

    public boolean temperatureAllowed(double temperature) {
        return temperature >= minTemperature && temperature <= maxTemperature;
    }

    /** The answer lengths a user may pick: presets up to the operator's cap (0: no cap, all of them). */
    public static List<Integer> lengthChoices(int operatorMaxTokens) {
        return LENGTH_PRESETS.stream()
                .filter(length -> lengthAllowed(length, operatorMaxTokens))
                .toList();
    }

    public static boolean lengthAllowed(int length, int operatorMaxTokens) {
        return length > 0 && (operatorMaxTokens == 0 || length <= operatorMaxTokens);
    }

    /** The temperature to send: the user's while the operator still allows it, else the default. */
    public @Nullable Double temperatureFor(UserSettings user) {
        Double chosen = user.temperature();
        return chosen != null && temperatureAllowed(chosen) ? chosen : defaultTemperature;
    }

    /** The {@code max_tokens} to send: the user's, never above the operator's cap (which 0 lifts). */
    public static int maxTokensFor(UserSettings user, int operatorMaxTokens) {
        Integer chosen = user.maxTokens();
        return chosen != null && lengthAllowed(chosen, operatorMaxTokens) ? chosen : operatorMaxTokens;
    }

    /** The image detail to send, or null for none (the gateway's default, {@code auto}). */
    public static @Nullable String imageDetailFor(UserSettings user) {
        String chosen = user.imageDetail();
        return chosen != null && IMAGE_DETAILS.contains(chosen) ? chosen : null;
    }
}
