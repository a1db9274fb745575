package dev.gatehouse.provisioning.sync;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;

/**
 * Full-sync jobs as the admin API uses them, per session: start one (or be handed the target's running one),
 * read a job's progress, ask one to stop. The jobs run on whichever node's {@link SyncWorker} takes their lease.
 */
public final class SyncJobs implements Provider {

    private final KeycloakSession session;
    private final Runnable wakeWorker;

    SyncJobs(KeycloakSession session, Runnable wakeWorker) {
        this.session = session;
        this.wakeWorker = wakeWorker;
    }

    public static SyncJobs of(KeycloakSession session) {
        return session.getProvider(SyncJobs.class);
    }

    /** A started job, or the target's active job when it had one ({@code created} false). */
    public record Start(SyncJobRepresentation job, boolean created) {
    }

    /**
     * Stores a queued job for the target, committed before this returns so any node can take it, and wakes this
     * node's worker. Two requests racing for one target: the unique active-target column lets one insert win, the
     * other is handed the winner's job.
     */
    public Start start(String realmId, String targetId) {
        for (int attempt = 0; ; attempt++) {
            try {
                Start started = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                    SyncJobStore.Started stored = new SyncJobStore(s).start(realmId, targetId);
                    return new Start(SyncJobRepresentation.of(stored.job()), stored.created());
                });
                if (started.created()) {
                    wakeWorker.run();
                }
                return started;
            } catch (RuntimeException e) {
                if (attempt > 0 || !SyncJobStore.isConflict(e)) {
                    throw e;
                }
            }
        }
    }

    /** The job, if it is one of this target's. */
    public Optional<SyncJobRepresentation> find(String targetId, String jobId) {
        return new SyncJobStore(session).find(jobId).filter(j -> j.getTargetId().equals(targetId)).map(SyncJobRepresentation::of);
    }

    /** The target's newest job. */
    public Optional<SyncJobRepresentation> latest(String targetId) {
        return new SyncJobStore(session).latest(targetId).map(SyncJobRepresentation::of);
    }

    /** The target's queued or running job. */
    public Optional<SyncJobRepresentation> active(String targetId) {
        return new SyncJobStore(session).active(targetId).map(SyncJobRepresentation::of);
    }

    /**
     * Asks the job to stop (see {@link SyncJobStore#cancel}); empty when it is not this target's. A job that has
     * ended is returned as it is.
     */
    public Optional<SyncJobRepresentation> cancel(String targetId, String jobId) {
        SyncJobStore store = new SyncJobStore(session);
        return store.lock(jobId).filter(j -> j.getTargetId().equals(targetId)).map(job -> {
            if (job.getState().active()) {
                store.cancel(job);
            }
            return SyncJobRepresentation.of(job);
        });
    }

    @Override
    public void close() {
    }
}
