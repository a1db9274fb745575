package dev.gatehouse.broker.groups;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Group origins in Keycloak's database, written in the login's transaction together with the group itself. */
final class JpaGroupOrigins implements GroupOrigins {

    /** Ids per query, well below every database's parameter limit. */
    private static final int BATCH = 500;

    private final EntityManager em;

    JpaGroupOrigins(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public Set<String> createdBy(String identityProvider, Collection<String> groupIds) {
        List<String> ids = List.copyOf(groupIds);
        Set<String> created = new HashSet<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            created.addAll(em.createNamedQuery("gatehouseOriginsOfProvider", String.class)
                    .setParameter("idp", identityProvider)
                    .setParameter("groupIds", ids.subList(from, Math.min(ids.size(), from + BATCH)))
                    .getResultList());
        }
        return created;
    }

    @Override
    public void recordCreated(String realmId, String identityProvider, String groupId) {
        GroupOriginEntity origin = new GroupOriginEntity();
        origin.setGroupId(groupId);
        origin.setIdentityProvider(identityProvider);
        origin.setRealmId(realmId);
        origin.setCreatedAt(Time.currentTimeMillis());
        em.persist(origin);
    }
}
