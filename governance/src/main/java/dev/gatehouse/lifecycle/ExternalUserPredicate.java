package dev.gatehouse.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.FederatedIdentityEntity;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import dev.gatehouse.external.ExternalUserRules;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.PolicyMode;

/**
 * {@code gatehouse-external-user} as a SQL predicate over {@link UserEntity}, for Keycloak's scheduled activation
 * of a workflow for existing users. Keycloak re-runs that query for every batch and may negate the condition
 * ({@code not gatehouse-external-user}), and each selected user is checked again with
 * {@link ExternalUserPolicy#counts}: so the predicate must select exactly the users that method counts (enabled
 * policy, rules, test users of a test-mode policy) — a user it selects that {@code counts} rejects would be
 * selected again in every batch — and must not grow with the realm (an id list of every external user is
 * quadratic overall and breaks PostgreSQL's bind-parameter limit).
 *
 * <p>Every rule becomes SQL except two parts the database cannot decide portably, which are computed in Java
 * over a small set and passed as bounded value lists:
 * <ul>
 *   <li>emails whose domain is not plain lower-case ASCII letters, digits, hyphens and dots in well-formed labels
 *       (internationalised, trailing dot, odd characters): their domain needs Java's IDN normalisation, so those
 *       users (found in SQL) are classified in Java by the same rules;</li>
 *   <li>a regular-expression attribute rule: the regex runs over the attribute's distinct values.</li>
 * </ul>
 * The attribute rule is {@link AttributeRuleSql}, the email rules {@link EmailRuleSql}. Each list is capped at {@link SqlValueLists#MAX_JAVA_MATCHES}; past it the scheduled run fails with a clear message rather
 * than send an unbounded statement.
 */
final class ExternalUserPredicate {

    private final PredicateScope scope;
    private final CriteriaBuilder cb;

    ExternalUserPredicate(KeycloakSession session, RealmModel realm, CriteriaBuilder cb, AbstractQuery<?> query, Root<?> user) {
        this(session, realm, cb, query, user, new HashMap<>());
    }

    /**
     * With {@code lists} kept by the caller across queries: the value lists computed in Java (each a scan of the
     * realm's emails or attribute values) are computed once and reused, as a reader of many pages does.
     */
    ExternalUserPredicate(KeycloakSession session, RealmModel realm, CriteriaBuilder cb, AbstractQuery<?> query, Root<?> user,
                          Map<String, List<?>> lists) {
        this.scope = new PredicateScope(session, realm, cb, query, user, new SqlValueLists(cb, lists));
        this.cb = cb;
    }

    /**
     * True for users any of these policies counts ({@link ExternalUserPolicy#counts}): the policy is enabled, its
     * rules classify the user external, and in test mode the user is one of its test users. The workflow condition's.
     */
    Predicate countedByAny(List<ExternalUserPolicy> policies) {
        return anyOf(policies, true);
    }

    /**
     * True for users any of these policies classifies external whatever its mode
     * ({@link ExternalUserPolicy#classifiesExternal}): governance's "who is external", for the inventory.
     */
    Predicate externalUnderAny(List<ExternalUserPolicy> policies) {
        return anyOf(policies, false);
    }

    private Predicate anyOf(List<ExternalUserPolicy> policies, boolean testModeApplies) {
        List<Predicate> any = new ArrayList<>();
        for (ExternalUserPolicy policy : policies) {
            if (policy.enabled()) {
                Optional<Set<String>> onlyUsers = testModeApplies && policy.mode() == PolicyMode.TEST
                        ? Optional.of(policy.testUsers()) : Optional.empty();
                externalBy(policy.rules(), onlyUsers).ifPresent(any::add);
            }
        }
        return any.isEmpty() ? cb.disjunction() : cb.or(any.toArray(Predicate[]::new));
    }

    /** External by these rules, and when {@code onlyUsers} is given one of those usernames; empty: no rule at all. */
    private Optional<Predicate> externalBy(ExternalUserRules rules, Optional<Set<String>> onlyUsers) {
        List<Predicate> external = new ArrayList<>();
        if (rules.attributeName() != null) {
            external.add(new AttributeRuleSql(scope).matching(rules));
        }
        EmailRuleSql email = new EmailRuleSql(scope);
        if (EmailRuleSql.applies(rules)) {
            external.add(email.plainOrAbsent(rules));
        }
        for (String path : rules.groupPaths()) {
            external.add(inGroupOrSubgroup(path));
        }
        if (!rules.identityProviderAliases().isEmpty()) {
            external.add(linkedToIdentityProvider(rules.identityProviderAliases()));
        }
        if (rules.anyOrganization() || !rules.organizationAliases().isEmpty()) {
            external.add(inOrganization(rules.anyOrganization() ? Set.of() : rules.organizationAliases()));
        }
        if (EmailRuleSql.applies(rules)) {
            external.add(email.unusualExternal(rules, onlyUsers));
        }
        if (external.isEmpty()) {
            return Optional.empty();
        }
        Predicate byRules = cb.or(external.toArray(Predicate[]::new));
        return Optional.of(onlyUsers.map(names -> cb.and(scope.testUser(scope.user(), names), byRules)).orElse(byRules));
    }

    /** The group's subtree is read from the (cached) group model; memberships are matched in SQL. */
    private Predicate inGroupOrSubgroup(String path) {
        GroupModel target = KeycloakModelUtils.findGroupByPath(scope.session(), scope.realm(), path);
        if (target == null) {
            return cb.disjunction(); // deleted since the policy was saved: the rule matches nobody
        }
        Set<String> ids = new LinkedHashSet<>();
        collectSubtree(target, ids);
        Subquery<Integer> sub = scope.query().subquery(Integer.class);
        Root<UserGroupMembershipEntity> m = sub.from(UserGroupMembershipEntity.class);
        sub.select(cb.literal(1)).where(cb.equal(m.get("user").get("id"), scope.user().get("id")),
                scope.values().in(m.get("groupId"), SqlValueLists.capped(ids.stream(), "subgroups of " + path)));
        return cb.exists(sub);
    }

    private static void collectSubtree(GroupModel group, Set<String> ids) {
        if (ids.add(group.getId())) {
            group.getSubGroupsStream().forEach(child -> collectSubtree(child, ids));
        }
    }

    private Predicate linkedToIdentityProvider(List<String> aliases) {
        Subquery<Integer> sub = scope.query().subquery(Integer.class);
        Root<FederatedIdentityEntity> link = sub.from(FederatedIdentityEntity.class);
        sub.select(cb.literal(1)).where(cb.equal(link.get("user").get("id"), scope.user().get("id")),
                scope.values().in(link.get("identityProvider"), aliases));
        return cb.exists(sub);
    }

    /** Keycloak stores organization membership as membership of the organization's internal group. */
    private Predicate inOrganization(Set<String> aliases) {
        if (!scope.realm().isOrganizationsEnabled() || scope.session().getProvider(OrganizationProvider.class) == null) {
            return cb.disjunction();
        }
        Subquery<Integer> sub = scope.query().subquery(Integer.class);
        Root<OrganizationEntity> org = sub.from(OrganizationEntity.class);
        Root<UserGroupMembershipEntity> m = sub.from(UserGroupMembershipEntity.class);
        List<Predicate> where = new ArrayList<>(List.of(cb.equal(m.get("user").get("id"), scope.user().get("id")),
                cb.equal(m.get("groupId"), org.get("groupId")), cb.equal(org.get("realmId"), scope.realm().getId()),
                cb.isTrue(org.get("enabled"))));
        if (!aliases.isEmpty()) {
            where.add(scope.values().in(org.get("alias"), aliases));
        }
        sub.select(cb.literal(1)).where(where.toArray(Predicate[]::new));
        return cb.exists(sub);
    }
}
