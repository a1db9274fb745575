package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

import dev.gatehouse.config.ConsoleDefaults;

/** A policy saved through REST with keys left out means exactly what the console pre-fills for them. */
class PolicyConsoleDefaultsTest {

    private static final Map<String, List<String>> DEFAULTS = ConsoleDefaults.ofComponent(PolicyConfig.properties());

    @Test
    void anEmptyConfigIsRefusedNamingWhatIsMissing() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> PolicyConfig.parse("id", null, Map.of()));
        assertEquals("A policy needs a name.", e.getMessage());
        e = assertThrows(ComponentValidationException.class,
                () -> PolicyConfig.parse("id", null, Map.of(PolicyConfig.NAME, List.of("Partners"))));
        assertTrue(e.getMessage().contains("targets nobody"), e.getMessage());
    }

    @Test
    void everyLeftOutKeyMeansTheConsoleDefault() {
        assertDefaultsAgree(Map.of(PolicyConfig.NAME, List.of("Partners"), PolicyConfig.GROUPS, List.of("/partners")));
    }

    @Test
    void everyLeftOutSsoKeyMeansTheConsoleDefault() {
        assertDefaultsAgree(Map.of(PolicyConfig.NAME, List.of("Vendors"), PolicyConfig.GROUPS, List.of("/vendors"),
                PolicyConfig.METHOD, List.of(StepUpMethod.SSO.id()), PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("vendor")));
    }

    @Test
    void theConsolesDefaultsAreTheDocumentedOnes() {
        ExternalUserPolicy p = PolicyConfig.parse("id", null,
                Map.of(PolicyConfig.NAME, List.of("Partners"), PolicyConfig.GROUPS, List.of("/partners")));
        assertTrue(p.enabled());
        assertEquals(0, p.priority());
        assertEquals(PolicyMode.ENFORCE, p.mode());
        assertEquals(StepUpMethod.EMAIL_OTP, p.method());
        assertEquals(EmailOtpSettings.DEFAULTS, p.emailOtp());
        assertEquals(false, p.blockTokenAccess());
    }

    /** The whole policy, and then each default on its own so that a failure names the setting. */
    private static void assertDefaultsAgree(Map<String, List<String>> minimal) {
        ExternalUserPolicy leftOut = PolicyConfig.parse("id", null, minimal);
        Map<String, List<String>> all = new HashMap<>(DEFAULTS);
        all.putAll(minimal);
        assertEquals(leftOut, PolicyConfig.parse("id", null, all));
        DEFAULTS.forEach((key, value) -> {
            Map<String, List<String>> one = new HashMap<>(minimal);
            one.putIfAbsent(key, value);
            assertEquals(leftOut, PolicyConfig.parse("id", null, one), () -> key + " = " + value + " differs from leaving it out");
        });
    }
}
