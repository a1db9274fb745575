package dev.gatehouse.provisioning.sync;

/**
 * A full-sync job as the admin REST API shows it. Times are epoch milliseconds; {@code totalEstimate} is the
 * realm's user count when the job started (users added meanwhile are read too); {@code node} holds the job's
 * lease while it runs.
 */
public record SyncJobRepresentation(String jobId, String targetId, SyncState state, boolean cancelRequested, long usersRead,
                                    long usersQueued, Long totalEstimate, long createdAt, Long startedAt, long updatedAt,
                                    Long finishedAt, String node, String lastError) {

    static SyncJobRepresentation of(SyncJobEntity job) {
        return new SyncJobRepresentation(job.getId(), job.getTargetId(), job.getState(), job.isCancelRequested(),
                job.getUsersRead(), job.getUsersQueued(), job.getTotalEstimate(), job.getCreatedAt(), job.getStartedAt(),
                job.getUpdatedAt(), job.getFinishedAt(), job.getState().active() ? job.getLeaseNode() : null, job.getLastError());
    }
}
