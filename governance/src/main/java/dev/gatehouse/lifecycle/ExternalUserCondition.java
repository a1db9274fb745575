package dev.gatehouse.lifecycle;

import java.util.List;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowConditionProvider;
import org.keycloak.models.workflow.WorkflowExecutionContext;
import org.keycloak.models.workflow.WorkflowInvalidStateException;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;

/**
 * True for a user whom an enabled Gatehouse policy classifies as external (or, with a policy name, that policy).
 * Test-mode and report-only policies count too: lifecycle is about who is external, not whether login rules apply.
 */
final class ExternalUserCondition implements WorkflowConditionProvider {

    private final KeycloakSession session;
    private final ExternalUserConditionSettings settings;

    ExternalUserCondition(KeycloakSession session, ExternalUserConditionSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public ResourceType getSupportedResourceType() {
        return ResourceType.USERS;
    }

    @Override
    public boolean evaluate(WorkflowExecutionContext context) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, context.getResourceId());
        return user != null && isExternal(session, realm, user, settings);
    }

    static boolean isExternal(KeycloakSession session, RealmModel realm, UserModel user, ExternalUserConditionSettings settings) {
        KeycloakUserFacts facts = new KeycloakUserFacts(session, realm, user);
        return policiesInScope(realm, settings).stream().anyMatch(p -> p.rules().classify(facts).isExternal());
    }

    static List<ExternalUserPolicy> policiesInScope(RealmModel realm, ExternalUserConditionSettings settings) {
        return RealmPolicies.of(realm).all().stream()
                .filter(ExternalUserPolicy::enabled)
                .filter(p -> settings.policyName().map(n -> n.equals(p.name())).orElse(true))
                .toList();
    }

    /**
     * Used when a workflow is scheduled for existing users: the rules as SQL over the user tables (see
     * {@link ExternalUserPredicate}), so each batch costs one query rather than a pass over the realm.
     */
    @Override
    public Predicate toPredicate(CriteriaBuilder cb, CriteriaQuery<String> query, Root<?> resourceRoot) {
        RealmModel realm = session.getContext().getRealm();
        return new ExternalUserPredicate(session, realm, cb, query, resourceRoot).externalUnderAny(policiesInScope(realm, settings));
    }

    @Override
    public void validate() throws WorkflowInvalidStateException {
        settings.policyName().ifPresent(name -> {
            RealmModel realm = session.getContext().getRealm();
            if (realm != null && RealmPolicies.of(realm).all().stream().noneMatch(p -> p.name().equals(name))) {
                throw new WorkflowInvalidStateException("gatehouse-external-user: no Gatehouse policy named '" + name + "'");
            }
        });
    }

    @Override
    public void close() {
    }
}
