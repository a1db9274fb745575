package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

/**
 * Parsed components of this node (policies, provisioning targets), by component id, each kept with the exact name
 * and configuration it was parsed from: a reader reuses a parse only while the stored component is unchanged. The
 * components come from Keycloak's realm cache, which other nodes invalidate on every change, so a changed one is
 * parsed anew at its next use everywhere. A memo of derived values, not shared state; losing it costs only a parse.
 */
public class ParsedComponents<T> {

    /** Parses and validates one component's stored configuration; throws {@link ComponentValidationException}. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String id, String name, Map<String, List<String>> config);
    }

    private static final Logger LOG = Logger.getLogger(ParsedComponents.class);
    /** Far above any realm's count; past it, entries of deleted components are dropped wholesale. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry<T>(String name, Map<String, List<String>> config, Optional<T> parsed) {
    }

    private final String kind;
    private final Parser<T> parser;
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

    /** {@code kind}: how the log names such a component ("policy"). */
    protected ParsedComponents(String kind, Parser<T> parser) {
        this.kind = kind;
        this.parser = parser;
    }

    /** The parsed component; empty (and logged once per change) when the stored configuration is invalid. */
    public Optional<T> parse(ComponentModel component) {
        Entry<T> cached = entries.get(component.getId());
        if (cached != null && Objects.equals(cached.name(), component.getName()) && cached.config().equals(component.getConfig())) {
            return cached.parsed();
        }
        Optional<T> parsed;
        try {
            parsed = Optional.of(parser.parse(component.getId(), component.getName(), component.getConfig()));
        } catch (ComponentValidationException invalid) {
            // Saves are validated; one imported broken is skipped, never half-applied.
            LOG.warnf("Gatehouse %s %s is invalid and ignored: %s", kind, component.getName(), invalid.getMessage());
            parsed = Optional.empty();
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(component.getId(), new Entry<>(component.getName(), copy(component.getConfig()), parsed));
        return parsed;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> config) {
        Map<String, List<String>> copy = new HashMap<>();
        config.forEach((k, v) -> copy.put(k, v == null ? null : Collections.unmodifiableList(new ArrayList<>(v))));
        return copy;
    }
}
