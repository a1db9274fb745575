package dev.gatehouse.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

/**
 * Parsed policies of this node, by component id, each kept with the exact name and configuration it was parsed
 * from. A login reuses a parse only while the stored component is unchanged: the components themselves come from
 * Keycloak's realm cache, which other nodes invalidate on every change, so a changed policy is parsed anew on the
 * next login everywhere. This is a memo of derived values, not shared state; losing it costs only a parse.
 */
final class ParsedPolicies {

    private static final Logger LOG = Logger.getLogger(ParsedPolicies.class);
    /** Far above any realm's policy count; past it, entries of deleted policies are dropped wholesale. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(String name, Map<String, List<String>> config, Optional<ExternalUserPolicy> policy) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The parsed policy; empty (and logged once per change) when the stored configuration is invalid. */
    Optional<ExternalUserPolicy> parse(ComponentModel component) {
        Entry cached = entries.get(component.getId());
        if (cached != null && Objects.equals(cached.name(), component.getName()) && cached.config().equals(component.getConfig())) {
            return cached.policy();
        }
        Optional<ExternalUserPolicy> policy;
        try {
            policy = Optional.of(PolicyConfig.parse(component.getId(), component.getName(), component.getConfig()));
        } catch (ComponentValidationException invalid) {
            // Stored policies are validated on save; one imported broken is skipped, never half-applied.
            LOG.warnf("Gatehouse policy %s is invalid and ignored: %s", component.getName(), invalid.getMessage());
            policy = Optional.empty();
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(component.getId(), new Entry(component.getName(), copy(component.getConfig()), policy));
        return policy;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> config) {
        Map<String, List<String>> copy = new java.util.HashMap<>();
        config.forEach((k, v) -> copy.put(k, v == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(v))));
        return copy;
    }
}
