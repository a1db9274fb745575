package dev.gatehouse.provisioning.outbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.TargetState;

/**
 * The outbox in Keycloak's database, seen from one session: queue a change (in the caller's transaction),
 * claim due rows, record each delivery's outcome, and the dead-letter operations admins use. Times are
 * Keycloak's clock ({@link Time}), so a test's time offset moves retries.
 */
public final class Outbox {

    public static final String PENDING = "PENDING";
    public static final String DEAD = "DEAD";
    private static final int MAX_ERROR = 1000;

    private final EntityManager em;

    public Outbox(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    // -- queueing, in the transaction of the change ---------------------------------------------------------

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

    public Optional<ProvisionedUserEntity> enrolment(String targetId, String userId) {
        return Optional.ofNullable(em.find(ProvisionedUserEntity.class, ProvisionedUserEntity.idOf(targetId, userId)));
    }

    public void enrol(String realmId, String targetId, String userId) {
        ProvisionedUserEntity enrolment = new ProvisionedUserEntity();
        enrolment.setId(ProvisionedUserEntity.idOf(targetId, userId));
        enrolment.setRealmId(realmId);
        enrolment.setTargetId(targetId);
        enrolment.setUserId(userId);
        enrolment.setEnrolledAt(Time.currentTimeMillis());
        em.persist(enrolment);
    }

    /**
     * What a Shared Signals receiver was last told of the user's account ({@code enabled} or {@code disabled}), kept in
     * the user's enrolment row at that receiver (its remote id column: a receiver has no remote id); empty when the
     * receiver was never told.
     */
    public Optional<String> accountState(String targetId, String userId) {
        return enrolment(targetId, userId).map(ProvisionedUserEntity::getRemoteId);
    }

    public void recordAccountState(String realmId, String targetId, String userId, String state) {
        ProvisionedUserEntity row = enrolment(targetId, userId).orElse(null);
        if (row == null) {
            enrol(realmId, targetId, userId);
            row = enrolment(targetId, userId).orElseThrow();
        }
        row.setRemoteId(state);
    }

    public void unenrol(String targetId, String userId) {
        enrolment(targetId, userId).ifPresent(em::remove);
    }

    // -- the worker -----------------------------------------------------------------------------------------

    /**
     * Claims up to {@code limit} due rows, earliest due first, each the oldest pending row of its target and user (so a user's
     * changes go out in order, one at a time), by a conditional UPDATE that only succeeds on rows nobody holds:
     * two nodes claiming at once never get the same row. A quarantined target gets no rows but its probe: one row
     * when its probe is due, claimed by the one node whose conditional UPDATE of the probe time wins.
     */
    public List<ClaimedEntry> claim(int limit, long leaseMillis) {
        long now = Time.currentTimeMillis();
        List<Long> candidates = new ArrayList<>(probes(now, leaseMillis));
        if (candidates.size() < limit) {
            candidates.addAll(em.createQuery("select e.id from GatehouseOutboxEntry e where " + CLAIMABLE
                            + " and e.nextAttemptAt <= :now and not exists (select h.targetId from GatehouseTargetHealth h"
                            + " where h.targetId = e.targetId and h.quarantinedSince is not null)"
                            // All three columns of the due index, status first although it is fixed: only an
                            // ORDER BY that starts with the index's leading column lets H2 read rows in index order
                            // and stop at the limit. Without e.status, H2 checked every due row (and its NOT EXISTS)
                            // and sorted them on each claim: 0.3-0.5 s per claim with 100,000 rows queued.
                            + " order by e.status, e.nextAttemptAt, e.id", Long.class)
                    .setParameter("pending", PENDING)
                    .setParameter("now", now)
                    .setMaxResults(limit - candidates.size())
                    .getResultList());
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        // A lease that ran out: the node delivering the row stopped before recording an outcome (killed, or
        // slower than the lease), so the target may have it already. That counts as an attempt, which tells the
        // client to check before it adds anything that is not idempotent by itself (group membership).
        List<Long> expired = em.createQuery("select e.id from GatehouseOutboxEntry e where e.id in :ids and e.leaseToken is not null",
                        Long.class)
                .setParameter("ids", candidates)
                .getResultList();
        String token = UUID.randomUUID().toString();
        em.createQuery("update GatehouseOutboxEntry e set e.leaseToken = :token, e.leaseUntil = :until"
                        + " where e.id in :ids and e.status = :pending and (e.leaseUntil is null or e.leaseUntil < :now)")
                .setParameter("token", token)
                .setParameter("until", now + leaseMillis)
                .setParameter("ids", candidates)
                .setParameter("pending", PENDING)
                .setParameter("now", now)
                .executeUpdate();
        if (!expired.isEmpty()) {
            em.createQuery("update GatehouseOutboxEntry e set e.attempts = e.attempts + 1, e.lastError = :error"
                            + " where e.id in :ids and e.leaseToken = :token")
                    .setParameter("error", "lease expired: the node delivering it stopped or was too slow")
                    .setParameter("ids", expired)
                    .setParameter("token", token)
                    .executeUpdate();
        }
        // By primary key: the lease token has no index, and a long queue must not be scanned per claim.
        List<OutboxEntryEntity> claimed = em.createQuery(
                        "select e from GatehouseOutboxEntry e where e.id in :ids and e.leaseToken = :token order by e.id",
                        OutboxEntryEntity.class)
                .setParameter("ids", candidates)
                .setParameter("token", token)
                .getResultList();
        Map<String, ProvisionedUserEntity> enrolments = enrolments(claimed);
        List<ClaimedEntry> result = new ArrayList<>(claimed.size());
        for (OutboxEntryEntity row : claimed) {
            ProvisionedUserEntity enrolment = enrolments.get(ProvisionedUserEntity.idOf(row.getTargetId(), row.getSubject()));
            result.add(new ClaimedEntry(row.getId(), row.getRealmId(), row.getTargetId(), row.getSubject(), row.getType(),
                    row.getPayload(), row.getAttempts(), row.getCreatedAt(), token, row.getMessageId(),
                    enrolment == null ? null : enrolment.getRemoteId(),
                    enrolment == null ? List.of() : lines(enrolment.getGroups())));
        }
        return result;
    }

    /** A row nobody holds that is the oldest pending row of its target and user. */
    private static final String CLAIMABLE = "e.status = :pending and (e.leaseUntil is null or e.leaseUntil < :now)"
            + " and not exists (select p.id from GatehouseOutboxEntry p where p.targetId = e.targetId"
            + " and p.subject = e.subject and p.status = :pending and p.id < e.id)";

    /**
     * The probe rows of quarantined targets whose probe is due: the oldest claimable row of each, whatever its own
     * backoff says. The probe time moves a lease ahead at once (the worker sets the real next probe when it
     * records the outcome), so no other node probes the same target meanwhile.
     */
    private List<Long> probes(long now, long leaseMillis) {
        List<Long> result = new ArrayList<>();
        List<Object[]> due = em.createQuery("select h.targetId, h.nextProbeAt from GatehouseTargetHealth h"
                        + " where h.quarantinedSince is not null and (h.nextProbeAt is null or h.nextProbeAt <= :now)", Object[].class)
                .setParameter("now", now).getResultList();
        for (Object[] target : due) {
            Long probe = em.createQuery("select e.id from GatehouseOutboxEntry e where e.targetId = :target and " + CLAIMABLE
                            + " order by e.id", Long.class)
                    .setParameter("target", target[0]).setParameter("pending", PENDING).setParameter("now", now)
                    .setMaxResults(1).getResultStream().findFirst().orElse(null);
            if (probe == null) {
                continue;
            }
            var claimProbe = em.createQuery("update GatehouseTargetHealth h set h.nextProbeAt = :until where h.targetId = :target"
                            + " and h.quarantinedSince is not null and " + (target[1] == null ? "h.nextProbeAt is null" : "h.nextProbeAt = :was"))
                    .setParameter("until", now + leaseMillis).setParameter("target", target[0]);
            if (target[1] != null) {
                claimProbe.setParameter("was", target[1]);
            }
            int won = claimProbe.executeUpdate();
            if (won == 1) {
                result.add(probe);
            }
        }
        return result;
    }

    private Map<String, ProvisionedUserEntity> enrolments(List<OutboxEntryEntity> rows) {
        return enrolmentsById(rows.stream().map(r -> ProvisionedUserEntity.idOf(r.getTargetId(), r.getSubject())).distinct().toList());
    }

    /** Which of these users are enrolled at the target, by user id: what the target was last told (one query). */
    public Map<String, TargetState> enrolled(String targetId, java.util.Collection<String> userIds) {
        Map<String, TargetState> result = new HashMap<>();
        enrolmentsById(userIds.stream().map(u -> ProvisionedUserEntity.idOf(targetId, u)).toList()).values()
                .forEach(e -> result.put(e.getUserId(), TargetState.of(e.getRemoteId(), lines(e.getGroups()))));
        return result;
    }

    private Map<String, ProvisionedUserEntity> enrolmentsById(List<String> ids) {
        Map<String, ProvisionedUserEntity> result = new HashMap<>();
        if (!ids.isEmpty()) {
            em.createQuery("select u from GatehouseProvisionedUser u where u.id in :ids", ProvisionedUserEntity.class)
                    .setParameter("ids", ids).getResultList().forEach(u -> result.put(u.getId(), u));
        }
        return result;
    }

    /**
     * The targets have these changes (all of one claim): the rows go, and what each target now knows about the
     * user is recorded. One statement for the rows and one query for the enrolments, however many rows.
     */
    public void delivered(Map<ClaimedEntry, TargetState> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        Map<String, List<Long>> idsByToken = new HashMap<>();
        delivered.keySet().forEach(e -> idsByToken.computeIfAbsent(e.leaseToken(), t -> new ArrayList<>()).add(e.id()));
        idsByToken.forEach((token, ids) -> em.createQuery("delete from GatehouseOutboxEntry e where e.id in :ids and e.leaseToken = :token")
                .setParameter("ids", ids).setParameter("token", token).executeUpdate());
        List<String> enrolmentIds = delivered.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> ProvisionedUserEntity.idOf(e.getKey().targetId(), e.getKey().subject())).distinct().toList();
        if (enrolmentIds.isEmpty()) {
            return;
        }
        Map<String, ProvisionedUserEntity> enrolments = new HashMap<>();
        em.createQuery("select u from GatehouseProvisionedUser u where u.id in :ids", ProvisionedUserEntity.class)
                .setParameter("ids", enrolmentIds).getResultList().forEach(u -> enrolments.put(u.getId(), u));
        delivered.forEach((entry, state) -> {
            ProvisionedUserEntity enrolment = enrolments.get(ProvisionedUserEntity.idOf(entry.targetId(), entry.subject()));
            if (enrolment == null || state == null) {
                return;
            }
            if (state.removed()) {
                em.remove(enrolment);
            } else {
                enrolment.setRemoteId(state.remoteId());
                enrolment.setGroups(state.groups() == null ? null : String.join("\n", state.groups()));
            }
        });
    }

    /** Try again at {@code nextAttemptAt}; {@code attempted} false when the row was never sent (its target was down). */
    public void retry(ClaimedEntry entry, long nextAttemptAt, String reason, boolean attempted) {
        em.createQuery("update GatehouseOutboxEntry e set e.attempts = e.attempts + :inc, e.nextAttemptAt = :next,"
                        + " e.lastError = :error, e.leaseToken = null, e.leaseUntil = null"
                        + " where e.id = :id and e.leaseToken = :token")
                .setParameter("inc", attempted ? 1 : 0)
                .setParameter("next", nextAttemptAt)
                .setParameter("error", truncate(reason))
                .setParameter("id", entry.id())
                .setParameter("token", entry.leaseToken())
                .executeUpdate();
    }

    public void deadLetter(ClaimedEntry entry, String reason) {
        em.createQuery("update GatehouseOutboxEntry e set e.attempts = e.attempts + 1, e.status = :dead,"
                        + " e.lastError = :error, e.leaseToken = null, e.leaseUntil = null"
                        + " where e.id = :id and e.leaseToken = :token")
                .setParameter("dead", DEAD)
                .setParameter("error", truncate(reason))
                .setParameter("id", entry.id())
                .setParameter("token", entry.leaseToken())
                .executeUpdate();
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

    /** A target came out of quarantine: its waiting rows are due now rather than at the end of their backoff. */
    public int dueNow(String targetId) {
        return em.createQuery("update GatehouseOutboxEntry e set e.nextAttemptAt = :now where e.targetId = :target"
                        + " and e.status = :pending and e.nextAttemptAt > :now")
                .setParameter("now", Time.currentTimeMillis()).setParameter("target", targetId).setParameter("pending", PENDING)
                .executeUpdate();
    }

    // -- admins ---------------------------------------------------------------------------------------------

    public List<OutboxEntryEntity> deadLetters(String realmId, String targetId, int first, int max) {
        return em.createQuery("select e from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :dead order by e.id", OutboxEntryEntity.class)
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("dead", DEAD)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    /**
     * Dead letters of a target (one when {@code id} is given), newest first, with ids below {@code below}: a retry
     * walks them page by page from the newest, so an older row of a user sees the newer one already requeued.
     */
    public List<OutboxEntryEntity> deadLettersNewestFirst(String realmId, String targetId, Long id, long below, int max) {
        var query = em.createQuery("select e from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :dead and e.id < :below" + (id == null ? "" : " and e.id = :id") + " order by e.id desc",
                        OutboxEntryEntity.class)
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("dead", DEAD)
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
                .setParameter("pending", PENDING).setParameter("id", row.getId())
                .setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * A dead letter back in the queue, due now, with fresh attempts. A new {@code payload} makes it a new message
     * (its own webhook-id): a receiver that kept the old message's id must not drop the new content as a repeat.
     */
    public void requeue(OutboxEntryEntity row, String type, String payload) {
        // The webhook-id is the receiver's idempotency key (Standard Webhooks): the same message keeps it, a
        // message re-made with other content gets a new one, or a de-duplicating receiver would drop it.
        if (!java.util.Objects.equals(payload, row.getPayload()) || !java.util.Objects.equals(type, row.getType())) {
            row.setPayload(payload);
            row.setMessageId(UUID.randomUUID().toString());
        }
        row.setType(type);
        row.setStatus(PENDING);
        row.setAttempts(0);
        row.setNextAttemptAt(Time.currentTimeMillis());
    }

    public void discard(OutboxEntryEntity row) {
        em.remove(row);
    }

    public int purgeDeadLetters(String realmId, String targetId, Long id) {
        var query = em.createQuery("delete from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :dead" + (id == null ? "" : " and e.id = :id"))
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("dead", DEAD);
        if (id != null) {
            query.setParameter("id", id);
        }
        return query.executeUpdate();
    }

    /** Queue depth, dead letters and the creation time of the oldest pending row, per target of a realm. */
    public Map<String, QueueStats> stats(String realmId) {
        Map<String, QueueStats> result = new HashMap<>();
        List<Object[]> rows = em.createQuery("select e.targetId, e.status, count(e), min(e.createdAt)"
                        + " from GatehouseOutboxEntry e where e.realmId = :realm group by e.targetId, e.status", Object[].class)
                .setParameter("realm", realmId).getResultList();
        for (Object[] row : rows) {
            String target = (String) row[0];
            QueueStats before = result.getOrDefault(target, QueueStats.EMPTY);
            long count = ((Number) row[2]).longValue();
            result.put(target, PENDING.equals(row[1])
                    ? new QueueStats(count, before.deadLetters(), ((Number) row[3]).longValue())
                    : new QueueStats(before.pending(), count, before.oldestPendingCreatedAt()));
        }
        return result;
    }

    /** Why the oldest pending row of a target that has failed before last failed; null when none has. */
    public String lastError(String realmId, String targetId) {
        return em.createQuery("select e.lastError from GatehouseOutboxEntry e where e.realmId = :realm and e.targetId = :target"
                        + " and e.status = :pending and e.lastError is not null order by e.id", String.class)
                .setParameter("realm", realmId).setParameter("target", targetId).setParameter("pending", PENDING)
                .setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** Rows pending over every realm, and the oldest one's creation time (0 when none): for metrics. */
    public QueueStats totals() {
        Object[] row = em.createQuery("select count(e), min(e.createdAt) from GatehouseOutboxEntry e where e.status = :pending",
                Object[].class).setParameter("pending", PENDING).getSingleResult();
        long dead = em.createQuery("select count(e) from GatehouseOutboxEntry e where e.status = :dead", Long.class)
                .setParameter("dead", DEAD).getSingleResult();
        return new QueueStats(((Number) row[0]).longValue(), dead, row[1] == null ? 0 : ((Number) row[1]).longValue());
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_ERROR ? reason : reason.substring(0, MAX_ERROR);
    }
}
