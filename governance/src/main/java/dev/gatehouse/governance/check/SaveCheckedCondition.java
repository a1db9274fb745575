package dev.gatehouse.governance.check;

import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowConditionProvider;
import org.keycloak.models.workflow.WorkflowInvalidStateException;

/**
 * A Workflows condition whose {@link #validate()} runs when a workflow using it is saved, so a workflow that
 * could never apply (a policy name that does not exist, a bad parameter) is refused with 400 instead of being
 * stored and silently matching nobody.
 *
 * <p>Keycloak 26.7 never calls {@code validate()} itself. Its only save-time call into a condition is
 * {@code WorkflowValidator.validateWorkflowConditionType}, which creates each condition of the {@code if}
 * expression and asks {@link #getSupportedResourceType()} — on create (after the component is added, in the
 * request's transaction) and on update (before anything changes). Nothing else in Keycloak calls that method
 * of a condition, so the check is made there: the exception becomes Keycloak's own {@code 400} with this
 * message, and the error handler rolls the transaction back. Every Gatehouse workflow condition extends this.
 */
public abstract class SaveCheckedCondition implements WorkflowConditionProvider {

    @Override
    public final ResourceType getSupportedResourceType() {
        validate();
        return resourceType();
    }

    /** The resource type the condition applies to. */
    protected abstract ResourceType resourceType();

    /** Throws {@link WorkflowInvalidStateException} with a message for the admin when the condition cannot apply. */
    @Override
    public abstract void validate() throws WorkflowInvalidStateException;
}
