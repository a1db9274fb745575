package dev.gatehouse.stepup.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.events.SecurityDecisionKind;
import dev.gatehouse.stepup.sso.SsoOutcome;

/** The step-up raises only errors the one vocabulary knows, so listeners report each as a failed step-up. */
class StepUpEventsVocabularyTest {

    @Test
    void everyErrorAndDetailTheStepUpDeclaresIsInTheVocabulary() throws Exception {
        Set<String> details = new HashSet<>();
        for (Field field : GatehouseDetail.class.getFields()) {
            details.add((String) field.get(null));
        }
        for (Field field : StepUpEvents.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
                continue;
            }
            String value = (String) field.get(null);
            if (value.startsWith("gatehouse_")) {
                assertTrue(details.contains(value) || GatehouseError.of(value).isPresent(), "StepUpEvents." + field.getName()
                        + " = " + value + " must be a GatehouseDetail or GatehouseError (dev.gatehouse.events) so listeners know what it is");
            }
        }
    }

    @Test
    void everySsoRefusalIsAFailedStepUpOfTheVocabulary() {
        for (SsoOutcome outcome : SsoOutcome.values()) {
            if (!outcome.verified()) {
                assertEquals(SecurityDecisionKind.STEP_UP_FAILED,
                        GatehouseError.of(outcome.error()).orElseThrow(() -> new AssertionError(outcome.error())).kind());
            }
        }
    }
}
