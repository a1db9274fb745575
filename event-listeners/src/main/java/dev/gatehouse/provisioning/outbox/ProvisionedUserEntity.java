package dev.gatehouse.provisioning.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user enrolled at a target: created when the first change for them is queued (first login, registration,
 * admin create), completed with the target's id for the user and the groups Gatehouse put them in once
 * delivered. Later changes go only to targets the user is enrolled at, and only the groups recorded here are
 * ever removed at the target.
 */
@Entity(name = "GatehouseProvisionedUser")
@Table(name = "GH_PROV_USER")
public class ProvisionedUserEntity {

    @Id
    @Column(name = "ID", length = 300)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "TARGET_ID", nullable = false, length = 36)
    private String targetId;

    @Column(name = "USER_ID", nullable = false, length = 255)
    private String userId;

    @Column(name = "REMOTE_ID", length = 255)
    private String remoteId;

    /** Group names Gatehouse made the user a member of at the target, one per line. */
    @Column(name = "GROUP_NAMES")
    private String groups;

    @Column(name = "ENROLLED_AT", nullable = false)
    private long enrolledAt;

    public static String idOf(String targetId, String userId) {
        return targetId + ":" + userId;
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getTargetId() { return targetId; }
    public void setTargetId(String targetId) { this.targetId = targetId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getRemoteId() { return remoteId; }
    public void setRemoteId(String remoteId) { this.remoteId = remoteId; }
    public String getGroups() { return groups; }
    public void setGroups(String groups) { this.groups = groups; }
    public long getEnrolledAt() { return enrolledAt; }
    public void setEnrolledAt(long enrolledAt) { this.enrolledAt = enrolledAt; }
}
