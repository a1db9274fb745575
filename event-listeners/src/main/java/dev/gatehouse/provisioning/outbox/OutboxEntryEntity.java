package dev.gatehouse.provisioning.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One change waiting for one target. Written in the transaction of the change itself; removed once delivered.
 * The id grows with insertion, which gives each user's changes their order. A worker claims a row by writing a
 * lease (claim token and expiry) with a conditional UPDATE, so a row is handed to one worker at a time across the
 * cluster; a lease that runs out (node died mid-delivery) makes the row claimable again.
 */
@Entity(name = "GatehouseOutboxEntry")
@Table(name = "GH_PROV_OUTBOX")
public class OutboxEntryEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "ID")
    private Long id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "TARGET_ID", nullable = false, length = 36)
    private String targetId;

    /** The user the change is about: the unit of ordering. */
    @Column(name = "SUBJECT", nullable = false, length = 255)
    private String subject;

    @Column(name = "TYPE", nullable = false, length = 64)
    private String type;

    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    @Column(name = "STATUS", nullable = false, length = 16)
    private String status;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "LEASE_TOKEN", length = 36)
    private String leaseToken;

    @Column(name = "LEASE_UNTIL")
    private Long leaseUntil;

    @Column(name = "LAST_ERROR", length = 1024)
    private String lastError;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** Random, set when the row is written: the webhook-id, unique across database restores; null on older rows. */
    @Column(name = "MESSAGE_ID", length = 36)
    private String messageId;

    public Long getId() { return id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getTargetId() { return targetId; }
    public void setTargetId(String targetId) { this.targetId = targetId; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getPayload() { return payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public long getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(long nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public String getLeaseToken() { return leaseToken; }
    public Long getLeaseUntil() { return leaseUntil; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getMessageId() { return messageId; }
    public void setMessageId(String messageId) { this.messageId = messageId; }
}
