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
    /**
     * The next attempt of a pending row of a disabled target: never, until enabling the target makes its rows due
     * ({@link #dueOnEnabling}). The worker never meets such rows, however many a full sync queued.
     */
    public static final long UNTIL_ENABLED = Long.MAX_VALUE;
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
        return drop("targetId", targetId);
    }

    /**
     * Everything queued for the targets of a realm being removed, with their enrolments and health: Keycloak removes
     * its components without a call per target, and rows waiting for an enabling would otherwise stay for ever.
     */
    public int dropRealm(String realmId) {
        return drop("realmId", realmId);
    }

    /** Health, enrolments and rows whose {@code field} (targetId or realmId, fixed names) is {@code value}; the rows dropped. */
    private int drop(String field, String value) {
        for (String entity : new String[] {"GatehouseTargetHealth", "GatehouseProvisionedUser"}) {
            em.createQuery("delete from " + entity + " x where x." + field + " = :value").setParameter("value", value).executeUpdate();
        }
        return em.createQuery("delete from GatehouseOutboxEntry x where x." + field + " = :value")
                .setParameter("value", value).executeUpdate();
    }

    /**
     * A target came out of quarantine: its rows waiting out a backoff are due now. Rows that wait for the target to
     * be enabled stay so.
     */
    public int dueNow(String targetId) {
        return due(targetId, UNTIL_ENABLED);
    }

    /** A target was enabled: every waiting row is due now, those queued while it was disabled included. */
    public int dueOnEnabling(String targetId) {
        return due(targetId, null);
    }

    private int due(String targetId, Long except) {
        var update = em.createQuery("update GatehouseOutboxEntry e set e.nextAttemptAt = :now where e.targetId = :target"
                        + " and e.status = :pending and e.nextAttemptAt > :now" + (except == null ? "" : " and e.nextAttemptAt < :except"))
                .setParameter("now", Time.currentTimeMillis()).setParameter("target", targetId).setParameter("pending", PENDING);
        if (except != null) {
            update.setParameter("except", except);
        }
        return update.executeUpdate();
    }

    /** A reason as the lastError column keeps it. */
    static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_ERROR ? reason : reason.substring(0, MAX_ERROR);
    }
}
