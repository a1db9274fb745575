package dev.gatehouse.provisioning.target;

import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * A target as its component stands in the database, past this node's realm cache. Another node's cache may still
 * show a target an admin has just enabled as disabled; a queue deferred on that view alone would wait for an
 * enabling that already happened.
 */
public final class CommittedTargets {

    private CommittedTargets() {
    }

    /** Whether the target exists and is enabled (the documented default when the key is left out), as committed. */
    public static boolean enabled(KeycloakSession session, String targetId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        long components = em.createQuery("select count(c) from ComponentEntity c where c.id = :id", Long.class)
                .setParameter("id", targetId).getSingleResult();
        if (components == 0) {
            return false;
        }
        List<String> values = em.createQuery("select c.value from ComponentConfigEntity c where c.component.id = :id and c.name = :name",
                        String.class)
                .setParameter("id", targetId).setParameter("name", TargetConfig.ENABLED).getResultList();
        return TargetConfig.enabled(Map.of(TargetConfig.ENABLED, values));
    }
}
