package dev.gatehouse.stepup.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OneTimeCodeTest {

    private static final byte[] KEY = "a realm secret key of some length".getBytes(StandardCharsets.UTF_8);

    @Test
    void codesHaveTheConfiguredNumberOfDigits() {
        for (int length = 6; length <= 10; length++) {
            String code = OneTimeCode.generate(length);
            assertEquals(length, code.length());
            assertTrue(code.chars().allMatch(Character::isDigit));
        }
    }

    @Test
    void codesAreNotRepeatedInPractice() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(OneTimeCode.generate(10));
        }
        assertTrue(seen.size() > 990);
    }

    @Test
    void theHashIsBoundToTheAuthenticationSession() {
        String here = OneTimeCode.mac(KEY, "root-1/tab-a", "123456");
        assertEquals(here, OneTimeCode.mac(KEY, "root-1/tab-a", "123456"));
        assertNotEquals(here, OneTimeCode.mac(KEY, "root-2/tab-a", "123456"), "same code, other browser");
        assertNotEquals(here, OneTimeCode.mac(KEY, "root-1/tab-b", "123456"), "same code, other tab");
        assertNotEquals(here, OneTimeCode.mac("another key".getBytes(StandardCharsets.UTF_8), "root-1/tab-a", "123456"));
    }

    @Test
    void theHashDoesNotContainTheCode() {
        assertFalse(OneTimeCode.mac(KEY, "root/tab", "123456").contains("123456"));
    }

    @Test
    void comparisonNeedsEqualStrings() {
        assertTrue(OneTimeCode.same("abc", "abc"));
        assertFalse(OneTimeCode.same("abc", "abd"));
        assertFalse(OneTimeCode.same("abc", "ab"));
    }

    @Test
    void maskedEmailShowsFirstLetterAndDomain() {
        assertEquals("a***@partner.example", EmailOtpChallenge.mask("ada@partner.example"));
    }
}
