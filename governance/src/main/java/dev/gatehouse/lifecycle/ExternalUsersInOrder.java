package dev.gatehouse.lifecycle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.UserAdapter;
import org.keycloak.models.jpa.entities.UserEntity;

import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;

/**
 * A realm's external users (under any enabled policy; service accounts excluded) in username order, one page at
 * a time after a given username: keyset paging on Keycloak's unique (realm, username) index, so each page is one
 * query that walks the index from where the last one stopped and ends after the page, however far into the realm
 * it is (keyset on the user id let the database sort every user of the realm for each page). The rules are the
 * condition's SQL ({@link ExternalUserPredicate}); the value lists it computes in Java (unusual emails, regex
 * attribute values) are computed for the first page and kept for the following ones. One reader per export: it
 * holds no session, each page is read in the caller's.
 */
public final class ExternalUsersInOrder {

    private final Map<String, List<?>> lists = new HashMap<>();

    /** Up to {@code limit} external users whose username sorts after {@code afterUsername} (null: from the start). */
    public List<UserModel> after(KeycloakSession session, RealmModel realm, String afterUsername, int limit) {
        List<ExternalUserPolicy> policies = RealmPolicies.of(realm).all().stream().filter(ExternalUserPolicy::enabled).toList();
        if (policies.isEmpty()) {
            return List.of();
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<UserEntity> query = cb.createQuery(UserEntity.class);
        Root<UserEntity> user = query.from(UserEntity.class);
        // the first page too is "after" a username (the empty one): without that condition H2 sorted the realm's users
        Predicate where = cb.and(cb.equal(user.get("realmId"), realm.getId()), cb.greaterThan(user.get("username"),
                        afterUsername == null ? "" : afterUsername), cb.isNull(user.get("serviceAccountClientLink")),
                new ExternalUserPredicate(session, realm, cb, query, user, lists).externalUnderAny(policies));
        // realm first, as in the index: only then H2 reads the order from it and stops at the limit
        query.select(user).where(where).orderBy(cb.asc(user.get("realmId")), cb.asc(user.get("username")));
        return em.createQuery(query).setMaxResults(limit).getResultList().stream()
                .<UserModel>map(entity -> new UserAdapter(session, realm, em, entity))
                .toList();
    }
}
