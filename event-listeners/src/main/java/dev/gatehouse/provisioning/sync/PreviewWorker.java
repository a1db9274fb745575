package dev.gatehouse.provisioning.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTaskWithResult;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.clients.TargetClients;
import dev.gatehouse.provisioning.scim.ScimClient;
import dev.gatehouse.provisioning.scim.ScimPreview;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * This node's preview worker, a thread of its own beside the full sync's so a preview never waits for a long sync.
 * A job is run by the node whose conditional UPDATE took its lease, as a sync is. A preview only reads, so it keeps
 * its state in memory: the target's users and groups (one listing, outside any transaction, as the synchronous
 * preview holds them), then Keycloak's users in keyset batches, one transaction each that locks the job row,
 * checks the lease is still this run's, feeds the batch to the preview, counts it and renews the lease. A node
 * that takes a preview over (its lease ran out) starts it from the beginning. A cancel is seen at the next batch;
 * a failed batch fails the job (the preview in memory may hold half of it).
 */
final class PreviewWorker {

    private static final Logger LOG = Logger.getLogger(PreviewWorker.class);
    /** Per call to the target, as the synchronous preview. */
    private static final int TIMEOUT_MILLIS = 30_000;
    static final String NOT_SCIM = "A preview needs a SCIM target with its secret in the vault.";
    private static final String GONE = "The target (or its realm) was deleted, or its configuration is invalid.";

    private final KeycloakSessionFactory factory;
    private final SyncSettings settings;
    private final String node;
    private final JobLoop loop;
    private final PreviewMetrics metrics = PreviewMetrics.register();

    PreviewWorker(KeycloakSessionFactory factory, SyncSettings settings, String node) {
        this.factory = factory;
        this.settings = settings;
        this.node = node;
        this.loop = new JobLoop(factory, settings, this.node, JobKind.PREVIEW, "gatehouse-provisioning-preview", this::run);
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

    /** After a step: where the run is, the job's state and count, and the username to read after next. */
    private record Step(Outcome outcome, SyncState state, long read, String cursor) {
        static final Step LOST = new Step(Outcome.LOST, null, 0, null);

        static Step of(SyncJobEntity job, Outcome outcome, String cursor) {
            return new Step(outcome, job.getState(), job.getUsersRead(), cursor);
        }
    }

    private void run(String jobId, String token) {
        ScimClient[] client = new ScimClient[1];
        Step step = inTransaction(session -> begin(session, jobId, token, client));
        if (step.outcome() != Outcome.CONTINUE) {
            metrics.ended(step.state());
            return;
        }
        LOG.infof("Gatehouse preview %s runs on node %s", jobId, node);
        metrics.started();
        try {
            // The target's listing may take long: outside any transaction, the lease renewed right after it.
            ScimPreview preview = client[0].preview();
            step = inTransaction(session -> listed(session, jobId, token, preview));
            while (step.outcome() == Outcome.CONTINUE && !Thread.currentThread().isInterrupted()) {
                String after = step.cursor();
                long before = step.read();
                step = inTransaction(session -> batch(session, jobId, token, preview, after));
                metrics.batch(step.read() - before);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Gatehouse preview %s failed: %s", jobId, e.toString());
            step = inTransaction(session -> failed(session, jobId, token, e));
        } finally {
            metrics.ended(step.outcome() == Outcome.ENDED ? step.state() : null);
        }
        if (step.outcome() == Outcome.ENDED) {
            LOG.infof("Gatehouse preview %s %s: %d users read", jobId, step.state().wireName(), step.read());
        } else if (step.outcome() == Outcome.LOST) {
            LOG.infof("Gatehouse preview %s: node %s lost its lease; the node that took it starts it again", jobId, node);
        }
    }

    /** Marks the job running, from the beginning (a preview taken over reads everything again), and builds its client. */
    private Step begin(KeycloakSession session, String jobId, String token, ScimClient[] client) {
        SyncJobStore store = new SyncJobStore(session);
        SyncJobEntity job = held(store, jobId, token);
        if (job == null) {
            return Step.LOST;
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        Optional<ProvisioningTarget> target = realm == null ? Optional.empty() : RealmTargets.byId(realm, job.getTargetId());
        Optional<ScimClient> scim = target.flatMap(t -> TargetClients.scim(session, realm, t, TIMEOUT_MILLIS));
        if (target.isEmpty() || scim.isEmpty() || job.isCancelRequested()) {
            store.finish(job, job.isCancelRequested() ? SyncState.CANCELLED : SyncState.FAILED,
                    job.isCancelRequested() ? null : target.isEmpty() ? GONE : NOT_SCIM);
            return Step.of(job, Outcome.ENDED, null);
        }
        long now = Time.currentTimeMillis();
        job.setState(SyncState.RUNNING);
        if (job.getStartedAt() == null) {
            job.setStartedAt(now);
        }
        job.setUsersRead(0);
        job.setTotalEstimate(new UserBatches(session, realm).count());
        job.setUpdatedAt(now);
        client[0] = scim.get();
        return Step.of(job, Outcome.CONTINUE, null);
    }

    /** The target was read: fails the job if it could not be, else renews the lease before the first batch. */
    private Step listed(KeycloakSession session, String jobId, String token, ScimPreview preview) {
        SyncJobStore store = new SyncJobStore(session);
        SyncJobEntity job = held(store, jobId, token);
        if (job == null) {
            return Step.LOST;
        }
        if (job.isCancelRequested() || !preview.reachable()) {
            store.finish(job, job.isCancelRequested() ? SyncState.CANCELLED : SyncState.FAILED,
                    job.isCancelRequested() ? null : "The target's users could not be read: " + preview.failure());
            return Step.of(job, Outcome.ENDED, null);
        }
        renew(job);
        return Step.of(job, Outcome.CONTINUE, null);
    }

    private Step batch(KeycloakSession session, String jobId, String token, ScimPreview preview, String after) {
        SyncJobStore store = new SyncJobStore(session);
        SyncJobEntity job = held(store, jobId, token);
        if (job == null) {
            return Step.LOST;
        }
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        Optional<ProvisioningTarget> target = realm == null ? Optional.empty() : RealmTargets.byId(realm, job.getTargetId());
        if (target.isEmpty() || job.isCancelRequested()) {
            store.finish(job, target.isEmpty() ? SyncState.FAILED : SyncState.CANCELLED, target.isEmpty() ? GONE : null);
            return Step.of(job, Outcome.ENDED, null);
        }
        UserBatches.Batch batch = SyncPreview.batch(session, realm, target.get(), after, preview);
        job.setUsersRead(job.getUsersRead() + batch.read());
        renew(job);
        if (batch.read() < SyncPreview.BATCH) {
            job.setResult(json(preview));
            store.finish(job, SyncState.DONE, null);
            return Step.of(job, Outcome.ENDED, null);
        }
        return Step.of(job, Outcome.CONTINUE, batch.last());
    }

    /** Something failed mid-run: the preview in memory cannot be trusted, so the job ends failed with the reason. */
    private Step failed(KeycloakSession session, String jobId, String token, RuntimeException e) {
        SyncJobStore store = new SyncJobStore(session);
        SyncJobEntity job = held(store, jobId, token);
        if (job == null) {
            return Step.LOST;
        }
        store.finish(job, SyncState.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        return Step.of(job, Outcome.ENDED, null);
    }

    /** The job row, locked, if this run still holds it (another node took it, or it ended: null). */
    private static SyncJobEntity held(SyncJobStore store, String jobId, String token) {
        SyncJobEntity job = store.lock(jobId).orElse(null);
        return job == null || !token.equals(job.getLeaseToken()) || !job.getState().active() ? null : job;
    }

    private void renew(SyncJobEntity job) {
        long now = Time.currentTimeMillis();
        job.setUpdatedAt(now);
        job.setLeaseUntil(now + settings.leaseMillis());
    }

    private static String json(ScimPreview preview) {
        try {
            return JsonSerialization.writeValueAsString(preview.result());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Step inTransaction(KeycloakSessionTaskWithResult<Step> step) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, step);
    }
}
