package dev.gatehouse.provisioning.outbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Figures of the outbox, seen from one session: per target for the admin endpoint, over all realms for metrics. */
public final class OutboxStats {

    private final EntityManager em;

    public OutboxStats(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Queue depth, dead letters, the creation time of the oldest pending row and the earliest next attempt, per target of a realm. */
    public Map<String, QueueStats> stats(String realmId) {
        Map<String, QueueStats> result = new HashMap<>();
        List<Object[]> rows = em.createQuery("select e.targetId, e.status, count(e), min(e.createdAt), min(e.nextAttemptAt)"
                        + " from GatehouseOutboxEntry e where e.realmId = :realm group by e.targetId, e.status", Object[].class)
                .setParameter("realm", realmId).getResultList();
        for (Object[] row : rows) {
            String target = (String) row[0];
            QueueStats before = result.getOrDefault(target, QueueStats.EMPTY);
            long count = ((Number) row[2]).longValue();
            result.put(target, Outbox.PENDING.equals(row[1])
                    ? new QueueStats(count, before.deadLetters(), ((Number) row[3]).longValue(), ((Number) row[4]).longValue())
                    : new QueueStats(before.pending(), count, before.oldestPendingCreatedAt(), before.nextAttemptAt()));
        }
        return result;
    }

    /** Why the oldest pending row of a target that has failed before last failed; null when none has. */
    public String lastError(String realmId, String targetId) {
        return em.createQuery("select e.lastError from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :pending and e.lastError is not null order by e.id", String.class)
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("pending", Outbox.PENDING)
                .setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** Rows pending over every realm, and the oldest one's creation time (0 when none): for metrics. */
    public QueueStats totals() {
        Object[] row = em.createQuery("select count(e), min(e.createdAt) from GatehouseOutboxEntry e where e.status = :pending",
                Object[].class).setParameter("pending", Outbox.PENDING).getSingleResult();
        long dead = em.createQuery("select count(e) from GatehouseOutboxEntry e where e.status = :dead", Long.class)
                .setParameter("dead", Outbox.DEAD).getSingleResult();
        return new QueueStats(((Number) row[0]).longValue(), dead, row[1] == null ? 0 : ((Number) row[1]).longValue(), 0);
    }
}
