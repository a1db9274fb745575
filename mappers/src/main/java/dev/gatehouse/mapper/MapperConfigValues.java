package dev.gatehouse.mapper;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a Keycloak mapper's string configuration (protocol mappers and identity-provider mappers store the same
 * way) for the settings records that parse it, with errors that name the setting.
 */
public final class MapperConfigValues {

    private MapperConfigValues() {
    }

    /** The value without outer whitespace; null when missing or blank. */
    public static String text(Map<String, String> config, String key) {
        String v = config.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Keycloak stores multi-valued mapper settings joined by "##"; blank entries are dropped. */
    public static List<String> list(Map<String, String> config, String key) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split("##")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * @throws IllegalArgumentException naming the setting when the value is not a valid regular expression
     */
    public static Pattern regex(String key, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Setting " + key + ": " + value + " is not a valid regular expression (" + e.getDescription() + ").");
        }
    }
}
