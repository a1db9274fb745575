package dev.gatehouse.mapper.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.config.ConsoleDefaults;

/** A SAML group-list mapper saved through REST with keys left out (even {}) means what the console pre-fills. */
class SamlGroupListConsoleDefaultsTest {

    private static final Map<String, String> DEFAULTS = ConsoleDefaults.of(new SamlGroupListMapper().getConfigProperties());

    @Test
    void everyLeftOutKeyMeansTheConsoleDefault() {
        SamlGroupListSettings leftOut = SamlGroupListSettings.parse(Map.of());
        assertEquals(leftOut, SamlGroupListSettings.parse(DEFAULTS));
        DEFAULTS.forEach((key, value) -> assertEquals(leftOut, SamlGroupListSettings.parse(Map.of(key, value)),
                () -> key + " = " + value + " differs from leaving it out"));
    }

    @Test
    void anEmptyConfigSendsGroupNamesInOneMultiValuedAttribute() {
        SamlGroupListSettings s = SamlGroupListSettings.parse(new HashMap<>());
        assertEquals("urn:oid:2.5.4.31", s.attributeName());
        assertEquals("urn:oasis:names:tc:SAML:2.0:attrname-format:uri", s.nameFormat());
        assertTrue(s.singleAttribute());
        assertFalse(s.groups().fullPath());
        assertFalse(s.groups().inherited());
        assertEquals(0, s.groups().maxGroups());
    }
}
