package dev.gatehouse.provisioning.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One full-sync job (or, {@link JobKind#PREVIEW}, one preview job) of one target. The node running it holds a lease (node, token, until) renewed with every
 * batch; the cursor is the username of the last user read, committed with that batch's outbox rows, so whichever node
 * takes over after the lease ran out goes on from there and never queues a batch twice.
 */
@Entity(name = "GatehouseSyncJob")
@Table(name = "GH_PROV_SYNC_JOB")
public class SyncJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "TARGET_ID", nullable = false, length = 36)
    private String targetId;

    /** The target id while queued or running, else null: unique, so a second active job of a target cannot be stored. */
    @Column(name = "ACTIVE_TARGET", length = 36)
    private String activeTarget;

    /** A full sync or a preview (changeSet 2; rows from before it are syncs). */
    @Enumerated(EnumType.STRING)
    @Column(name = "KIND", nullable = false, length = 16)
    private JobKind kind = JobKind.SYNC;

    /** A preview's ACTIVE_TARGET: the target id while the preview is queued or running, else null; unique. */
    @Column(name = "ACTIVE_PREVIEW", length = 36)
    private String activePreview;

    /** A finished preview's answer, as JSON. */
    @Column(name = "RESULT")
    private String result;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private SyncState state;

    @Column(name = "CANCEL_REQUESTED", nullable = false)
    private boolean cancelRequested;

    /** The username of the last user read (the realm's users are read in username order). */
    @Column(name = "CURSOR_USERNAME", length = 255)
    private String cursor;

    @Column(name = "USERS_READ", nullable = false)
    private long usersRead;

    @Column(name = "USERS_QUEUED", nullable = false)
    private long usersQueued;

    @Column(name = "TOTAL_ESTIMATE")
    private Long totalEstimate;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "STARTED_AT")
    private Long startedAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "FINISHED_AT")
    private Long finishedAt;

    @Column(name = "LEASE_NODE", length = 255)
    private String leaseNode;

    @Column(name = "LEASE_TOKEN", length = 36)
    private String leaseToken;

    @Column(name = "LEASE_UNTIL")
    private Long leaseUntil;

    /** Batches that failed in a row; reset by a batch that commits. */
    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "LAST_ERROR", length = 1024)
    private String lastError;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getTargetId() { return targetId; }
    public void setTargetId(String targetId) { this.targetId = targetId; }
    public String getActiveTarget() { return activeTarget; }
    public void setActiveTarget(String activeTarget) { this.activeTarget = activeTarget; }
    public JobKind getKind() { return kind; }
    public void setKind(JobKind kind) { this.kind = kind; }
    public String getActivePreview() { return activePreview; }
    public void setActivePreview(String activePreview) { this.activePreview = activePreview; }
    public String getResult() { return result; }
    public void setResult(String result) { this.result = result; }
    public SyncState getState() { return state; }
    public void setState(SyncState state) { this.state = state; }
    public boolean isCancelRequested() { return cancelRequested; }
    public void setCancelRequested(boolean cancelRequested) { this.cancelRequested = cancelRequested; }
    public String getCursor() { return cursor; }
    public void setCursor(String cursor) { this.cursor = cursor; }
    public long getUsersRead() { return usersRead; }
    public void setUsersRead(long usersRead) { this.usersRead = usersRead; }
    public long getUsersQueued() { return usersQueued; }
    public void setUsersQueued(long usersQueued) { this.usersQueued = usersQueued; }
    public Long getTotalEstimate() { return totalEstimate; }
    public void setTotalEstimate(Long totalEstimate) { this.totalEstimate = totalEstimate; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getStartedAt() { return startedAt; }
    public void setStartedAt(Long startedAt) { this.startedAt = startedAt; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
    public Long getFinishedAt() { return finishedAt; }
    public void setFinishedAt(Long finishedAt) { this.finishedAt = finishedAt; }
    public String getLeaseNode() { return leaseNode; }
    public void setLeaseNode(String leaseNode) { this.leaseNode = leaseNode; }
    public String getLeaseToken() { return leaseToken; }
    public void setLeaseToken(String leaseToken) { this.leaseToken = leaseToken; }
    public Long getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(Long leaseUntil) { this.leaseUntil = leaseUntil; }
    public int getFailures() { return failures; }
    public void setFailures(int failures) { this.failures = failures; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
}
