package dev.gatehouse.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.models.workflow.WorkflowInvalidStateException;

class ExternalUserConditionSettingsTest {

    @Test
    void noParameterMeansAnyEnabledPolicy() {
        assertTrue(ExternalUserConditionSettings.parse(null).policyName().isEmpty());
        assertTrue(ExternalUserConditionSettings.parse("  ").policyName().isEmpty());
    }

    @Test
    void parameterNamesOnePolicyTrimmed() {
        assertEquals(Optional.of("Partners"), ExternalUserConditionSettings.parse(" Partners ").policyName());
    }

    @Test
    void controlCharactersAndOverlongNamesAreRefused() {
        assertThrows(WorkflowInvalidStateException.class, () -> ExternalUserConditionSettings.parse("a\nb"));
        assertThrows(WorkflowInvalidStateException.class, () -> ExternalUserConditionSettings.parse("x".repeat(256)));
    }
}
