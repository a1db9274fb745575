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
import java.util.Locale;
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
            Object[] args = arguments(text, 7);
            String formatted = new MessageFormat(text).format(args);
            indexes.forEach(i -> assertTrue(formatted.contains(isCount(text, i) ? "7" : "ARG" + i),
                    language + ": " + key + " -> " + formatted));
        }));
    }

    /** Counts in Keycloak's MessageFormat choice form: "1 minute", "5 minutes", in every language that has plurals. */
    @Test
    void countsReadNaturallyForOneAndForMany() {
        Map<String, List<String>> expected = Map.of(
                "en", List.of("It is valid for 1 minute.", "It is valid for 5 minutes.", "wait 1 second before", "wait 5 seconds before",
                        "valid for 1 minute and", "valid for 5 minutes and"),
                "de", List.of("Er ist 1 Minute lang", "Er ist 5 Minuten lang", "warten Sie 1 Sekunde,", "warten Sie 5 Sekunden,",
                        "Code ist 1 Minute lang", "Code ist 5 Minuten lang"),
                "fr", List.of("Il est valable 1 minute.", "Il est valable 5 minutes.", "patienter 1 seconde avant", "patienter 5 secondes avant",
                        "valable 1 minute et", "valable 5 minutes et"),
                "es", List.of("durante 1 minuto.", "durante 5 minutos.", "Espere 1 segundo antes", "Espere 5 segundos antes",
                        "durante 1 minuto y", "durante 5 minutos y"),
                "pt_BR", List.of("válido por 1 minuto.", "válido por 5 minutos.", "Aguarde 1 segundo antes", "Aguarde 5 segundos antes",
                        "válido por 1 minuto e", "válido por 5 minutos e"),
                "ja", List.of("有効期間は 1 分です。", "有効期間は 5 分です。", "1 秒お待ちください", "5 秒お待ちください",
                        "有効期間は 1 分で", "有効期間は 5 分で"));
        List<String> keys = List.of("gatehouseOtpInstruction", "gatehouseOtpResendWait", "gatehouseOtpEmailLifetime");
        expected.forEach((language, texts) -> {
            Locale locale = Locale.forLanguageTag(language.replace('_', '-'));
            for (int k = 0; k < keys.size(); k++) {
                String text = bundles.get(language).get(keys.get(k));
                String one = new MessageFormat(text, locale).format(arguments(text, 1));
                String five = new MessageFormat(text, locale).format(arguments(text, 5));
                assertTrue(one.contains(texts.get(2 * k)), language + ": " + one);
                assertTrue(five.contains(texts.get(2 * k + 1)), language + ": " + five);
            }
        });
    }

    @Test
    void noMessageSaysOneWithAPlural() {
        Pattern onePlural = Pattern.compile("\\b1 (minutes|seconds|hours|Minuten|Sekunden|Stunden|secondes|heures|minutos|segundos|horas)\\b");
        List<String> wrong = new ArrayList<>();
        bundles.forEach((language, messages) -> messages.forEach((key, text) -> {
            String formatted = new MessageFormat(text).format(arguments(text, 1));
            if (onePlural.matcher(formatted).find()) {
                wrong.add(language + ": " + key + " -> " + formatted);
            }
        }));
        assertEquals(List.of(), wrong, "use a choice format: {0,choice,0#{0} minutes|1#1 minute|1<{0} minutes}");
    }

    /** Every placeholder as a text ARGn, except counts, given as {@code count}. */
    private static Object[] arguments(String text, int count) {
        Set<Integer> indexes = placeholders(text);
        int size = indexes.isEmpty() ? 0 : Collections.max(indexes) + 1;
        Object[] args = new Object[size];
        for (int i = 0; i < size; i++) {
            args[i] = isCount(text, i) ? (Object) count : "ARG" + i;
        }
        return args;
    }

    /** A choice format, or a plain placeholder followed by a unit (so that a count without a choice is caught). */
    private static boolean isCount(String text, int index) {
        return text.contains("{" + index + ",choice,") || Pattern.compile("\\{" + index + "} (minutes|seconds|hours|Minuten|Sekunden|Stunden|secondes|heures|minutos|segundos|horas|分|秒|時間)").matcher(text).find();
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
