package dev.gatehouse.provisioning.sync;

import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * This node's full-sync worker. Every node runs one; a job is run by the node whose conditional UPDATE took its
 * lease. Each batch is one transaction that locks the job row, checks the lease is still this run's, reads and
 * queues the next users after the cursor, and moves the cursor and the lease on: a batch commits with its rows
 * or not at all, so a node that stops (killed, or slower than the lease) loses at most the batch in flight, and
 * the node that takes the job over starts after the last committed batch. A cancel is seen at the next batch.
 */
final class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);
    /** The console's status column is rewritten at most this often while a job runs (a realm cache invalidation each). */
    private static final long STATUS_EVERY_MILLIS = 10_000;

    private final KeycloakSessionFactory factory;
    private final SyncSettings settings;
    private final String node;
    private final JobLoop loop;
    private final SyncMetrics metrics = SyncMetrics.register();

    SyncWorker(KeycloakSessionFactory factory, SyncSettings settings) {
        this.factory = factory;
        this.settings = settings;
        this.node = nodeName();
        this.loop = new JobLoop(factory, settings, this.node, JobKind.SYNC, "gatehouse-provisioning-sync", this::run);
    }

    /** This node's name as leases show it (host and a per-start suffix); the preview worker holds its leases under it too. */
    String node() {
        return node;
    }

    void start() {
        loop.start();
    }

    /** A job was stored: look now rather than at the next poll. */
    void wake() {
        loop.wake();
    }

    void stop() {
        loop.stop();
    }

    /** What one step of a run ended in. */
    private enum Outcome { CONTINUE, ENDED, LOST }

    private record Step(Outcome outcome, SyncState state, String realmId, String targetId, long read, long queued,
                        Long total, int readNow, int queuedNow, String error) {
        static final Step LOST = new Step(Outcome.LOST, null, null, null, 0, 0, null, 0, 0, null);

        static Step of(SyncJobEntity job, Outcome outcome, int readNow, int queuedNow) {
            return new Step(outcome, job.getState(), job.getRealmId(), job.getTargetId(), job.getUsersRead(), job.getUsersQueued(),
                    job.getTotalEstimate(), readNow, queuedNow, job.getLastError());
        }
    }

    private void run(String jobId, String token) {
        Step step = inTransaction(session -> begin(session, jobId, token));
        if (step.outcome() == Outcome.LOST) {
            return;
        }
        LOG.infof("Gatehouse full sync %s of target %s runs on node %s from user %d of about %d", jobId, step.targetId(), node,
                step.read(), step.total());
        metrics.started(step.total() == null ? 0 : step.total());
        long statusWritten = 0;
        try {
            while (step.outcome() == Outcome.CONTINUE) {
                long start = System.nanoTime();
                try {
                    step = inTransaction(session -> batch(session, jobId, token));
                    metrics.batch(step.readNow(), step.queuedNow(), step.read(), System.nanoTime() - start);
                } catch (RuntimeException e) {
                    LOG.warnf("Gatehouse full sync %s: a batch failed: %s", jobId, e.toString());
                    step = inTransaction(session -> failed(session, jobId, token, e));
                    if (step.outcome() == Outcome.CONTINUE) {
                        Thread.sleep(Math.min(settings.leaseMillis() / 3, 5_000));
                    }
                }
                if (step.outcome() == Outcome.ENDED || System.currentTimeMillis() - statusWritten > STATUS_EVERY_MILLIS) {
                    writeStatus(step);
                    statusWritten = System.currentTimeMillis();
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt(); // the node stops: the lease runs out and another node goes on
        } finally {
            metrics.ended(step.outcome() == Outcome.ENDED ? step.state() : null);
        }
        if (step.outcome() == Outcome.ENDED) {
            LOG.infof("Gatehouse full sync %s of target %s %s: %d users read, %d queued", jobId, step.targetId(),
                    step.state().wireName(), step.read(), step.queued());
        } else if (step.outcome() == Outcome.LOST) {
            LOG.infof("Gatehouse full sync %s: node %s lost its lease; the node that took it goes on", jobId, node);
        }
    }

    /** Marks the job running and counts the realm's users once (a job taken over keeps its first count). */
    private Step begin(KeycloakSession session, String jobId, String token) {
        SyncJobEntity job = new SyncJobStore(session).lock(jobId).orElse(null);
        if (job == null || !token.equals(job.getLeaseToken()) || !job.getState().active()) {
            return Step.LOST;
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        job.setState(SyncState.RUNNING);
        if (job.getStartedAt() == null) {
            job.setStartedAt(Time.currentTimeMillis());
        }
        if (job.getTotalEstimate() == null && realm != null) {
            job.setTotalEstimate(new UserBatches(session, realm).count());
        }
        return Step.of(job, Outcome.CONTINUE, 0, 0);
    }

    private Step batch(KeycloakSession session, String jobId, String token) {
        SyncJobStore store = new SyncJobStore(session);
        SyncJobEntity job = store.lock(jobId).orElse(null);
        if (job == null || !token.equals(job.getLeaseToken()) || !job.getState().active()) {
            return Step.LOST;
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        Optional<ProvisioningTarget> target = realm == null ? Optional.empty() : RealmTargets.byId(realm, job.getTargetId());
        if (target.isEmpty()) {
            store.finish(job, SyncState.FAILED, "The target (or its realm) was deleted, or its configuration is invalid.");
            return Step.of(job, Outcome.ENDED, 0, 0);
        }
        if (job.isCancelRequested()) {
            store.finish(job, SyncState.CANCELLED, null);
            return Step.of(job, Outcome.ENDED, 0, 0);
        }
        session.getContext().setRealm(realm);
        UserBatches.Batch batch = new UserBatches(session, realm).next(job.getCursor(), settings.batchSize());
        int queued = batch.users().isEmpty() ? 0 : SyncBatch.queue(session, realm, target.get(), batch.users());
        long now = Time.currentTimeMillis();
        if (batch.last() != null) {
            job.setCursor(batch.last());
        }
        job.setUsersRead(job.getUsersRead() + batch.read());
        job.setUsersQueued(job.getUsersQueued() + queued);
        job.setFailures(0);
        job.setUpdatedAt(now);
        job.setLeaseUntil(now + settings.leaseMillis());
        if (batch.read() < settings.batchSize()) {
            store.finish(job, SyncState.DONE, null);
            return Step.of(job, Outcome.ENDED, batch.read(), queued);
        }
        return Step.of(job, Outcome.CONTINUE, batch.read(), queued);
    }

    /** The batch rolled back; counted here, and the job fails after too many in a row. */
    private Step failed(KeycloakSession session, String jobId, String token, RuntimeException e) {
        SyncJobStore store = new SyncJobStore(session);
        SyncJobEntity job = store.lock(jobId).orElse(null);
        if (job == null || !token.equals(job.getLeaseToken()) || !job.getState().active()) {
            return Step.LOST;
        }
        SyncJobStore.failed(job, e.getClass().getSimpleName() + ": " + e.getMessage());
        job.setLeaseUntil(Time.currentTimeMillis() + settings.leaseMillis());
        if (job.getFailures() >= settings.maxFailures()) {
            store.finish(job, SyncState.FAILED, null);
            return Step.of(job, Outcome.ENDED, 0, 0);
        }
        return Step.of(job, Outcome.CONTINUE, 0, 0);
    }

    /** Progress in the console's list of targets, in a transaction of its own; a failure here never stops the job. */
    private void writeStatus(Step step) {
        if (step.outcome() == Outcome.LOST) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(step.realmId());
                Optional<ProvisioningTarget> target = realm == null ? Optional.empty() : RealmTargets.byId(realm, step.targetId());
                target.ifPresent(t -> SyncStatusNote.write(session, realm, t, step.state(), step.read(), step.queued(),
                        step.total(), step.error()));
            });
        } catch (RuntimeException e) {
            LOG.debugf("Gatehouse full sync: could not write the target's status: %s", e.toString());
        }
    }

    private Step inTransaction(org.keycloak.models.KeycloakSessionTaskWithResult<Step> step) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, step);
    }

    private static String nodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        // A restarted node is a new holder: it must not think the lease of its previous life its own.
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
