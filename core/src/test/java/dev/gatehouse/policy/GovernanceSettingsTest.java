package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

import dev.gatehouse.config.ConsoleDefaults;

/** A policy's governance keys: left out means the console default, the defaults mean governance off, bad values are named. */
class GovernanceSettingsTest {

    private static final Map<String, List<String>> MINIMAL = Map.of(PolicyConfig.NAME, List.of("Partners"),
            PolicyConfig.GROUPS, List.of("/partners"));

    @Test
    void anEmptyConfigMeansGovernanceOff() {
        GovernanceSettings off = GovernanceSettings.parse(Map.of());
        assertEquals(GovernanceSettings.OFF, off);
        assertFalse(off.active());
        assertFalse(off.stagesUsers());
        assertEquals(GovernanceSettings.OFF, PolicyConfig.parse("id", null, MINIMAL).governance());
    }

    @Test
    void theDocumentedDefaults() {
        GovernanceSettings d = GovernanceSettings.OFF;
        assertFalse(d.requireSponsor());
        assertEquals(Optional.empty(), d.maxAccess());
        assertEquals(Duration.ofDays(7), d.reminderBeforeEnd());
        assertEquals(Optional.empty(), d.attestationInterval());
        assertEquals(Duration.ofDays(14), d.attestationGrace());
        assertEquals(Optional.of(Duration.ofDays(30)), d.deletionGrace());
    }

    @Test
    void everyLeftOutKeyMeansTheConsoleDefault() {
        Map<String, List<String>> defaults = ConsoleDefaults.ofComponent(GovernanceSettings.properties());
        assertEquals(6, defaults.size(), "every governance key has a console default");
        assertEquals(GovernanceSettings.parse(Map.of()), GovernanceSettings.parse(defaults));
        defaults.forEach((key, value) -> assertEquals(GovernanceSettings.OFF, GovernanceSettings.parse(Map.of(key, value)),
                () -> key + " = " + value + " differs from leaving it out"));
        Map<String, List<String>> all = new HashMap<>(defaults);
        all.putAll(MINIMAL);
        assertEquals(PolicyConfig.parse("id", null, MINIMAL), PolicyConfig.parse("id", null, all));
    }

    @Test
    void thePolicyPageOffersTheGovernanceFields() {
        List<String> names = PolicyConfig.properties().stream().map(p -> p.getName()).toList();
        assertTrue(names.containsAll(List.of(GovernanceSettings.REQUIRE_SPONSOR, GovernanceSettings.MAX_ACCESS_DAYS,
                GovernanceSettings.REMINDER_DAYS_BEFORE_END, GovernanceSettings.ATTESTATION_DAYS,
                GovernanceSettings.ATTESTATION_GRACE_DAYS, GovernanceSettings.DELETION_GRACE_DAYS)), names.toString());
    }

    @Test
    void settingsAreParsedIntoDurations() {
        GovernanceSettings g = GovernanceSettings.parse(Map.of(GovernanceSettings.REQUIRE_SPONSOR, List.of("true"),
                GovernanceSettings.MAX_ACCESS_DAYS, List.of("90"), GovernanceSettings.REMINDER_DAYS_BEFORE_END, List.of("10"),
                GovernanceSettings.ATTESTATION_DAYS, List.of("30"), GovernanceSettings.ATTESTATION_GRACE_DAYS, List.of("5"),
                GovernanceSettings.DELETION_GRACE_DAYS, List.of("0")));
        assertTrue(g.requireSponsor());
        assertEquals(Optional.of(Duration.ofDays(90)), g.maxAccess());
        assertEquals(Duration.ofDays(10), g.reminderBeforeEnd());
        assertEquals(Optional.of(Duration.ofDays(30)), g.attestationInterval());
        assertEquals(Duration.ofDays(5), g.attestationGrace());
        assertEquals(Optional.empty(), g.deletionGrace(), "0 days: never deleted");
        assertTrue(g.active());
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertRefused(Map.of(GovernanceSettings.MAX_ACCESS_DAYS, List.of("-1")), "maxAccessDays");
        assertRefused(Map.of(GovernanceSettings.MAX_ACCESS_DAYS, List.of("3651")), "maxAccessDays");
        assertRefused(Map.of(GovernanceSettings.ATTESTATION_DAYS, List.of("abc")), "attestationDays");
        assertRefused(Map.of(GovernanceSettings.ATTESTATION_GRACE_DAYS, List.of("0")), "attestationGraceDays");
        assertRefused(Map.of(GovernanceSettings.REQUIRE_SPONSOR, List.of("yes")), "requireSponsor");
        assertRefused(Map.of(GovernanceSettings.MAX_ACCESS_DAYS, List.of("5")), "reminderDaysBeforeEnd");
        assertRefused(Map.of(GovernanceSettings.ATTESTATION_DAYS, List.of("10")), "attestationGraceDays");
    }

    private static void assertRefused(Map<String, List<String>> config, String named) {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> GovernanceSettings.parse(config));
        assertTrue(e.getMessage().contains(named), e.getMessage());
        Map<String, List<String>> policy = new HashMap<>(MINIMAL);
        policy.putAll(config);
        assertThrows(ComponentValidationException.class, () -> PolicyConfig.parse("id", null, policy), "the policy save refuses it too");
    }
}
