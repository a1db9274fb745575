package dev.gatehouse.governance.invitation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One invitation of an email address. Stored status is PENDING, REDEEMED or REVOKED; EXPIRED is a PENDING
 * invitation past its deadline (so nothing has to run at the deadline).
 */
@Entity
@Table(name = "GATEHOUSE_INVITATION")
public class InvitationEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Lower case. */
    @Column(name = "EMAIL", length = 255, nullable = false)
    private String email;

    @Column(name = "FIRST_NAME", length = 255)
    private String firstName;

    @Column(name = "LAST_NAME", length = 255)
    private String lastName;

    /** The internal user who answers for the invitee: recorded as their sponsor on redemption. */
    @Column(name = "SPONSOR_ID", length = 36, nullable = false)
    private String sponsorId;

    /** Who created it: an admin's or the sponsor's user id. */
    @Column(name = "INVITED_BY", length = 36)
    private String invitedBy;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** Redemption deadline, epoch seconds (Keycloak time). */
    @Column(name = "DEADLINE", nullable = false)
    private long deadline;

    /** The end of access the inviter asked for, epoch millis; applied at redemption. */
    @Column(name = "ACCESS_END")
    private Long accessEnd;

    /** Id of the one link that is valid now: a resend replaces it, so an older mail's link is refused. */
    @Column(name = "TOKEN_ID", length = 36, nullable = false)
    private String tokenId;

    @Column(name = "SENT_AT", nullable = false)
    private long sentAt;

    @Column(name = "SEND_COUNT", nullable = false)
    private int sendCount;

    /** The user the link is bound to: an existing user with this email, or the id the new user will get. */
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "REDEEMED_AT")
    private Long redeemedAt;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "REVOKED_BY", length = 36)
    private String revokedBy;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getFirstName() { return firstName; }
    public void setFirstName(String firstName) { this.firstName = firstName; }
    public String getLastName() { return lastName; }
    public void setLastName(String lastName) { this.lastName = lastName; }
    public String getSponsorId() { return sponsorId; }
    public void setSponsorId(String sponsorId) { this.sponsorId = sponsorId; }
    public String getInvitedBy() { return invitedBy; }
    public void setInvitedBy(String invitedBy) { this.invitedBy = invitedBy; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getDeadline() { return deadline; }
    public void setDeadline(long deadline) { this.deadline = deadline; }
    public Long getAccessEnd() { return accessEnd; }
    public void setAccessEnd(Long accessEnd) { this.accessEnd = accessEnd; }
    public String getTokenId() { return tokenId; }
    public void setTokenId(String tokenId) { this.tokenId = tokenId; }
    public long getSentAt() { return sentAt; }
    public void setSentAt(long sentAt) { this.sentAt = sentAt; }
    public int getSendCount() { return sendCount; }
    public void setSendCount(int sendCount) { this.sendCount = sendCount; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public Long getRedeemedAt() { return redeemedAt; }
    public void setRedeemedAt(Long redeemedAt) { this.redeemedAt = redeemedAt; }
    public Long getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Long revokedAt) { this.revokedAt = revokedAt; }
    public String getRevokedBy() { return revokedBy; }
    public void setRevokedBy(String revokedBy) { this.revokedBy = revokedBy; }
}
