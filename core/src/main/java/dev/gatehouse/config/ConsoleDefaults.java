package dev.gatehouse.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.provider.ProviderConfigProperty;

/**
 * The values the admin console pre-fills from a provider's {@link ProviderConfigProperty} list. A save through
 * the admin REST API may leave any key out; Gatehouse's parsers must read a missing key as exactly this default,
 * which each module's defaults test checks by parsing a config with and without these values.
 */
public final class ConsoleDefaults {

    private ConsoleDefaults() {
    }

    /** Key to default value, for every property that has one (as the console stores it: text). */
    public static Map<String, String> of(List<ProviderConfigProperty> properties) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (ProviderConfigProperty p : properties) {
            if (p.getDefaultValue() != null) {
                defaults.put(p.getName(), String.valueOf(p.getDefaultValue()));
            }
        }
        return Map.copyOf(defaults);
    }

    /** The same defaults in a component's stored form (each key holds a list). */
    public static Map<String, List<String>> ofComponent(List<ProviderConfigProperty> properties) {
        Map<String, List<String>> defaults = new LinkedHashMap<>();
        of(properties).forEach((k, v) -> defaults.put(k, List.of(v)));
        return defaults;
    }

    /** A missing or blank switch reads as the property's default. */
    public static boolean bool(Map<String, String> config, String key, Map<String, String> defaults) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            v = defaults.get(key);
        }
        return v != null && Boolean.parseBoolean(v.strip());
    }
}
