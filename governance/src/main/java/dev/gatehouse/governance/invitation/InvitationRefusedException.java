package dev.gatehouse.governance.invitation;

/** An invitation request that is refused, and why. */
public final class InvitationRefusedException extends RuntimeException {

    private final InvitationRefusal refusal;

    public InvitationRefusedException(InvitationRefusal refusal) {
        this(refusal, null);
    }

    public InvitationRefusedException(InvitationRefusal refusal, String detail) {
        super(detail == null ? refusal.message() : refusal.message() + " (" + detail + ")");
        this.refusal = refusal;
    }

    public InvitationRefusal refusal() {
        return refusal;
    }
}
