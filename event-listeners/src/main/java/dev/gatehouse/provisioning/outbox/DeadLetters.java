package dev.gatehouse.provisioning.outbox;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The dead letters of targets, seen from one session: what admins list, retry and purge. */
public final class DeadLetters {

    private final EntityManager em;

    public DeadLetters(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public List<OutboxEntryEntity> page(String realmId, String targetId, int first, int max) {
        return em.createQuery("select e from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :dead order by e.id", OutboxEntryEntity.class)
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("dead", Outbox.DEAD)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    /**
     * Dead letters of a target (one when {@code id} is given), newest first, with ids below {@code below}: a retry
     * walks them page by page from the newest, so an older row of a user sees the newer one already requeued.
     */
    public List<OutboxEntryEntity> newestFirst(String realmId, String targetId, Long id, long below, int max) {
        var query = em.createQuery("select e from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :dead and e.id < :below" + (id == null ? "" : " and e.id = :id") + " order by e.id desc",
                        OutboxEntryEntity.class)
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("dead", Outbox.DEAD)
                .setParameter("below", below);
        if (id != null) {
            query.setParameter("id", id);
        }
        return query.setMaxResults(max).getResultList();
    }

    /** Whether a newer row of the same target and user waits: it carries a later state than {@code row}'s. */
    public boolean newerPending(OutboxEntryEntity row) {
        return !em.createQuery("select e.id from GatehouseOutboxEntry e where e.targetId = :target and e.subject = :subject"
                        + " and e.status = :pending and e.id > :id", Long.class)
                .setParameter("target", row.getTargetId()).setParameter("subject", row.getSubject())
                .setParameter("pending", Outbox.PENDING).setParameter("id", row.getId())
                .setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * A dead letter back in the queue, due now, with fresh attempts. A new {@code payload} makes it a new message
     * (its own webhook-id): a receiver that kept the old message's id must not drop the new content as a repeat.
     */
    public void requeue(OutboxEntryEntity row, String type, String payload) {
        // The webhook-id is the receiver's idempotency key (Standard Webhooks): the same message keeps it, a
        // message re-made with other content gets a new one, or a de-duplicating receiver would drop it.
        if (!Objects.equals(payload, row.getPayload()) || !Objects.equals(type, row.getType())) {
            row.setPayload(payload);
            row.setMessageId(UUID.randomUUID().toString());
        }
        row.setType(type);
        row.setStatus(Outbox.PENDING);
        row.setAttempts(0);
        row.setNextAttemptAt(Time.currentTimeMillis());
    }

    public void discard(OutboxEntryEntity row) {
        em.remove(row);
    }

    public int purge(String realmId, String targetId, Long id) {
        var query = em.createQuery("delete from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :dead" + (id == null ? "" : " and e.id = :id"))
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("dead", Outbox.DEAD);
        if (id != null) {
            query.setParameter("id", id);
        }
        return query.executeUpdate();
    }
}
