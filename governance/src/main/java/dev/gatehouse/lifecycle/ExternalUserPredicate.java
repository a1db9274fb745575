package dev.gatehouse.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.FederatedIdentityEntity;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.UserAttributeEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.storage.jpa.JpaHashUtils;

import dev.gatehouse.external.ExternalUserRules;
import dev.gatehouse.external.UserFacts;
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
 * Each list is capped at {@link #MAX_JAVA_MATCHES}; past it the scheduled run fails with a clear message rather
 * than send an unbounded statement.
 */
final class ExternalUserPredicate {

    /** Far below PostgreSQL's 32,767 bind parameters per statement. */
    static final int MAX_JAVA_MATCHES = 10_000;
    /** Oracle refuses more than 1,000 values in one IN list. */
    private static final int IN_CHUNK = 1_000;
    private static final int MAX_DOMAIN_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String LDH = "abcdefghijklmnopqrstuvwxyz0123456789-";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CriteriaBuilder cb;
    private final jakarta.persistence.criteria.AbstractQuery<?> query;
    private final Root<?> user;
    private final Map<String, List<?>> lists;

    ExternalUserPredicate(KeycloakSession session, RealmModel realm, CriteriaBuilder cb, jakarta.persistence.criteria.AbstractQuery<?> query, Root<?> user) {
        this(session, realm, cb, query, user, new HashMap<>());
    }

    /**
     * With {@code lists} kept by the caller across queries: the value lists computed in Java (each a scan of the
     * realm's emails or attribute values) are computed once and reused, as a reader of many pages does.
     */
    ExternalUserPredicate(KeycloakSession session, RealmModel realm, CriteriaBuilder cb, jakarta.persistence.criteria.AbstractQuery<?> query, Root<?> user,
                          Map<String, List<?>> lists) {
        this.session = session;
        this.realm = realm;
        this.cb = cb;
        this.query = query;
        this.user = user;
        this.lists = lists;
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
        List<Predicate> external = rulePredicates(rules);
        if (hasEmailRules(rules)) {
            external.add(in(user.get("id"), oddEmailUsersExternalUnder(rules, onlyUsers)));
        }
        if (external.isEmpty()) {
            return Optional.empty();
        }
        Predicate byRules = cb.or(external.toArray(Predicate[]::new));
        return Optional.of(onlyUsers.map(names -> cb.and(testUser(user, names), byRules)).orElse(byRules));
    }

    /**
     * One of a test-mode policy's test users. Those are kept in lower case and {@code counts} lower-cases the
     * username; Keycloak stores usernames in lower case already, and the comparison lower-cases the column too.
     */
    private Predicate testUser(Root<?> row, Set<String> testUsers) {
        return in(cb.lower(row.get("username")), testUsers);
    }

    private static boolean hasEmailRules(ExternalUserRules rules) {
        return rules.unmanagedDomainIsExternal() || !rules.externalDomains().isEmpty();
    }

    private List<Predicate> rulePredicates(ExternalUserRules rules) {
        List<Predicate> any = new ArrayList<>();
        if (rules.attributeName() != null) {
            any.add(attribute(rules));
        }
        if (hasEmailRules(rules)) {
            any.add(emailRules(rules));
        }
        for (String path : rules.groupPaths()) {
            any.add(inGroupOrSubgroup(path));
        }
        if (!rules.identityProviderAliases().isEmpty()) {
            any.add(linkedToIdentityProvider(rules.identityProviderAliases()));
        }
        if (rules.anyOrganization() || !rules.organizationAliases().isEmpty()) {
            any.add(inOrganization(rules.anyOrganization() ? Set.of() : rules.organizationAliases()));
        }
        return any;
    }

    // -- attribute ------------------------------------------------------------------------------------------

    private Predicate attribute(ExternalUserRules rules) {
        String name = rules.attributeName();
        Optional<String> column = userColumn(name);
        if (column.isPresent()) {
            Path<String> value = user.get(column.get());
            Collection<String> wanted = rules.attributePattern() == null ? List.of(rules.attributeValue())
                    : matchingColumnValues(column.get(), rules);
            return cb.and(cb.isNotNull(value), in(value, wanted));
        }
        Subquery<Integer> sub = query.subquery(Integer.class);
        Root<UserAttributeEntity> attr = sub.from(UserAttributeEntity.class);
        Predicate valueMatches;
        if (rules.attributePattern() == null) {
            valueMatches = equalsAttributeValue(attr, rules.attributeValue());
        } else {
            valueMatches = cb.or(in(attr.get("value"), matchingShortValues(rules)),
                    inBytes(attr.get("longValueHash"), matchingLongValueHashes(rules)));
        }
        sub.select(cb.literal(1)).where(cb.equal(attr.get("user").get("id"), user.get("id")),
                cb.equal(attr.get("name"), name), valueMatches);
        return cb.exists(sub);
    }

    /** Keycloak keeps these four in the user row, not as attributes; {@code getAttributeStream} reads them there. */
    private static Optional<String> userColumn(String attributeName) {
        return switch (attributeName) {
            case UserModel.USERNAME -> Optional.of("username");
            case UserModel.EMAIL -> Optional.of("email");
            case UserModel.FIRST_NAME -> Optional.of("firstName");
            case UserModel.LAST_NAME -> Optional.of("lastName");
            default -> Optional.empty();
        };
    }

    /** Values over 255 characters live in {@code longValue}, compared through its hash as Keycloak itself does. */
    private Predicate equalsAttributeValue(Root<UserAttributeEntity> attr, String value) {
        return value.length() > 255
                ? cb.equal(attr.get("longValueHash"), JpaHashUtils.hashForAttributeValue(value))
                : cb.equal(attr.get("value"), value);
    }

    private List<String> matchingColumnValues(String column, ExternalUserRules rules) {
        return once("column " + column + " " + rules, () -> readMatchingColumnValues(column, rules));
    }

    private List<String> readMatchingColumnValues(String column, ExternalUserRules rules) {
        CriteriaQuery<String> q = cb.createQuery(String.class);
        Root<UserEntity> u = q.from(UserEntity.class);
        q.select(u.get(column)).distinct(true).where(cb.equal(u.get("realmId"), realm.getId()), cb.isNotNull(u.get(column)));
        return capped(em().createQuery(q).getResultStream().filter(v -> matches(rules, v)), "values of " + rules.attributeName());
    }

    private List<String> matchingShortValues(ExternalUserRules rules) {
        return once("values " + rules, () -> readMatchingShortValues(rules));
    }

    private List<String> readMatchingShortValues(ExternalUserRules rules) {
        CriteriaQuery<String> q = cb.createQuery(String.class);
        Root<UserAttributeEntity> a = q.from(UserAttributeEntity.class);
        q.select(a.get("value")).distinct(true).where(cb.equal(a.get("name"), rules.attributeName()),
                cb.equal(a.get("user").get("realmId"), realm.getId()), cb.isNotNull(a.get("value")));
        return capped(em().createQuery(q).getResultStream().filter(v -> matches(rules, v)), "values of " + rules.attributeName());
    }

    /** Long values cannot be DISTINCT-ed on every database (LOBs); they are rare, so each row is read. */
    private List<byte[]> matchingLongValueHashes(ExternalUserRules rules) {
        return once("long values " + rules, () -> readMatchingLongValueHashes(rules));
    }

    private List<byte[]> readMatchingLongValueHashes(ExternalUserRules rules) {
        CriteriaQuery<Tuple> q = cb.createTupleQuery();
        Root<UserAttributeEntity> a = q.from(UserAttributeEntity.class);
        q.multiselect(a.get("longValue")).where(cb.equal(a.get("name"), rules.attributeName()),
                cb.equal(a.get("user").get("realmId"), realm.getId()), cb.isNotNull(a.get("longValue")));
        List<String> values = capped(em().createQuery(q).getResultStream().map(t -> t.get(0, String.class))
                .filter(v -> matches(rules, v)).distinct(), "long values of " + rules.attributeName());
        return values.stream().map(JpaHashUtils::hashForAttributeValue).toList();
    }

    /** The classifier itself decides, with a user who has only this attribute value. */
    private static boolean matches(ExternalUserRules rules, String value) {
        ExternalUserRules attributeOnly = new ExternalUserRules(false, List.of(), List.of(), List.of(), false, Set.of(),
                rules.attributeName(), rules.attributeValue(), rules.attributePattern(), List.of());
        return attributeOnly.classify(new EmailAndAttribute(null, false, rules.attributeName(), value)).isExternal();
    }

    // -- email domains ---------------------------------------------------------------------------------------

    /**
     * The email rules for users whose email is absent or plain; users with an odd email are decided in Java
     * ({@link #oddEmailUsersExternalUnder}). For a plain email the classifier's normalised domain is exactly the
     * text after the one {@code @}, so "domain is D or a subdomain" is {@code LIKE '%@D' OR LIKE '%.D'} (D holds
     * only letters, digits, hyphens and dots, never a LIKE wildcard).
     */
    private Predicate emailRules(ExternalUserRules rules) {
        Expression<String> email = cb.lower(user.get("email"));
        List<Predicate> external = new ArrayList<>();
        if (!rules.externalDomains().isEmpty()) {
            external.add(coveredBy(email, rules.externalDomains()));
        }
        if (rules.unmanagedDomainIsExternal()) {
            external.add(cb.not(cb.and(coveredBy(email, rules.managedDomains()), cb.isTrue(user.get("emailVerified")))));
        }
        Predicate plain = cb.and(cb.isNotNull(user.get("email")), plainEmail(email), cb.or(external.toArray(Predicate[]::new)));
        return rules.unmanagedDomainIsExternal() ? cb.or(cb.isNull(user.get("email")), plain) : plain;
    }

    private Predicate coveredBy(Expression<String> email, List<String> domains) {
        if (domains.isEmpty()) {
            return cb.disjunction();
        }
        return cb.or(domains.stream()
                .flatMap(d -> Stream.of(cb.like(email, "%@" + d), cb.like(email, "%." + d)))
                .toArray(Predicate[]::new));
    }

    /**
     * One {@code @}, not first, not last, and after it a domain of well-formed LDH labels (1-63 characters, no
     * leading or trailing hyphen), no trailing dot, at most 253 characters: exactly the domains that IDN
     * normalisation leaves unchanged. Characters are checked by mapping every LDH character to {@code x} with
     * nested REPLACE (portable, unlike regular expressions) and requiring only {@code x} and dots to remain.
     */
    private Predicate plainEmail(Expression<String> email) {
        Expression<String> domain = cb.substring(email, cb.sum(cb.locate(email, "@"), 1));
        Expression<String> ldhAsX = domain;
        for (char c : LDH.toCharArray()) {
            if (c != 'x') {
                ldhAsX = replace(ldhAsX, String.valueOf(c), "x");
            }
        }
        Expression<String> rest = replace(replace(ldhAsX, "x", ""), ".", "");
        return cb.and(
                cb.notLike(email, "%@%@%"), cb.notLike(email, "@%"), cb.notLike(email, "%@"),
                cb.notLike(domain, ".%"), cb.notLike(domain, "%."), cb.notLike(domain, "%..%"),
                cb.notLike(domain, "-%"), cb.notLike(domain, "%-"), cb.notLike(domain, "%.-%"), cb.notLike(domain, "%-.%"),
                cb.le(cb.length(domain), MAX_DOMAIN_LENGTH),
                // Oracle turns an empty string into NULL, hence the coalesce
                cb.equal(cb.coalesce(cb.length(rest), 0), 0),
                cb.notLike(ldhAsX, "%" + "x".repeat(MAX_LABEL_LENGTH + 1) + "%"));
    }

    private Expression<String> replace(Expression<String> text, String from, String to) {
        return cb.function("replace", String.class, text, cb.literal(from), cb.literal(to));
    }

    /**
     * Users with an email that is not plain (internationalised, odd characters, several {@code @}) whom the
     * policy's email rules make external, classified in Java (for a test-mode policy, only its test users). Such
     * addresses are rare; the realm's users are never all read.
     */
    private List<String> oddEmailUsersExternalUnder(ExternalUserRules rules, Optional<Set<String>> onlyUsers) {
        return once("odd emails " + rules + " " + onlyUsers, () -> readOddEmailUsersExternalUnder(rules, onlyUsers));
    }

    private List<String> readOddEmailUsersExternalUnder(ExternalUserRules rules, Optional<Set<String>> onlyUsers) {
        CriteriaQuery<Tuple> q = cb.createTupleQuery();
        Root<UserEntity> u = q.from(UserEntity.class);
        Expression<String> email = cb.lower(u.get("email"));
        List<Predicate> where = new ArrayList<>(List.of(cb.equal(u.get("realmId"), realm.getId()), cb.isNotNull(u.get("email")),
                cb.not(new ExternalUserPredicate(session, realm, cb, query, u).plainEmail(email))));
        onlyUsers.ifPresent(names -> where.add(testUser(u, names)));
        q.multiselect(u.get("id"), u.get("email"), u.get("emailVerified")).where(where.toArray(Predicate[]::new));
        ExternalUserRules emailOnly = new ExternalUserRules(rules.unmanagedDomainIsExternal(), rules.managedDomains(),
                rules.externalDomains(), List.of(), false, Set.of(), null, null, null, List.of());
        return capped(em().createQuery(q).getResultStream()
                .filter(t -> emailOnly.classify(new EmailAndAttribute(t.get(1, String.class),
                        Boolean.TRUE.equals(t.get(2, Boolean.class)), null, null)).isExternal())
                .map(t -> t.get(0, String.class)), "users with an unusual email address");
    }

    // -- groups, identity providers, organizations -----------------------------------------------------------

    /** The group's subtree is read from the (cached) group model; memberships are matched in SQL. */
    private Predicate inGroupOrSubgroup(String path) {
        GroupModel target = KeycloakModelUtils.findGroupByPath(session, realm, path);
        if (target == null) {
            return cb.disjunction(); // deleted since the policy was saved: the rule matches nobody
        }
        Set<String> ids = new LinkedHashSet<>();
        collectSubtree(target, ids);
        Subquery<Integer> sub = query.subquery(Integer.class);
        Root<UserGroupMembershipEntity> m = sub.from(UserGroupMembershipEntity.class);
        sub.select(cb.literal(1)).where(cb.equal(m.get("user").get("id"), user.get("id")),
                in(m.get("groupId"), capped(ids.stream(), "subgroups of " + path)));
        return cb.exists(sub);
    }

    private static void collectSubtree(GroupModel group, Set<String> ids) {
        if (ids.add(group.getId())) {
            group.getSubGroupsStream().forEach(child -> collectSubtree(child, ids));
        }
    }

    private Predicate linkedToIdentityProvider(List<String> aliases) {
        Subquery<Integer> sub = query.subquery(Integer.class);
        Root<FederatedIdentityEntity> link = sub.from(FederatedIdentityEntity.class);
        sub.select(cb.literal(1)).where(cb.equal(link.get("user").get("id"), user.get("id")),
                in(link.get("identityProvider"), aliases));
        return cb.exists(sub);
    }

    /** Keycloak stores organization membership as membership of the organization's internal group. */
    private Predicate inOrganization(Set<String> aliases) {
        if (!realm.isOrganizationsEnabled() || session.getProvider(OrganizationProvider.class) == null) {
            return cb.disjunction();
        }
        Subquery<Integer> sub = query.subquery(Integer.class);
        Root<OrganizationEntity> org = sub.from(OrganizationEntity.class);
        Root<UserGroupMembershipEntity> m = sub.from(UserGroupMembershipEntity.class);
        List<Predicate> where = new ArrayList<>(List.of(cb.equal(m.get("user").get("id"), user.get("id")),
                cb.equal(m.get("groupId"), org.get("groupId")), cb.equal(org.get("realmId"), realm.getId()),
                cb.isTrue(org.get("enabled"))));
        if (!aliases.isEmpty()) {
            where.add(in(org.get("alias"), aliases));
        }
        sub.select(cb.literal(1)).where(where.toArray(Predicate[]::new));
        return cb.exists(sub);
    }

    // -- bounded value lists ---------------------------------------------------------------------------------

    private Predicate in(Expression<String> value, Collection<String> values) {
        if (values.isEmpty()) {
            return cb.disjunction();
        }
        List<String> all = List.copyOf(values);
        List<Predicate> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            chunks.add(value.in(all.subList(i, Math.min(all.size(), i + IN_CHUNK))));
        }
        return cb.or(chunks.toArray(Predicate[]::new));
    }

    private Predicate inBytes(Expression<byte[]> value, List<byte[]> values) {
        return values.isEmpty() ? cb.disjunction()
                : cb.or(values.stream().map(v -> cb.equal(value, v)).toArray(Predicate[]::new));
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> once(String key, java.util.function.Supplier<List<T>> read) {
        return (List<T>) lists.computeIfAbsent(key, k -> read.get());
    }

    private static <T> List<T> capped(Stream<T> values, String what) {
        List<T> result = values.limit(MAX_JAVA_MATCHES + 1L).toList();
        if (result.size() > MAX_JAVA_MATCHES) {
            throw new IllegalStateException("gatehouse-external-user: more than " + MAX_JAVA_MATCHES + " " + what
                    + " to pass to the database; scheduling for existing users is refused for this rule");
        }
        return result;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** A user known only by email and one attribute value, for classifying the parts SQL cannot decide. */
    private record EmailAndAttribute(String email, boolean emailVerified, String attributeName, String attributeValue)
            implements UserFacts {

        @Override
        public List<String> attributeValues(String name) {
            return name.equals(attributeName) ? java.util.Collections.singletonList(attributeValue) : List.of();
        }

        @Override
        public boolean inGroupOrSubgroup(String groupPath) {
            return false;
        }

        @Override
        public boolean inOrganization(Set<String> aliases) {
            return false;
        }

        @Override
        public boolean linkedToIdentityProvider(String alias) {
            return false;
        }
    }
}
