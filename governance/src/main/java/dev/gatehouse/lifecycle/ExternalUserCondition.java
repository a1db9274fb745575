package dev.gatehouse.lifecycle;

import java.util.List;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.workflows.WorkflowConstants;
import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowEvent;
import org.keycloak.models.workflow.WorkflowExecutionContext;
import org.keycloak.models.workflow.WorkflowInvalidStateException;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.external.UserFacts;
import dev.gatehouse.governance.check.SaveCheckedCondition;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;

/**
 * True for a user whom a Gatehouse policy counts (or, with a policy name, that policy): {@link ExternalUserPolicy#counts},
 * the one answer login, the sessions endpoint and provisioning audiences use — enabled, external by its rules, and
 * for a test-mode policy only its test users. Report-only policies count users too (they only do not enforce).
 */
final class ExternalUserCondition extends SaveCheckedCondition {

    private final KeycloakSession session;
    private final ExternalUserConditionSettings settings;

    ExternalUserCondition(KeycloakSession session, ExternalUserConditionSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    protected ResourceType resourceType() {
        return ResourceType.USERS;
    }

    @Override
    public boolean evaluate(WorkflowExecutionContext context) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, context.getResourceId());
        if (user == null || (startedWithoutEvent(context) && !user.isEnabled())) {
            return false;
        }
        return isExternal(session, realm, user, settings);
    }

    /**
     * A start by the workflow's schedule or by manual activation (Keycloak's ad-hoc event), not by something the
     * user did. Such a start skips disabled users: a finished execution leaves no state, so the schedule would
     * otherwise start every disabled external user again each cycle and re-run steps that change nothing
     * (and re-announce them to provisioning targets). Steps of an execution already under way (a delete after
     * a disable) are not affected: Keycloak re-checks the condition then without an event.
     */
    private static boolean startedWithoutEvent(WorkflowExecutionContext context) {
        WorkflowEvent event = context.getEvent();
        return event != null && WorkflowConstants.AD_HOC.equals(event.getEventProviderId());
    }

    static boolean isExternal(KeycloakSession session, RealmModel realm, UserModel user, ExternalUserConditionSettings settings) {
        return countedByAny(policiesInScope(realm, settings), new KeycloakUserFacts(session, realm, user), user.getUsername());
    }

    /** Whether any of these policies counts the user; the SQL twin is {@link ExternalUserPredicate#countedByAny}. */
    static boolean countedByAny(List<ExternalUserPolicy> policies, UserFacts facts, String username) {
        return policies.stream().anyMatch(p -> p.counts(facts, username));
    }

    static List<ExternalUserPolicy> policiesInScope(RealmModel realm, ExternalUserConditionSettings settings) {
        return RealmPolicies.of(realm).all().stream()
                .filter(ExternalUserPolicy::enabled)
                .filter(p -> settings.policyName().map(n -> n.equals(p.name())).orElse(true))
                .toList();
    }

    /**
     * Used when a workflow is scheduled for existing users: the rules as SQL over the user tables (see
     * {@link ExternalUserPredicate}), so each batch costs one query rather than a pass over the realm. Only
     * enabled users are selected (see {@link #startedWithoutEvent}).
     */
    @Override
    public Predicate toPredicate(CriteriaBuilder cb, CriteriaQuery<String> query, Root<?> resourceRoot) {
        RealmModel realm = session.getContext().getRealm();
        // only enabled users, as evaluate() answers for the schedule's ad-hoc starts (the two must agree, also negated)
        return cb.and(cb.isTrue(resourceRoot.get("enabled")),
                new ExternalUserPredicate(session, realm, cb, query, resourceRoot).countedByAny(policiesInScope(realm, settings)));
    }

    /** Runs when a workflow using the condition is saved ({@link SaveCheckedCondition}) and in the dry-run. */
    @Override
    public void validate() throws WorkflowInvalidStateException {
        settings.policyName().ifPresent(name -> {
            RealmModel realm = session.getContext().getRealm();
            if (realm == null) {
                return;
            }
            List<String> names = RealmPolicies.of(realm).all().stream().map(ExternalUserPolicy::name).toList();
            if (!names.contains(name)) {
                throw new WorkflowInvalidStateException("gatehouse-external-user: no Gatehouse policy named '" + name
                        + "' (policies of this realm: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
        });
    }

    @Override
    public void close() {
    }
}
