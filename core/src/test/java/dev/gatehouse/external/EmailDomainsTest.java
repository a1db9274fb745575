package dev.gatehouse.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDomainsTest {

    @Test
    void letterCaseAndTrailingDotDoNotMatter() {
        assertEquals(Optional.of("partner.example"), EmailDomains.normalize("Partner.EXAMPLE."));
    }

    @Test
    void unicodeAndPunycodeSpellingsAreTheSameDomain() {
        assertEquals(EmailDomains.normalize("xn--bcher-kva.example"), EmailDomains.normalize("Bücher.example"));
    }

    @Test
    void configuredDomainCoversItsSubdomainsButNotLookAlikes() {
        assertTrue(EmailDomains.covers("partner.example", "partner.example"));
        assertTrue(EmailDomains.covers("partner.example", "eu.partner.example"));
        assertFalse(EmailDomains.covers("partner.example", "notpartner.example"));
        assertFalse(EmailDomains.covers("partner.example", "partner.example.evil"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", ".", "has space.example", "under_score.example", "two..dots.example", ".leading.example"})
    void invalidDomainsAreRefused(String domain) {
        assertEquals(Optional.empty(), EmailDomains.normalize(domain));
    }

    @Test
    void overlongDomainIsRefused() {
        String label = "a".repeat(60);
        assertEquals(Optional.empty(), EmailDomains.normalize(String.join(".", label, label, label, label, label)));
    }

    @Test
    void theDomainOfAnEmailIsWhatFollowsItsLastAt() {
        assertEquals(Optional.of("corp.example"), EmailDomains.ofEmail("\"a@partner.example\"@Corp.Example"));
        assertEquals(Optional.of("partner.example"), EmailDomains.ofEmail("ada@partner.example"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"no-at-sign", "ends-with-at@", "@starts.example", "bad@domain_.example"})
    void emailsWithoutAUsableDomainHaveNone(String email) {
        assertEquals(Optional.empty(), EmailDomains.ofEmail(email));
    }
}
