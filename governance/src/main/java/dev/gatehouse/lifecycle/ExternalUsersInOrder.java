package dev.gatehouse.lifecycle;

import java.util.List;

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
 * The realm's external users (under any enabled policy; service accounts excluded) in id order, one page at a
 * time after a given id: keyset paging, so each page is one indexed query however far into the realm it is,
 * and a reader never holds more than a page. The rules are the condition's SQL ({@link ExternalUserPredicate}).
 */
public final class ExternalUsersInOrder {

    private final KeycloakSession session;
    private final RealmModel realm;

    public ExternalUsersInOrder(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Up to {@code limit} external users whose id sorts after {@code afterId} (null: from the start). */
    public List<UserModel> after(String afterId, int limit) {
        List<ExternalUserPolicy> policies = RealmPolicies.of(realm).all().stream().filter(ExternalUserPolicy::enabled).toList();
        if (policies.isEmpty()) {
            return List.of();
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<UserEntity> query = cb.createQuery(UserEntity.class);
        Root<UserEntity> user = query.from(UserEntity.class);
        Predicate where = cb.and(cb.equal(user.get("realmId"), realm.getId()), cb.isNull(user.get("serviceAccountClientLink")),
                new ExternalUserPredicate(session, realm, cb, query, user).externalUnderAny(policies));
        if (afterId != null) {
            where = cb.and(where, cb.greaterThan(user.get("id"), afterId));
        }
        query.select(user).where(where).orderBy(cb.asc(user.get("id")));
        return em.createQuery(query).setMaxResults(limit).getResultList().stream()
                .<UserModel>map(entity -> new UserAdapter(session, realm, em, entity))
                .toList();
    }
}
