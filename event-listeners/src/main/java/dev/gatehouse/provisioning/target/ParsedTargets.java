package dev.gatehouse.provisioning.target;

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
 * Parsed targets of this node, by component id, each kept with the exact name and configuration it was parsed
 * from, as policies are: the listener, the recorders and the worker reuse a parse while the stored component is
 * unchanged. Components come from Keycloak's realm cache, which other nodes invalidate on every change, so a
 * changed target is parsed anew at its next use everywhere. A memo of derived values, not shared state; losing it
 * costs only a parse.
 */
public final class ParsedTargets {

    /** The provider factory holding the node's memo. */
    public interface Holder {
        ParsedTargets parsedTargets();
    }

    private static final Logger LOG = Logger.getLogger(ParsedTargets.class);
    /** Far above any node's target count; past it, entries of deleted targets are dropped wholesale. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(String name, Map<String, List<String>> config, Optional<ProvisioningTarget> target) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The parsed target; empty (and logged once per change) when the stored configuration is invalid. */
    Optional<ProvisioningTarget> parse(ComponentModel component) {
        Entry cached = entries.get(component.getId());
        if (cached != null && Objects.equals(cached.name(), component.getName()) && cached.config().equals(component.getConfig())) {
            return cached.target();
        }
        Optional<ProvisioningTarget> target;
        try {
            target = Optional.of(TargetConfig.parse(component.getId(), component.getName(), component.getConfig()));
        } catch (ComponentValidationException invalid) {
            // Saves are validated; one imported broken is skipped and logged, never half-applied.
            LOG.warnf("Gatehouse provisioning target %s is invalid and ignored: %s", component.getName(), invalid.getMessage());
            target = Optional.empty();
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(component.getId(), new Entry(component.getName(), copy(component.getConfig()), target));
        return target;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> config) {
        Map<String, List<String>> copy = new HashMap<>();
        config.forEach((k, v) -> copy.put(k, v == null ? null : Collections.unmodifiableList(new ArrayList<>(v))));
        return copy;
    }
}
