package dev.gatehouse.provisioning.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

import dev.gatehouse.config.ConsoleDefaults;

/** A provisioning target saved through REST with keys left out means exactly what the console pre-fills. */
class TargetConsoleDefaultsTest {

    private static final Map<String, List<String>> DEFAULTS = ConsoleDefaults.ofComponent(TargetConfig.properties());

    @Test
    void anEmptyConfigIsRefusedNamingWhatIsMissing() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> TargetConfig.parse("id", null, Map.of(), TargetAddressPolicy.PUBLIC_ONLY));
        assertEquals("Name is required.", e.getMessage());
        e = assertThrows(ComponentValidationException.class,
                () -> TargetConfig.parse("id", "app", Map.of(), TargetAddressPolicy.PUBLIC_ONLY));
        assertEquals("URL is required.", e.getMessage());
    }

    @Test
    void everyLeftOutKeyOfAScimTargetMeansTheConsoleDefault() {
        assertDefaultsAgree(Map.of(TargetConfig.URL, List.of("https://app.example/scim/v2"),
                TargetConfig.SECRET, List.of("${vault.app-token}")));
    }

    @Test
    void everyLeftOutKeyOfAWebhookMeansTheConsoleDefault() {
        assertDefaultsAgree(Map.of(TargetConfig.KIND, List.of("webhook"), TargetConfig.URL, List.of("https://hooks.example/in"),
                TargetConfig.SECRET, List.of("${vault.hook-secret}")));
    }

    @Test
    void theConnectionTestOnSaveIsOnUnlessSwitchedOff() {
        assertEquals(Boolean.parseBoolean(DEFAULTS.get(TargetConfig.TEST_ON_SAVE).get(0)), TargetConfig.testOnSave(Map.of()));
    }

    /** The whole target, and then each default on its own so that a failure names the setting. */
    private static void assertDefaultsAgree(Map<String, List<String>> minimal) {
        ProvisioningTarget leftOut = TargetConfig.parse("id", "app", minimal, TargetAddressPolicy.PUBLIC_ONLY);
        Map<String, List<String>> all = new HashMap<>(DEFAULTS);
        all.putAll(minimal);
        assertEquals(leftOut, TargetConfig.parse("id", "app", all, TargetAddressPolicy.PUBLIC_ONLY));
        DEFAULTS.forEach((key, value) -> {
            Map<String, List<String>> one = new HashMap<>(minimal);
            one.putIfAbsent(key, value);
            assertEquals(leftOut, TargetConfig.parse("id", "app", one, TargetAddressPolicy.PUBLIC_ONLY),
                    () -> key + " = " + value + " differs from leaving it out");
        });
    }
}
