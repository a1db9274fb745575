package dev.gatehouse.broker.groups;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Provenance in Keycloak's database, in the login's transaction: a membership and the record of who granted it
 * are written or rolled back together. Users cannot see or edit it (unlike user attributes).
 */
final class JpaGrantedGroups implements GrantedGroups {

    /** Ids per delete statement, well below every database's parameter limit. */
    private static final int BATCH = 500;

    private final EntityManager em;

    JpaGrantedGroups(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public Set<String> of(String userId, String identityProvider) {
        Set<String> ids = new HashSet<>();
        em.createNamedQuery("gatehouseGrantsOfUser", GroupGrantEntity.class)
                .setParameter("userId", userId).setParameter("idp", identityProvider)
                .getResultStream().forEach(g -> ids.add(g.getGroupId()));
        return ids;
    }

    @Override
    public void record(String realmId, String userId, String identityProvider, String groupId) {
        GroupGrantEntity grant = new GroupGrantEntity();
        grant.setId(KeycloakModelUtils.generateId());
        grant.setRealmId(realmId);
        grant.setUserId(userId);
        grant.setGroupId(groupId);
        grant.setIdentityProvider(identityProvider);
        grant.setGrantedAt(Time.currentTimeMillis());
        em.persist(grant);
    }

    @Override
    public void forget(String userId, String identityProvider, Collection<String> groupIds) {
        List<String> ids = List.copyOf(groupIds);
        for (int from = 0; from < ids.size(); from += BATCH) {
            em.createNamedQuery("gatehouseDeleteGrants")
                    .setParameter("userId", userId).setParameter("idp", identityProvider)
                    .setParameter("groupIds", ids.subList(from, Math.min(ids.size(), from + BATCH)))
                    .executeUpdate();
        }
    }

    /**
     * A membership ended, by whoever: its grant record goes with it, so a later grant by hand is the admin's own
     * and no sign-in removes it.
     */
    static void membershipEnded(KeycloakSession session, String userId, String groupId) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createNamedQuery("gatehouseDeleteGrantsOfMembership")
                .setParameter("userId", userId).setParameter("groupId", groupId).executeUpdate();
    }

    /** Rows of a removed user, group or realm; called from Keycloak's provider events. */
    static void deleteFor(KeycloakSession session, String query, String parameter, String id) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createNamedQuery(query).setParameter(parameter, id).executeUpdate();
    }
}
