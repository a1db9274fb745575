package dev.gatehouse.provisioning.sync;

import java.util.Optional;
import java.util.function.Function;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;

/**
 * Full-sync and preview jobs as the admin API uses them, per session: start one (or be handed the target's active
 * one of that kind), read a job's progress, ask one to stop. Syncs run on whichever node's {@link SyncWorker} takes
 * their lease, previews on whichever node's {@link PreviewWorker} does.
 */
public final class SyncJobs implements Provider {

    private final KeycloakSession session;
    private final Runnable wakeSyncWorker;
    private final Runnable wakePreviewWorker;

    SyncJobs(KeycloakSession session, Runnable wakeSyncWorker, Runnable wakePreviewWorker) {
        this.session = session;
        this.wakeSyncWorker = wakeSyncWorker;
        this.wakePreviewWorker = wakePreviewWorker;
    }

    public static SyncJobs of(KeycloakSession session) {
        return session.getProvider(SyncJobs.class);
    }

    /** A started job, or the target's active job of that kind when it had one ({@code created} false). */
    public record Start<J>(J job, boolean created) {
    }

    /** Starts a full sync of the target (see {@link #start(String, String, JobKind, Function)}). */
    public Start<SyncJobRepresentation> start(String realmId, String targetId) {
        return start(realmId, targetId, JobKind.SYNC, SyncJobRepresentation::of);
    }

    /** Starts a preview of the target, beside any full sync of it. */
    public Start<PreviewJobRepresentation> startPreview(String realmId, String targetId) {
        return start(realmId, targetId, JobKind.PREVIEW, PreviewJobRepresentation::of);
    }

    /**
     * Stores a queued job, committed before this returns so any node can take it, and wakes this node's worker of
     * that kind. Two requests racing for one target: the unique active column lets one insert win, the other is
     * handed the winner's job.
     */
    private <J> Start<J> start(String realmId, String targetId, JobKind kind, Function<SyncJobEntity, J> view) {
        for (int attempt = 0; ; attempt++) {
            try {
                Start<J> started = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                    SyncJobStore.Started stored = new SyncJobStore(s).start(realmId, targetId, kind);
                    return new Start<>(view.apply(stored.job()), stored.created());
                });
                if (started.created()) {
                    (kind == JobKind.SYNC ? wakeSyncWorker : wakePreviewWorker).run();
                }
                return started;
            } catch (RuntimeException e) {
                if (attempt > 0 || !SyncJobStore.isConflict(e)) {
                    throw e;
                }
            }
        }
    }

    /** The full sync, if it is one of this target's. */
    public Optional<SyncJobRepresentation> find(String targetId, String jobId) {
        return new SyncJobStore(session).find(jobId, JobKind.SYNC).filter(j -> j.getTargetId().equals(targetId))
                .map(SyncJobRepresentation::of);
    }

    /** The preview, if it is one of this target's. */
    public Optional<PreviewJobRepresentation> findPreview(String targetId, String jobId) {
        return new SyncJobStore(session).find(jobId, JobKind.PREVIEW).filter(j -> j.getTargetId().equals(targetId))
                .map(PreviewJobRepresentation::of);
    }

    /** The target's newest full sync. */
    public Optional<SyncJobRepresentation> latest(String targetId) {
        return new SyncJobStore(session).latest(targetId, JobKind.SYNC).map(SyncJobRepresentation::of);
    }

    /** The target's queued or running full sync. */
    public Optional<SyncJobRepresentation> active(String targetId) {
        return new SyncJobStore(session).active(targetId, JobKind.SYNC).map(SyncJobRepresentation::of);
    }

    /**
     * Asks the full sync to stop (see {@link SyncJobStore#cancel}); empty when it is not this target's. A job that
     * has ended is returned as it is.
     */
    public Optional<SyncJobRepresentation> cancel(String targetId, String jobId) {
        return cancel(targetId, jobId, JobKind.SYNC).map(SyncJobRepresentation::of);
    }

    /** As {@link #cancel}, for a preview. */
    public Optional<PreviewJobRepresentation> cancelPreview(String targetId, String jobId) {
        return cancel(targetId, jobId, JobKind.PREVIEW).map(PreviewJobRepresentation::of);
    }

    private Optional<SyncJobEntity> cancel(String targetId, String jobId, JobKind kind) {
        SyncJobStore store = new SyncJobStore(session);
        return store.lock(jobId).filter(j -> j.getKind() == kind && j.getTargetId().equals(targetId)).map(job -> {
            if (job.getState().active()) {
                store.cancel(job);
            }
            return job;
        });
    }

    @Override
    public void close() {
    }
}
