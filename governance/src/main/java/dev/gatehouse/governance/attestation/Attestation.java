package dev.gatehouse.governance.attestation;

import java.time.Instant;
import java.util.Optional;

/** A user's row of the staged path. */
public record Attestation(String userId, String policyId, AttestationState state, Optional<StageReason> reason,
                          Optional<Instant> roundAt, Optional<Instant> confirmedAt, Optional<String> answeredBy,
                          Optional<Instant> disabledAt) {

    static Attestation of(AttestationEntity e) {
        return new Attestation(e.getUserId(), e.getPolicyId(), AttestationState.valueOf(e.getState()),
                Optional.ofNullable(e.getReason()).map(StageReason::valueOf),
                instant(e.getRoundAt()), instant(e.getConfirmedAt()), Optional.ofNullable(e.getAnsweredBy()), instant(e.getDisabledAt()));
    }

    private static Optional<Instant> instant(Long millis) {
        return Optional.ofNullable(millis).map(Instant::ofEpochMilli);
    }

    /** Whether a link of round {@code round} (epoch ms) still has a question to answer. */
    public boolean awaits(long round) {
        return state == AttestationState.PENDING && reason.filter(r -> r == StageReason.ROUND).isPresent()
                && roundAt.map(Instant::toEpochMilli).filter(r -> r == round).isPresent();
    }
}
