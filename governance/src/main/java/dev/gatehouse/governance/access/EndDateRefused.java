package dev.gatehouse.governance.access;

/** An end date that may not be set: past the policy's maximum, in the past, or for a user no policy governs. */
public final class EndDateRefused extends RuntimeException {

    private final Reason reason;

    public EndDateRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public enum Reason {
        BEYOND_MAXIMUM, IN_THE_PAST, NOT_GOVERNED, NOT_A_MEMBER
    }
}
