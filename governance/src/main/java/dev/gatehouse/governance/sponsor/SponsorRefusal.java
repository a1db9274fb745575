package dev.gatehouse.governance.sponsor;

/** Why a sponsorship is refused; each with the message an admin or inviter is given. */
public enum SponsorRefusal {
    USER_NOT_FOUND("no such user in this realm"),
    USER_NOT_EXTERNAL("the user is not external under any enabled Gatehouse policy: only external users have sponsors"),
    SPONSOR_NOT_FOUND("no such sponsor in this realm"),
    SPONSOR_DISABLED("the sponsor is disabled"),
    SPONSOR_EXTERNAL("the sponsor is external under a Gatehouse policy: sponsors must be internal users"),
    SPONSOR_IS_SERVICE_ACCOUNT("a service account cannot sponsor anyone"),
    SELF("a user cannot sponsor themselves"),
    TOO_MANY("the user already has the maximum number of sponsors");

    private final String message;

    SponsorRefusal(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
