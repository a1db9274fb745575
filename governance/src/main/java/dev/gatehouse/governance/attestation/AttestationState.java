package dev.gatehouse.governance.attestation;

/** Where a user stands on the staged path. */
public enum AttestationState {
    /** Sponsors were asked (or a required sponsor is missing); the grace period runs. */
    PENDING,
    /** Confirmed in the last round (or re-enabled by an admin): the next round is due an interval later. */
    CONFIRMED,
    /** Disabled by governance (unanswered, revoked, no sponsor); deleted after the deletion grace unless re-enabled. */
    DISABLED
}
