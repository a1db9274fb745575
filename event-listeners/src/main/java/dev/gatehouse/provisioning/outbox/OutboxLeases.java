package dev.gatehouse.provisioning.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.TargetState;

/**
 * The delivery worker's side of the outbox, seen from one session: due rows claimed under a lease, and each
 * delivery's outcome recorded under that lease (a row whose lease another node took over is left alone).
 */
public final class OutboxLeases {

    private final EntityManager em;
    private final Enrolments enrolments;

    public OutboxLeases(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.enrolments = new Enrolments(em);
    }

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
            // Quarantined targets (a handful, usually none) as a list, not as a NOT EXISTS: PostgreSQL estimated that
            // anti-join at one row and then scanned and sorted the whole table instead of reading the due index.
            List<String> quarantined = em.createQuery("select h.targetId from GatehouseTargetHealth h where h.quarantinedSince is not null",
                    String.class).getResultList();
            var due = em.createQuery("select e.id from GatehouseOutboxEntry e where " + CLAIMABLE
                            + " and e.nextAttemptAt <= :now" + (quarantined.isEmpty() ? "" : " and e.targetId not in :quarantined")
                            // All three columns of the due index, status first although it is fixed: only an
                            // ORDER BY that starts with the index's leading column lets H2 read rows in index order
                            // and stop at the limit. Without e.status, H2 checked every due row (and its NOT EXISTS)
                            // and sorted them on each claim: 0.3-0.5 s per claim with 100,000 rows queued.
                            + " order by e.status, e.nextAttemptAt, e.id", Long.class)
                    .setParameter("pending", Outbox.PENDING)
                    .setParameter("now", now)
                    .setMaxResults(limit - candidates.size());
            if (!quarantined.isEmpty()) {
                due.setParameter("quarantined", quarantined);
            }
            candidates.addAll(due.getResultList());
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
                .setParameter("pending", Outbox.PENDING)
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
        Map<String, ProvisionedUserEntity> enrolments = this.enrolments.byIds(claimed.stream()
                .map(r -> ProvisionedUserEntity.idOf(r.getTargetId(), r.getSubject())).distinct().toList());
        List<ClaimedEntry> result = new ArrayList<>(claimed.size());
        for (OutboxEntryEntity row : claimed) {
            ProvisionedUserEntity enrolment = enrolments.get(ProvisionedUserEntity.idOf(row.getTargetId(), row.getSubject()));
            result.add(new ClaimedEntry(row.getId(), row.getRealmId(), row.getTargetId(), row.getSubject(), row.getType(),
                    row.getPayload(), row.getAttempts(), row.getCreatedAt(), token, row.getMessageId(),
                    enrolment == null ? null : enrolment.getRemoteId(),
                    enrolment == null ? List.of() : Enrolments.lines(enrolment.getGroups())));
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
                    .setParameter("target", target[0]).setParameter("pending", Outbox.PENDING).setParameter("now", now)
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
        enrolments.record(delivered);
    }

    /**
     * A target that cannot send (disabled, its secret missing) met in a claim: its whole due queue waits until
     * {@code until}, in one UPDATE — the rows of this claim (their lease released) and every due row nobody holds —
     * so the target costs one claim per pause however long its queue, instead of being claimed and rewritten a batch
     * at a time. Attempts are not counted. Rows another node holds are left to it; rows already waiting longer are
     * not touched. Each user's rows keep their order: the claim still takes a user's oldest pending row first.
     *
     * @return how many rows now wait
     */
    public int deferTarget(String targetId, String leaseToken, long until, String reason) {
        return em.createQuery("update GatehouseOutboxEntry e set e.nextAttemptAt = :until, e.lastError = :error,"
                        + " e.leaseToken = null, e.leaseUntil = null"
                        + " where e.targetId = :target and e.status = :pending"
                        + " and (e.leaseToken = :token or (e.leaseToken is null and e.nextAttemptAt <= :now))")
                .setParameter("until", until)
                .setParameter("error", Outbox.truncate(reason))
                .setParameter("target", targetId)
                .setParameter("pending", Outbox.PENDING)
                .setParameter("now", Time.currentTimeMillis())
                .setParameter("token", leaseToken)
                .executeUpdate();
    }

    /** The rows of one claim at one target go back unsent, due as they were (the target can send after all). */
    public int release(String targetId, String leaseToken) {
        return em.createQuery("update GatehouseOutboxEntry e set e.leaseToken = null, e.leaseUntil = null"
                        + " where e.targetId = :target and e.leaseToken = :token and e.status = :pending")
                .setParameter("target", targetId)
                .setParameter("token", leaseToken)
                .setParameter("pending", Outbox.PENDING)
                .executeUpdate();
    }

    /** Try again at {@code nextAttemptAt}; {@code attempted} false when the row was never sent (its target was down). */
    public void retry(ClaimedEntry entry, long nextAttemptAt, String reason, boolean attempted) {
        em.createQuery("update GatehouseOutboxEntry e set e.attempts = e.attempts + :inc, e.nextAttemptAt = :next,"
                        + " e.lastError = :error, e.leaseToken = null, e.leaseUntil = null"
                        + " where e.id = :id and e.leaseToken = :token")
                .setParameter("inc", attempted ? 1 : 0)
                .setParameter("next", nextAttemptAt)
                .setParameter("error", Outbox.truncate(reason))
                .setParameter("id", entry.id())
                .setParameter("token", entry.leaseToken())
                .executeUpdate();
    }

    public void deadLetter(ClaimedEntry entry, String reason) {
        em.createQuery("update GatehouseOutboxEntry e set e.attempts = e.attempts + 1, e.status = :dead,"
                        + " e.lastError = :error, e.leaseToken = null, e.leaseUntil = null"
                        + " where e.id = :id and e.leaseToken = :token")
                .setParameter("dead", Outbox.DEAD)
                .setParameter("error", Outbox.truncate(reason))
                .setParameter("id", entry.id())
                .setParameter("token", entry.leaseToken())
                .executeUpdate();
    }
}
