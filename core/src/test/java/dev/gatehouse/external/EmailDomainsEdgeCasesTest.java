package dev.gatehouse.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edge cases of {@link EmailDomains} beyond {@link EmailDomainsTest}. */
class EmailDomainsEdgeCasesTest {

    private static final String PUNYCODE_BUECHER = "xn--bcher-kva.example";

    /** A valid domain of exactly {@code length} characters, made of labels of at most 63 characters. */
    private static String domainOfLength(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append("a".repeat(Math.min(63, length - sb.length())));
        }
        assertEquals(length, sb.length());
        return sb.toString();
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertEquals(Optional.of("corp.example"), EmailDomains.normalize("  corp.example \t"));
    }

    @Test
    void unicodeDomainIsSpelledAsLowerCasePunycode() {
        assertEquals(Optional.of(PUNYCODE_BUECHER), EmailDomains.normalize("bücher.example"));
        assertEquals(Optional.of(PUNYCODE_BUECHER), EmailDomains.normalize("BÜCHER.EXAMPLE"));
    }

    @Test
    void upperCasePunycodeWithTrailingDotIsTheSameDomainAsUnicode() {
        assertEquals(Optional.of(PUNYCODE_BUECHER), EmailDomains.normalize("XN--BCHER-KVA.EXAMPLE."));
    }

    @Test
    void unicodeEmailDomainEqualsPunycodeEmailDomain() {
        assertEquals(Optional.of(PUNYCODE_BUECHER), EmailDomains.ofEmail("anna@bücher.example"));
        assertEquals(EmailDomains.ofEmail("anna@bücher.example"), EmailDomains.ofEmail("anna@XN--BCHER-KVA.example"));
    }

    @Test
    void unicodeSubdomainIsCoveredByPunycodeDomain() {
        String configured = EmailDomains.normalize(PUNYCODE_BUECHER).orElseThrow();
        assertTrue(EmailDomains.covers(configured, EmailDomains.ofEmail("anna@Shop.BÜCHER.example.").orElseThrow()));
    }

    @Test
    void deepSubdomainIsCovered() {
        assertTrue(EmailDomains.covers("partner.example", "a.b.c.partner.example"));
    }

    @Test
    void parentDomainIsNotCoveredBySubdomain() {
        assertFalse(EmailDomains.covers("eu.partner.example", "partner.example"));
    }

    @Test
    void lookAlikeWithoutDotIsNotCovered() {
        assertFalse(EmailDomains.covers("partner.example", "xpartner.example"));
        assertFalse(EmailDomains.covers("partner.example", "eu-partner.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"corp example", "corp\texample", "corp..example", "..corp.example", ".corp.example.",
            "corp/example", "corp@example", "-corp.example", "corp-.example", "[127.0.0.1]"})
    void otherInvalidDomainIsRefused(String domain) {
        assertEquals(Optional.empty(), EmailDomains.normalize(domain));
    }

    @Test
    void domainOfExactly253CharactersIsAccepted() {
        String domain = domainOfLength(253);
        assertEquals(Optional.of(domain), EmailDomains.normalize(domain));
    }

    @Test
    void domainOfExactly253CharactersPlusTrailingDotIsAccepted() {
        String domain = domainOfLength(253);
        assertEquals(Optional.of(domain), EmailDomains.normalize(domain + "."));
    }

    @Test
    void domainOf254CharactersIsRefused() {
        assertEquals(Optional.empty(), EmailDomains.normalize(domainOfLength(254)));
    }

    @Test
    void labelOver63CharactersIsRefused() {
        assertEquals(Optional.empty(), EmailDomains.normalize("a".repeat(64) + ".example"));
        assertEquals(Optional.of("a".repeat(63) + ".example"), EmailDomains.normalize("a".repeat(63) + ".example"));
    }

    @Test
    void lastAtCountsWhenEmailHasSeveralUnquoted() {
        assertEquals(Optional.of("partner.example"), EmailDomains.ofEmail("anna@corp.example@partner.example"));
    }

    @Test
    void emailWithSeveralAtsEndingInAtHasNoDomain() {
        assertEquals(Optional.empty(), EmailDomains.ofEmail("anna@corp.example@"));
    }

    @Test
    void emptyAndAtOnlyEmailsHaveNoDomain() {
        assertEquals(Optional.empty(), EmailDomains.ofEmail(""));
        assertEquals(Optional.empty(), EmailDomains.ofEmail("@"));
        assertEquals(Optional.empty(), EmailDomains.ofEmail("@@"));
    }

    @Test
    void domainOfEmailIsNormalised() {
        assertEquals(Optional.of("corp.example"), EmailDomains.ofEmail("Anna.Smith@CORP.Example."));
    }

    @Test
    void emailWithInvalidDomainHasNoDomain() {
        assertEquals(Optional.empty(), EmailDomains.ofEmail("anna@corp..example"));
        assertEquals(Optional.empty(), EmailDomains.ofEmail("anna@corp example"));
        assertEquals(Optional.empty(), EmailDomains.ofEmail("anna@.corp.example"));
        assertEquals(Optional.empty(), EmailDomains.ofEmail("anna@" + domainOfLength(254)));
    }

    /**
     * Bug: normalize() removes one trailing dot before its ".." check, so "partner.example.." passes and
     * normalises to "partner.example." (keeping a dot); a trailing ideographic full stop (U+3002), which IDN
     * turns into "." only after the check, does the same. Such a domain neither equals nor is covered by
     * "partner.example", so an email "eve@partner.example.." escapes a listed-domain rule, and an admin who types
     * "partner.example.." saves a rule that never matches. Enable once normalize() is fixed.
     */
    @Test
    void normalisedDomainNeverEndsWithADot() {
        assertEquals(Optional.empty(), EmailDomains.normalize("partner.example.."));
        EmailDomains.normalize("partner.example\u3002").ifPresent(d -> assertEquals("partner.example", d));
        EmailDomains.ofEmail("eve@partner.example..").ifPresent(d -> assertTrue(EmailDomains.covers("partner.example", d)));
    }
}
