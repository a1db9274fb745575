package dev.gatehouse.provisioning.sync;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The full-sync and preview jobs in Keycloak's database, seen from one session. Times are Keycloak's clock
 * ({@link Time}), so a lease runs out when a test moves that clock. Leases are taken by a conditional UPDATE: of
 * two nodes claiming the same job, one wins.
 */
final class SyncJobStore {

    private static final int MAX_ERROR = 1000;
    private static final List<SyncState> ACTIVE = List.of(SyncState.QUEUED, SyncState.RUNNING);

    private final EntityManager em;

    SyncJobStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * Stores a new queued job of this kind, or returns the target's active job of that kind if it has one. The
     * unique active column of the kind (ACTIVE_TARGET, ACTIVE_PREVIEW) decides between two nodes starting a job for
     * the same target at once: the loser's insert fails, and it is handed the winner's job on its retry.
     */
    Started start(String realmId, String targetId, JobKind kind) {
        Optional<SyncJobEntity> running = active(targetId, kind);
        if (running.isPresent()) {
            return new Started(running.get(), false);
        }
        long now = Time.currentTimeMillis();
        SyncJobEntity job = new SyncJobEntity();
        job.setId(UUID.randomUUID().toString());
        job.setKind(kind);
        job.setRealmId(realmId);
        job.setTargetId(targetId);
        if (kind == JobKind.SYNC) {
            job.setActiveTarget(targetId);
        } else {
            job.setActivePreview(targetId);
        }
        job.setState(SyncState.QUEUED);
        job.setCreatedAt(now);
        job.setUpdatedAt(now);
        em.persist(job);
        em.flush(); // the unique constraint speaks now, inside the caller's transaction
        return new Started(job, true);
    }

    record Started(SyncJobEntity job, boolean created) {
    }

    /** The target's queued or running job of this kind. */
    Optional<SyncJobEntity> active(String targetId, JobKind kind) {
        String column = kind == JobKind.SYNC ? "activeTarget" : "activePreview";
        return em.createQuery("select j from GatehouseSyncJob j where j." + column + " = :target", SyncJobEntity.class)
                .setParameter("target", targetId).getResultStream().findFirst();
    }

    /** The target's newest job of this kind, active or not. */
    Optional<SyncJobEntity> latest(String targetId, JobKind kind) {
        return em.createQuery("select j from GatehouseSyncJob j where j.targetId = :target and j.kind = :kind"
                        + " order by j.createdAt desc, j.id", SyncJobEntity.class)
                .setParameter("target", targetId).setParameter("kind", kind).setMaxResults(1).getResultStream().findFirst();
    }

    /** The job if it is of this kind: a sync's id is no preview's, and the other way round. */
    Optional<SyncJobEntity> find(String jobId, JobKind kind) {
        return Optional.ofNullable(em.find(SyncJobEntity.class, jobId)).filter(j -> j.getKind() == kind);
    }

    /** The job row, locked until the transaction ends: a claim or a cancel waits for the batch that holds it. */
    Optional<SyncJobEntity> lock(String jobId) {
        return Optional.ofNullable(em.find(SyncJobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Active jobs of this kind nobody holds (never started, or their node stopped renewing), oldest first. */
    List<String> claimable(int max, JobKind kind) {
        return em.createQuery("select j.id from GatehouseSyncJob j where j.kind = :kind and j.state in :active"
                        + " and (j.leaseUntil is null or j.leaseUntil < :now) order by j.createdAt", String.class)
                .setParameter("kind", kind).setParameter("active", ACTIVE).setParameter("now", Time.currentTimeMillis())
                .setMaxResults(max).getResultList();
    }

    /** Takes the job for {@code node} if its lease ran out; returns the new lease token, or empty when another node won. */
    Optional<String> claim(String jobId, String node, long leaseMillis) {
        long now = Time.currentTimeMillis();
        String token = UUID.randomUUID().toString();
        int won = em.createQuery("update GatehouseSyncJob j set j.leaseNode = :node, j.leaseToken = :token,"
                        + " j.leaseUntil = :until, j.updatedAt = :now where j.id = :id and j.state in :active"
                        + " and (j.leaseUntil is null or j.leaseUntil < :now)")
                .setParameter("node", node).setParameter("token", token).setParameter("until", now + leaseMillis)
                .setParameter("now", now).setParameter("id", jobId).setParameter("active", ACTIVE)
                .executeUpdate();
        return won == 1 ? Optional.of(token) : Optional.empty();
    }

    /** Ends the job: it no longer blocks a new job of its kind for its target, and its lease is let go. */
    void finish(SyncJobEntity job, SyncState state, String error) {
        long now = Time.currentTimeMillis();
        job.setState(state);
        job.setActiveTarget(null);
        job.setActivePreview(null);
        job.setFinishedAt(now);
        job.setUpdatedAt(now);
        job.setLeaseUntil(null);
        if (error != null) {
            job.setLastError(truncate(error));
        }
    }

    /**
     * Asks the job to stop: a queued job nobody holds is cancelled at once, a held one by its node between two
     * batches (or by the node that takes it over).
     */
    void cancel(SyncJobEntity job) {
        if (job.getState() == SyncState.QUEUED && job.getLeaseToken() == null) {
            finish(job, SyncState.CANCELLED, null);
        } else {
            job.setCancelRequested(true);
            job.setUpdatedAt(Time.currentTimeMillis());
        }
    }

    /** A batch failed: recorded in a transaction of its own; the lease is kept, so this node tries again first. */
    static void failed(SyncJobEntity job, String error) {
        job.setFailures(job.getFailures() + 1);
        job.setLastError(truncate(error));
        job.setUpdatedAt(Time.currentTimeMillis());
    }

    static boolean isConflict(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PersistenceException || t.getClass().getName().contains("ConstraintViolation")) {
                return true;
            }
        }
        return false;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
