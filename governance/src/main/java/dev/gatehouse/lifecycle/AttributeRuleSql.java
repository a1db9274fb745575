package dev.gatehouse.lifecycle;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserAttributeEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.storage.jpa.JpaHashUtils;

import dev.gatehouse.external.ExternalUserRules;
import dev.gatehouse.external.PartialUserFacts;

/**
 * The attribute rule in SQL: equals as a comparison, a regular expression as the list of the attribute's distinct
 * values it matches (run in Java by the classifier itself). Values over 255 characters are matched by hash.
 */
final class AttributeRuleSql {

    private final PredicateScope scope;
    private final CriteriaBuilder cb;

    AttributeRuleSql(PredicateScope scope) {
        this.scope = scope;
        this.cb = scope.cb();
    }

    Predicate matching(ExternalUserRules rules) {
        String name = rules.attributeName();
        Optional<String> column = userColumn(name);
        if (column.isPresent()) {
            Path<String> value = scope.user().get(column.get());
            Collection<String> wanted = rules.attributePattern() == null ? List.of(rules.attributeValue())
                    : matchingColumnValues(column.get(), rules);
            return cb.and(cb.isNotNull(value), scope.values().in(value, wanted));
        }
        Subquery<Integer> sub = scope.query().subquery(Integer.class);
        Root<UserAttributeEntity> attr = sub.from(UserAttributeEntity.class);
        Predicate valueMatches;
        if (rules.attributePattern() == null) {
            valueMatches = equalsAttributeValue(attr, rules.attributeValue());
        } else {
            valueMatches = cb.or(scope.values().in(attr.get("value"), matchingShortValues(rules)),
                    scope.values().inBytes(attr.get("longValueHash"), matchingLongValueHashes(rules)));
        }
        sub.select(cb.literal(1)).where(cb.equal(attr.get("user").get("id"), scope.user().get("id")),
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
        return scope.values().once("column " + column + " " + rules, () -> {
            CriteriaQuery<String> q = cb.createQuery(String.class);
            Root<UserEntity> u = q.from(UserEntity.class);
            q.select(u.get(column)).distinct(true).where(cb.equal(u.get("realmId"), scope.realm().getId()), cb.isNotNull(u.get(column)));
            return SqlValueLists.capped(scope.em().createQuery(q).getResultStream().filter(v -> matches(rules, v)),
                    "values of " + rules.attributeName());
        });
    }

    private List<String> matchingShortValues(ExternalUserRules rules) {
        return scope.values().once("values " + rules, () -> {
            CriteriaQuery<String> q = cb.createQuery(String.class);
            Root<UserAttributeEntity> a = q.from(UserAttributeEntity.class);
            q.select(a.get("value")).distinct(true).where(cb.equal(a.get("name"), rules.attributeName()),
                    cb.equal(a.get("user").get("realmId"), scope.realm().getId()), cb.isNotNull(a.get("value")));
            return SqlValueLists.capped(scope.em().createQuery(q).getResultStream().filter(v -> matches(rules, v)),
                    "values of " + rules.attributeName());
        });
    }

    /** Long values cannot be DISTINCT-ed on every database (LOBs); they are rare, so each row is read. */
    private List<byte[]> matchingLongValueHashes(ExternalUserRules rules) {
        return scope.values().once("long values " + rules, () -> {
            CriteriaQuery<Tuple> q = cb.createTupleQuery();
            Root<UserAttributeEntity> a = q.from(UserAttributeEntity.class);
            q.multiselect(a.get("longValue")).where(cb.equal(a.get("name"), rules.attributeName()),
                    cb.equal(a.get("user").get("realmId"), scope.realm().getId()), cb.isNotNull(a.get("longValue")));
            List<String> values = SqlValueLists.capped(scope.em().createQuery(q).getResultStream().map(t -> t.get(0, String.class))
                    .filter(v -> matches(rules, v)).distinct(), "long values of " + rules.attributeName());
            return values.stream().map(JpaHashUtils::hashForAttributeValue).toList();
        });
    }

    /** The classifier itself decides, with a user who has only this attribute value. */
    private static boolean matches(ExternalUserRules rules, String value) {
        ExternalUserRules attributeOnly = new ExternalUserRules(false, List.of(), List.of(), List.of(), false, Set.of(),
                rules.attributeName(), rules.attributeValue(), rules.attributePattern(), List.of());
        return attributeOnly.classify(new PartialUserFacts(null, false, rules.attributeName(), value)).isExternal();
    }
}
