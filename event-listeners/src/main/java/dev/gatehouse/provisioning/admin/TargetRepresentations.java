package dev.gatehouse.provisioning.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.keycloak.common.util.Time;

import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.outbox.OutboxEntryEntity;
import dev.gatehouse.provisioning.outbox.QueueStats;
import dev.gatehouse.provisioning.quarantine.TargetHealth;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * The answers of {@code /admin/realms/{realm}/gatehouse-provisioning}, one record each, in the JSON documented in
 * docs/provisioning.md. Fields that may be null are written as null (never left out), as clients have read them.
 */
public final class TargetRepresentations {

    private TargetRepresentations() {
    }

    /**
     * A row of {@code GET …/targets}: the target, its queue and its quarantine. {@code nextAttemptAt}: when the
     * worker next looks at the target's earliest pending row (epoch ms, Keycloak's clock; null without pending rows,
     * or when every pending row waits for the disabled target to be enabled: {@code waitsUntilEnabled}).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Target(String id, String name, String kind, boolean enabled, long pending, long deadLetters,
                  long oldestPendingAgeSeconds, String lastError, boolean quarantined, Long quarantinedSince,
                  String quarantineReason, Long nextProbeAt, Long nextAttemptAt, boolean waitsUntilEnabled) {

        static Target of(ProvisioningTarget t, QueueStats s, String lastError, TargetHealth health) {
            boolean untilEnabled = s.pending() > 0 && s.nextAttemptAt() == Outbox.UNTIL_ENABLED;
            return new Target(t.id(), t.name(), t.kind().name().toLowerCase(), t.enabled(), s.pending(), s.deadLetters(),
                    s.oldestPendingCreatedAt() == 0 ? 0 : Math.max(0, (Time.currentTimeMillis() - s.oldestPendingCreatedAt()) / 1000),
                    s.pending() == 0 ? null : lastError, health != null,
                    health == null ? null : health.quarantinedSince(), health == null ? null : health.reason(),
                    health == null ? null : health.nextProbeAt(), s.pending() == 0 || untilEnabled ? null : s.nextAttemptAt(), untilEnabled);
        }
    }

    /** A dead letter: why it failed, never its payload. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetter(Long id, String type, String userId, int attempts, String reason, long createdAt) {

        static DeadLetter of(OutboxEntryEntity row) {
            return new DeadLetter(row.getId(), row.getType(), row.getSubject(), row.getAttempts(), row.getLastError(),
                    row.getCreatedAt());
        }
    }

    public record Requeued(int requeued, int dropped) {
    }

    public record Purged(int purged) {
    }

    public record Released(boolean released) {
    }
}
