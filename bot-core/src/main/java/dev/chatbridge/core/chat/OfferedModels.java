package dev.chatbridge.core.chat;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that turns the gateway's model list into the one users see: the operator's include and exclude
 * patterns applied, sorted by id so pages stay put, and aliases resolved. {@code /models}, {@code /model} and the
 * platforms' pickers all read it, so an excluded model can be chosen nowhere.
 */
public final class OfferedModels implements ModelCatalog {

    private static final Comparator<String> BY_ID =
            Comparator.comparing((String id) -> id.toLowerCase(Locale.ROOT)).thenComparing(Comparator.naturalOrder());

    private final ModelCatalog gateway;
    private final ModelListSettings settings;

    public OfferedModels(ModelCatalog gateway, ModelListSettings settings) {
        this.gateway = gateway;
        this.settings = settings;
    }

    @Override
    public List<String> models() {
        return gateway.models().stream()
                .filter(settings::offers)
                .distinct()
                .sorted(BY_ID)
                .toList();
    }

    /**
     * An alias wins and needs no list (the operator vouched for its model). An excluded id is refused before the
     * gateway is asked, so it stays refused while the list cannot be read.
     */
    @Override
    public Choice choose(String wanted) {
        String name = wanted.strip();
        String aliased = settings.aliases().get(name.toLowerCase(Locale.ROOT));
        if (aliased != null) {
            return new Choice.Offered(aliased);
        }
        if (!settings.offers(name)) {
            return new Choice.Excluded(name);
        }
        return ModelCatalog.super.choose(name);
    }

    @Override
    public Optional<String> aliasOf(String modelId) {
        return settings.aliases().entrySet().stream()
                .filter(alias -> alias.getValue().equals(modelId))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
    }
}
