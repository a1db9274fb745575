package dev.gatehouse.governance.attestation;

import java.util.Locale;

/** Why a user is pending or was disabled. */
public enum StageReason {
    /** An attestation round asked the user's sponsors. */
    ROUND,
    /** The policy requires a sponsor and the user has none who may vouch. */
    NO_SPONSOR,
    /** Nobody answered within the grace period. */
    UNANSWERED,
    /** A sponsor revoked the user. */
    REVOKED;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
