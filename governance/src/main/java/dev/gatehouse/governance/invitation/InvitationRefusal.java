package dev.gatehouse.governance.invitation;

import jakarta.ws.rs.core.Response;

/** Why an invitation cannot be created, resent or revoked; each with its HTTP status and message. */
public enum InvitationRefusal {
    INVALID_EMAIL(Response.Status.BAD_REQUEST, "expected a valid email address"),
    INTERNAL_ADDRESS(Response.Status.BAD_REQUEST,
            "an internal address: no enabled Gatehouse policy classifies it as external, and only external users are invited"),
    USER_DISABLED(Response.Status.CONFLICT, "a disabled user has this email address: enable them first or invite another address"),
    ALREADY_PENDING(Response.Status.CONFLICT, "this address already has a pending invitation: resend or revoke it"),
    BAD_DAYS(Response.Status.BAD_REQUEST, "days must be a whole number within the server's limits"),
    BAD_ACCESS_END(Response.Status.BAD_REQUEST, "accessEnd must be an ISO-8601 date or instant after the redemption deadline"),
    ACCESS_END_BEYOND_MAXIMUM(Response.Status.BAD_REQUEST, "accessEnd lies past what the invitee's policy allows"),
    NOT_PENDING(Response.Status.CONFLICT, "only a pending or expired invitation can be resent or revoked"),
    MAIL_FAILED(Response.Status.BAD_GATEWAY, "the invitation mail could not be sent (check the realm's email settings); nothing was saved");

    private final Response.Status status;
    private final String message;

    InvitationRefusal(Response.Status status, String message) {
        this.status = status;
        this.message = message;
    }

    public Response.Status status() {
        return status;
    }

    public String message() {
        return message;
    }
}
