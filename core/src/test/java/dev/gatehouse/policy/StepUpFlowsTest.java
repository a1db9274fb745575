package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

class StepUpFlowsTest {

    private final RealmModel realm = mock(RealmModel.class);

    @Test
    void aRequiredStepUpAtTheTopCounts() {
        AuthenticationFlowModel top = flow("top", step(Requirement.REQUIRED));
        assertTrue(StepUpFlows.hasStepUp(realm, top));
    }

    @Test
    void aRequiredStepUpInsideARequiredSubFlowCounts() {
        AuthenticationFlowModel inner = flow("inner", step(Requirement.REQUIRED));
        AuthenticationFlowModel top = flow("top", subFlow(inner, Requirement.REQUIRED));
        assertTrue(StepUpFlows.hasStepUp(realm, top));
    }

    @Test
    void aStepUpThatMayBeSkippedDoesNotCount() {
        AuthenticationFlowModel alternative = flow("alt", step(Requirement.REQUIRED));
        AuthenticationFlowModel conditional = flow("cond", step(Requirement.REQUIRED));
        AuthenticationFlowModel top = flow("top", subFlow(alternative, Requirement.ALTERNATIVE),
                subFlow(conditional, Requirement.CONDITIONAL), step(Requirement.DISABLED));
        assertFalse(StepUpFlows.hasStepUp(realm, top));
        assertFalse(StepUpFlows.hasStepUp(realm, null), "no flow at all");
    }

    private AuthenticationFlowModel flow(String id, AuthenticationExecutionModel... executions) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setId(id);
        flow.setAlias(id);
        when(realm.getAuthenticationFlowById(id)).thenReturn(flow);
        when(realm.getAuthenticationExecutionsStream(id)).thenAnswer(i -> List.of(executions).stream());
        return flow;
    }

    private static AuthenticationExecutionModel step(Requirement requirement) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setAuthenticator(StepUpFlows.STEP_UP_ID);
        execution.setRequirement(requirement);
        return execution;
    }

    private static AuthenticationExecutionModel subFlow(AuthenticationFlowModel flow, Requirement requirement) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setAuthenticatorFlow(true);
        execution.setFlowId(flow.getId());
        execution.setRequirement(requirement);
        return execution;
    }
}
