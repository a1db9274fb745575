package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.component.ComponentValidationException;

/**
 * Typed reads from the string lists a realm component stores; each wrong value throws a
 * {@link ComponentValidationException} naming the setting, which the admin console shows on save.
 */
public record ComponentSettings(Map<String, List<String>> config) {

    public ComponentSettings {
        config = config == null ? Map.of() : config;
    }

    /** The first non-blank value, stripped; null when unset. */
    public String text(String key) {
        List<String> values = config.get(key);
        if (values == null) {
            return null;
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst().orElse(null);
    }

    public String required(String key, String label) {
        String v = text(key);
        if (v == null) {
            throw new ComponentValidationException(label + " is required.");
        }
        return v;
    }

    public boolean bool(String key, boolean fallback) {
        String v = text(key);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ComponentValidationException("Setting " + key + " must be true or false, not " + v + ".");
        }
        return Boolean.parseBoolean(v);
    }

    public int integer(String key, int fallback, int min, int max) {
        String v = text(key);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ComponentValidationException("Setting " + key + " must be a whole number, not " + v + ".");
        }
        if (n < min || n > max) {
            throw new ComponentValidationException("Setting " + key + " must be between " + min + " and " + max + ", not " + n + ".");
        }
        return n;
    }

    /** One of an enum's constants, written in lower case with dashes in the stored config. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        String v = text(key);
        if (v == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(v.toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(id(constant));
        }
        throw new ComponentValidationException("Setting " + key + " must be one of " + String.join(", ", allowed) + ", not " + v + ".");
    }

    /** How {@link #choice} spells a constant in the stored config: {@code EXTERNAL_ONLY} is {@code external-only}. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Several values; the console stores a multivalued field joined by {@code ##}. Order kept, duplicates dropped. */
    public List<String> values(String key) {
        List<String> values = config.get(key);
        if (values == null) {
            return List.of();
        }
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (String value : values) {
            for (String part : value == null ? new String[0] : value.split("##")) {
                if (!part.isBlank()) {
                    result.add(part.strip());
                }
            }
        }
        return List.copyOf(result);
    }
}
