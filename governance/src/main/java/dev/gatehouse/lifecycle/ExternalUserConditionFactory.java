package dev.gatehouse.lifecycle;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.workflow.WorkflowConditionProviderFactory;

/** Contributes {@code gatehouse-external-user} / {@code gatehouse-external-user(Policy name)} to Keycloak Workflows. */
public final class ExternalUserConditionFactory implements WorkflowConditionProviderFactory<ExternalUserCondition> {

    public static final String ID = "gatehouse-external-user";

    @Override
    public ExternalUserCondition create(KeycloakSession session, String parameter) {
        return new ExternalUserCondition(session, ExternalUserConditionSettings.parse(parameter));
    }

    @Override
    public String getId() {
        return ID;
    }
}
