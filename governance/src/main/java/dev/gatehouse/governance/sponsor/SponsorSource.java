package dev.gatehouse.governance.sponsor;

/** How a sponsorship came about. */
public enum SponsorSource {
    /** An admin set it (admin REST). */
    ADMIN,
    /** The sponsor invited the user, who redeemed the invitation. */
    INVITER,
    /** The sponsor rule: the user's {@code sponsor} attribute named an internal user. */
    RULE
}
