package dev.gatehouse.events;

/**
 * The kinds of security decision Gatehouse reports (to a SIEM webhook as {@code security.<id>}). Every error code
 * Gatehouse puts on a Keycloak event belongs to exactly one kind ({@link GatehouseError}).
 */
public enum SecurityDecisionKind {
    /** A sign-in on which a policy applied completed its step-up (now, or earlier within the policy's duration). */
    STEP_UP_PASSED,
    /** A step-up refused the user (wrong or expired code, another person at the provider…). */
    STEP_UP_FAILED,
    /** A sign-in that nothing on its way in verified (or an impersonation) was refused before any token or assertion. */
    SIGN_IN_REFUSED,
    /** The session guard refused tokens on the token endpoint. */
    TOKEN_ACCESS_DENIED,
    /** An upstream account was linked to the user during their step-up. */
    IDENTITY_LINKED,
    /** An identity provider's group sync refused the whole login (bad username, too many groups, misconfigured). */
    IDP_LOGIN_REFUSED,
    /** An identity provider's group sync refused a group the provider may not place users in; the login went on. */
    IDP_GROUP_REFUSED,
    /** Gatehouse ended a session (an admin ending a policy's sessions): its LOGOUT event ({@code SessionEnded}). */
    SESSION_ENDED,
    /** A sponsor's link (extend access, confirm or revoke a user) was refused: forged, expired, replayed, not theirs. */
    GOVERNANCE_LINK_REFUSED,
    /** An admin created or updated a Gatehouse policy. */
    POLICY_CHANGED,
    /** A sponsor of external users was disabled or deleted: their users need a new sponsor. */
    SPONSOR_DEPARTED,
    /** An invitation link was refused (expired, revoked, already used, forged, or no longer redeemable). */
    INVITATION_REFUSED;

    /** The name in messages, e.g. {@code step_up_failed}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
