package dev.gatehouse.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message bundles Keycloak serves from theme-resources: every language says everything English says, with
 * the same placeholders, in a form Keycloak reads (UTF-8, detected like {@code PropertiesUtil.readCharsetAware})
 * and formats (every message passes through {@link MessageFormat}, so a lone apostrophe would swallow text).
 */
class MessageBundlesTest {

    /** The languages Gatehouse promises; adding a file adds a language, removing one fails here. */
    private static final Set<String> PROMISED = Set.of("en", "de", "fr", "es", "pt_BR", "ja");
    private static final Pattern FILE = Pattern.compile("messages_(.+)\\.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    private static Map<String, Map<String, String>> bundles;

    @BeforeAll
    static void readBundles() throws IOException, URISyntaxException {
        Path dir = Path.of(MessageBundlesTest.class.getResource("/theme-resources/messages").toURI());
        bundles = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher name = FILE.matcher(file.getFileName().toString());
                if (name.matches()) {
                    bundles.put(name.group(1), read(file));
                }
            }
        }
    }

    @Test
    void everyPromisedLanguageHasABundle() {
        assertTrue(bundles.keySet().containsAll(PROMISED), "bundles present: " + bundles.keySet());
    }

    @Test
    void everyEnglishKeyHasATextInEveryLanguage() {
        Map<String, String> english = bundles.get("en");
        List<String> missing = new ArrayList<>();
        bundles.forEach((language, messages) -> english.keySet().stream()
                .filter(key -> messages.getOrDefault(key, "").isBlank())
                .forEach(key -> missing.add(language + ": " + key)));
        assertEquals(List.of(), missing, "keys missing or empty");
    }

    @Test
    void noLanguageHasKeysEnglishDoesNotHave() {
        Map<String, String> english = bundles.get("en");
        List<String> stale = new ArrayList<>();
        bundles.forEach((language, messages) -> messages.keySet().stream()
                .filter(key -> !english.containsKey(key))
                .forEach(key -> stale.add(language + ": " + key)));
        assertEquals(List.of(), stale, "keys no English text has (renamed or removed?)");
    }

    @Test
    void placeholdersAreTheSameInEveryLanguage() {
        Map<String, String> english = bundles.get("en");
        List<String> differ = new ArrayList<>();
        bundles.forEach((language, messages) -> english.forEach((key, text) -> {
            String translated = messages.get(key);
            if (translated != null && !placeholders(text).equals(placeholders(translated))) {
                differ.add(language + ": " + key + " has " + placeholders(translated) + ", English " + placeholders(text));
            }
        }));
        assertEquals(List.of(), differ);
    }

    @Test
    void apostrophesAreDoubledSoMessageFormatKeepsThem() {
        List<String> lone = new ArrayList<>();
        bundles.forEach((language, messages) -> messages.forEach((key, text) -> {
            if (text.replace("''", "").contains("'")) {
                lone.add(language + ": " + key);
            }
            new MessageFormat(text); // throws on a malformed pattern
        }));
        assertEquals(List.of(), lone, "a single ' starts a quoted part in MessageFormat: write ''");
    }

    @Test
    void formattedMessagesShowTheirArguments() {
        bundles.forEach((language, messages) -> messages.forEach((key, text) -> {
            Set<Integer> indexes = placeholders(text);
            Object[] args = indexes.stream().map(i -> "ARG" + i).toArray();
            String formatted = new MessageFormat(text).format(indexes.isEmpty() ? new Object[0] : args);
            indexes.forEach(i -> assertTrue(formatted.contains("ARG" + i), language + ": " + key + " -> " + formatted));
        }));
    }

    private static Set<Integer> placeholders(String text) {
        Set<Integer> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text.replace("''", ""));
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return Collections.unmodifiableSet(found);
    }

    /** Reads a bundle as Keycloak does, after proving the bytes are valid UTF-8 (not Latin-1 by accident). */
    private static Map<String, String> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError(file.getFileName() + " is not valid UTF-8", e);
        }
        PropertyResourceBundle bundle = new PropertyResourceBundle(new ByteArrayInputStream(bytes));
        Map<String, String> messages = new TreeMap<>();
        bundle.keySet().forEach(key -> messages.put(key, bundle.getString(key)));
        return messages;
    }
}
