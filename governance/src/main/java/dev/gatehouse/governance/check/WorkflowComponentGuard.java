package dev.gatehouse.governance.check;

import org.keycloak.component.ComponentModel;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.workflow.Workflow;
import org.keycloak.models.workflow.WorkflowProvider;
import org.keycloak.models.workflow.WorkflowValidator;

import dev.gatehouse.rest.AdminSaveWatch;

/**
 * The other way a workflow can be saved: as a raw realm component ({@code POST /admin/realms/{r}/components} with
 * provider type {@code org.keycloak.models.workflow.WorkflowProvider}), which skips Keycloak's workflow checks.
 * Such a save gets the same check as {@code /workflows} (each condition, Gatehouse's {@link SaveCheckedCondition}
 * included) or is refused in its transaction.
 */
public final class WorkflowComponentGuard extends AdminSaveWatch {

    public static final String ID = "gatehouse-workflow-save-guard";

    public WorkflowComponentGuard() {
        super(ID, ResourceType.COMPONENT);
    }

    @Override
    protected void saved(KeycloakSession session, AdminEvent event) {
        RealmModel realm = session.getContext().getRealm();
        String path = event.getResourcePath();
        if (realm == null || path == null) {
            return;
        }
        ComponentModel component = realm.getComponent(path.substring(path.lastIndexOf('/') + 1));
        if (component == null || !WorkflowProvider.class.getName().equals(component.getProviderType())) {
            return;
        }
        Workflow workflow = new Workflow(session, component);
        if (workflow.getSupportedType() == null) {
            refuse(session, "Workflow " + workflow.getName() + ": save workflows through /workflows (no 'supports' type)");
            return;
        }
        try {
            WorkflowValidator.validateWorkflowConditionType(session, workflow.getCondition(), workflow.getSupportedType());
        } catch (ModelException | IllegalStateException e) {
            refuse(session, "Workflow " + workflow.getName() + ": " + e.getMessage());
        }
    }
}
