package dev.gatehouse.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.gatehouse.external.EmailDomains;

/**
 * The SQL email predicate of {@link EmailRuleSql} relies on two claims, checked here against the Java
 * classifier's own {@link EmailDomains} over many generated addresses: for a "plain" email (the SQL conditions,
 * transcribed below) the normalised domain is exactly the text after the {@code @}; and then "covered by D" is
 * exactly {@code LIKE '%@D' OR LIKE '%.D'}.
 */
class PlainEmailSqlAssumptionsTest {

    private static final List<String> DOMAINS = List.of("partner.example", "example", "a.b", "xn--bcher-kva.example", "eu.partner.example");

    /** The conditions of EmailRuleSql.plainEmail, in Java, on a lower-cased non-null email. */
    private static boolean plain(String email) {
        int first = email.indexOf('@');
        if (first < 0 || email.indexOf('@', first + 1) >= 0 || email.startsWith("@") || email.endsWith("@")) {
            return false;
        }
        String d = email.substring(first + 1);
        String ldhAsX = d.replaceAll("[a-z0-9-]", "x");
        return !d.startsWith(".") && !d.endsWith(".") && !d.contains("..") && !d.startsWith("-") && !d.endsWith("-")
                && !d.contains(".-") && !d.contains("-.") && d.length() <= 253
                && ldhAsX.replace("x", "").replace(".", "").isEmpty() && !ldhAsX.contains("x".repeat(64));
    }

    @Test
    void plainEmailsNormaliseToTheTextAfterTheAtSignAndLikeMatchesCoverage() {
        Random random = new Random(42);
        String alphabet = "abz09-.@_üX ";
        int plainCount = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int j = 0; j < length; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String suffix = random.nextBoolean() ? DOMAINS.get(random.nextInt(DOMAINS.size())) : "";
            check(b + suffix);
            if (plain((b + suffix).toLowerCase(java.util.Locale.ROOT))) {
                plainCount++;
            }
        }
        assertTrue(plainCount > 1_000, "the corpus holds enough plain emails: " + plainCount);
    }

    @Test
    void unusualDomainsAreLeftToJava() {
        assertFalse(plain("a@bücher.example"));
        assertFalse(plain("a@corp.example."));
        assertFalse(plain("a@x_y.example"));
        assertFalse(plain("a@b@corp.example"));
        assertFalse(plain("a@" + "x".repeat(64) + ".example"));
        assertFalse(plain("a@-x.example"));
        assertTrue(plain("a.b+c@eu.partner.example"));
        assertTrue(plain("a@" + "x".repeat(63) + ".example"));
    }

    private static void check(String raw) {
        String email = raw.toLowerCase(java.util.Locale.ROOT);
        if (!plain(email)) {
            return;
        }
        String afterAt = email.substring(email.indexOf('@') + 1);
        assertEquals(Optional.of(afterAt), EmailDomains.ofEmail(email), email);
        for (String d : DOMAINS) {
            boolean like = email.endsWith("@" + d) || email.endsWith("." + d);
            assertEquals(EmailDomains.covers(d, afterAt), like, email + " / " + d);
        }
    }
}
