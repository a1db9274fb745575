package dev.gatehouse.lifecycle;

import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What the parts of {@link ExternalUserPredicate} build on: the realm, the criteria builder, the query their
 * subqueries hang off, its user row, and the value lists computed in Java.
 */
record PredicateScope(KeycloakSession session, RealmModel realm, CriteriaBuilder cb, AbstractQuery<?> query, Root<?> user,
                      SqlValueLists values) {

    /**
     * One of a test-mode policy's test users. Those are kept in lower case and {@code counts} lower-cases the
     * username; Keycloak stores usernames in lower case already, and the comparison lower-cases the column too.
     */
    Predicate testUser(Root<?> row, Set<String> testUsers) {
        return values.in(cb.lower(row.get("username")), testUsers);
    }

    EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
