package dev.gatehouse.governance.invitation;

import dev.gatehouse.events.GatehouseError;

/** Why an invitation link is refused: the event's error and the page's message (theme bundle key). */
enum LinkRefusal {
    /** Unknown invitation, or a token not bound to it (altered, forged, foreign). */
    INVALID(GatehouseError.INVITATION_INVALID, "gatehouseInvitationInvalid"),
    EXPIRED(GatehouseError.INVITATION_EXPIRED, "gatehouseInvitationExpired"),
    REVOKED(GatehouseError.INVITATION_REVOKED, "gatehouseInvitationRevoked"),
    REDEEMED(GatehouseError.INVITATION_ALREADY_REDEEMED, "gatehouseInvitationRedeemed"),
    /** A newer mail was sent for the same invitation: only its link works. */
    SUPERSEDED(GatehouseError.INVITATION_SUPERSEDED, "gatehouseInvitationSuperseded"),
    /** The sponsor left, the address is no longer external, or another account took the address. */
    NOT_REDEEMABLE(GatehouseError.INVITATION_NOT_REDEEMABLE, "gatehouseInvitationNotRedeemable");

    private final GatehouseError error;
    private final String message;

    LinkRefusal(GatehouseError error, String message) {
        this.error = error;
        this.message = message;
    }

    GatehouseError error() {
        return error;
    }

    String message() {
        return message;
    }
}
