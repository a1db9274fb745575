package dev.gatehouse.provisioning.outbox;

import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The outbox table in Keycloak's database, seen from one session: a change queued in the transaction of the change,
 * and what concerns a target's whole queue. The worker's side is {@link OutboxLeases}, the admins' {@link DeadLetters},
 * the figures {@link OutboxStats}, what targets know of users {@link Enrolments}. Times are Keycloak's clock
 * ({@link Time}), so a test's time offset moves retries.
 */
public final class Outbox {

    public static final String PENDING = "PENDING";
    public static final String DEAD = "DEAD";
    private static final int MAX_ERROR = 1000;

    private final EntityManager em;

    public Outbox(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public OutboxEntryEntity enqueue(String realmId, String targetId, String subject, String type, String payload) {
        OutboxEntryEntity row = new OutboxEntryEntity();
        long now = Time.currentTimeMillis();
        row.setRealmId(realmId);
        row.setTargetId(targetId);
        row.setSubject(subject);
        row.setType(type);
        row.setPayload(payload);
        row.setStatus(PENDING);
        row.setNextAttemptAt(now);
        row.setCreatedAt(now);
        row.setMessageId(UUID.randomUUID().toString());
        em.persist(row);
        return row;
    }

    /** Rows of a target deleted from the realm: nothing can deliver them. */
    public int dropTarget(String targetId) {
        em.createQuery("delete from GatehouseTargetHealth h where h.targetId = :target")
                .setParameter("target", targetId).executeUpdate();
        em.createQuery("delete from GatehouseProvisionedUser u where u.targetId = :target")
                .setParameter("target", targetId).executeUpdate();
        return em.createQuery("delete from GatehouseOutboxEntry e where e.targetId = :target")
                .setParameter("target", targetId).executeUpdate();
    }

    /**
     * A target came out of quarantine or was enabled: its waiting rows are due now rather than at the end of their
     * backoff or pause.
     */
    public int dueNow(String targetId) {
        return em.createQuery("update GatehouseOutboxEntry e set e.nextAttemptAt = :now where e.targetId = :target"
                        + " and e.status = :pending and e.nextAttemptAt > :now")
                .setParameter("now", Time.currentTimeMillis()).setParameter("target", targetId).setParameter("pending", PENDING)
                .executeUpdate();
    }

    /** A reason as the lastError column keeps it. */
    static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_ERROR ? reason : reason.substring(0, MAX_ERROR);
    }
}
