package dev.gatehouse.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.keycloak.models.jpa.entities.UserEntity;

import dev.gatehouse.external.ExternalUserRules;
import dev.gatehouse.external.PartialUserFacts;

/**
 * The email-domain rules in SQL for users whose email is absent or plain, and in Java for the few whose email is
 * not (internationalised, odd characters, several {@code @}): their domain needs Java's IDN normalisation, so they
 * are found in SQL, classified by the same rules, and passed back as a bounded id list.
 */
final class EmailRuleSql {

    private static final int MAX_DOMAIN_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String LDH = "abcdefghijklmnopqrstuvwxyz0123456789-";

    private final PredicateScope scope;
    private final CriteriaBuilder cb;

    EmailRuleSql(PredicateScope scope) {
        this.scope = scope;
        this.cb = scope.cb();
    }

    static boolean applies(ExternalUserRules rules) {
        return rules.unmanagedDomainIsExternal() || !rules.externalDomains().isEmpty();
    }

    /**
     * The email rules for users whose email is absent or plain. For a plain email the classifier's normalised
     * domain is exactly the text after the one {@code @}, so "domain is D or a subdomain" is
     * {@code LIKE '%@D' OR LIKE '%.D'} (D holds only letters, digits, hyphens and dots, never a LIKE wildcard).
     */
    Predicate plainOrAbsent(ExternalUserRules rules) {
        Root<?> user = scope.user();
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

    /** Users with an unusual email whom these rules make external (for a test-mode policy, only its test users). */
    Predicate unusualExternal(ExternalUserRules rules, Optional<Set<String>> onlyUsers) {
        return scope.values().in(scope.user().get("id"),
                scope.values().once("odd emails " + rules + " " + onlyUsers, () -> readUnusualExternal(rules, onlyUsers)));
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

    /** Such addresses are rare; the realm's users are never all read. */
    private List<String> readUnusualExternal(ExternalUserRules rules, Optional<Set<String>> onlyUsers) {
        CriteriaQuery<Tuple> q = cb.createTupleQuery();
        Root<UserEntity> u = q.from(UserEntity.class);
        List<Predicate> where = new ArrayList<>(List.of(cb.equal(u.get("realmId"), scope.realm().getId()),
                cb.isNotNull(u.get("email")), cb.not(plainEmail(cb.lower(u.get("email"))))));
        onlyUsers.ifPresent(names -> where.add(scope.testUser(u, names)));
        q.multiselect(u.get("id"), u.get("email"), u.get("emailVerified")).where(where.toArray(Predicate[]::new));
        ExternalUserRules emailOnly = new ExternalUserRules(rules.unmanagedDomainIsExternal(), rules.managedDomains(),
                rules.externalDomains(), List.of(), false, Set.of(), null, null, null, List.of());
        return SqlValueLists.capped(scope.em().createQuery(q).getResultStream()
                .filter(t -> emailOnly.classify(PartialUserFacts.ofEmail(t.get(1, String.class),
                        Boolean.TRUE.equals(t.get(2, Boolean.class)))).isExternal())
                .map(t -> t.get(0, String.class)), "users with an unusual email address");
    }
}
