package dev.gatehouse.governance.sponsor;

/** A sponsorship that may not be recorded, and why. */
public final class SponsorRefusedException extends RuntimeException {

    private final SponsorRefusal refusal;

    public SponsorRefusedException(SponsorRefusal refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    public SponsorRefusedException(SponsorRefusal refusal, String detail) {
        super(refusal.message() + ": " + detail);
        this.refusal = refusal;
    }

    public SponsorRefusal refusal() {
        return refusal;
    }
}
