package dev.gatehouse.provisioning.quarantine;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A target's recent calls and its quarantine, one row per target in Keycloak's database, so every node of a
 * cluster decides and sees the same: written under a row lock by the node that recorded a round.
 */
@Entity(name = "GatehouseTargetHealth")
@Table(name = "GH_PROV_TARGET_HEALTH")
public class TargetHealthEntity {

    @Id
    @Column(name = "TARGET_ID", length = 36)
    private String targetId;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "WINDOW_START", nullable = false)
    private long windowStart;

    @Column(name = "CALLS", nullable = false)
    private int calls;

    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "PREV_CALLS", nullable = false)
    private int previousCalls;

    @Column(name = "PREV_FAILURES", nullable = false)
    private int previousFailures;

    @Column(name = "QUARANTINED_SINCE")
    private Long quarantinedSince;

    @Column(name = "QUARANTINE_REASON", length = 1024)
    private String reason;

    @Column(name = "NEXT_PROBE_AT")
    private Long nextProbeAt;

    public String getTargetId() { return targetId; }
    public void setTargetId(String targetId) { this.targetId = targetId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public Long getQuarantinedSince() { return quarantinedSince; }
    public String getReason() { return reason; }
    public Long getNextProbeAt() { return nextProbeAt; }

    public TargetHealth toHealth() {
        return new TargetHealth(windowStart, calls, failures, previousCalls, previousFailures, quarantinedSince, reason, nextProbeAt);
    }

    public void apply(TargetHealth health) {
        windowStart = health.windowStart();
        calls = health.calls();
        failures = health.failures();
        previousCalls = health.previousCalls();
        previousFailures = health.previousFailures();
        quarantinedSince = health.quarantinedSince();
        reason = health.reason() == null || health.reason().length() <= 1000 ? health.reason() : health.reason().substring(0, 1000);
        nextProbeAt = health.nextProbeAt();
    }
}
