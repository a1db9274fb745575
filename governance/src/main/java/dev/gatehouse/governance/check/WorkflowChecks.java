package dev.gatehouse.governance.check;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.workflow.Workflow;
import org.keycloak.models.workflow.WorkflowProvider;
import org.keycloak.models.workflow.WorkflowValidator;

/**
 * The save-time check run again over every workflow of the realm: what was valid when saved may not be now
 * (a policy a workflow names was renamed or deleted since). Runs Keycloak's own condition check, which reaches
 * each {@link SaveCheckedCondition}, so the answer is exactly "would this workflow be accepted if saved now".
 */
public final class WorkflowChecks {

    private final KeycloakSession session;

    public WorkflowChecks(KeycloakSession session) {
        this.session = session;
    }

    /** One line per workflow of the realm, invalid ones with the reason. */
    public List<WorkflowCheck> all() {
        WorkflowProvider workflows = session.getProvider(WorkflowProvider.class);
        if (workflows == null) {
            return List.of();
        }
        return workflows.getWorkflows().map(this::check).toList();
    }

    private WorkflowCheck check(Workflow workflow) {
        try {
            WorkflowValidator.validateWorkflowConditionType(session, workflow.getCondition(), workflow.getSupportedType());
            return new WorkflowCheck(workflow.getId(), workflow.getName(), workflow.isEnabled(), workflow.getCondition(), Optional.empty());
        } catch (ModelException | IllegalStateException e) {
            return new WorkflowCheck(workflow.getId(), workflow.getName(), workflow.isEnabled(), workflow.getCondition(),
                    Optional.ofNullable(e.getMessage()).or(() -> Optional.of(e.getClass().getSimpleName())));
        }
    }

    /** A workflow and, when it would be refused if saved now, why. */
    public record WorkflowCheck(String id, String name, boolean enabled, String condition, Optional<String> problem) {

        public boolean valid() {
            return problem.isEmpty();
        }
    }
}
