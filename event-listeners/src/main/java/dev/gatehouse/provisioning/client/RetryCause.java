package dev.gatehouse.provisioning.client;

/**
 * Why a delivery is worth trying again, as the worker acts on it: whether the target as a whole is down (the
 * batch's other rows for it wait unsent and the row is never dead-lettered) and whether a call was made (it counts
 * towards the target's health and quarantine).
 */
public enum RetryCause {
    /** The target answered 5xx, 429, 408 or 425, or with JSON it could not read: this row may pass later. */
    TARGET_ERROR(false, true),
    /** The client failed unexpectedly on this row. */
    DELIVERY_FAILED(false, true),
    /** No answer: refused connection, timeout, unknown host, or an address the server's policy refuses. */
    UNREACHABLE(true, true),
    /** The target refused Gatehouse's credentials (401, 403; a receiver's {@code authentication_failed}, {@code access_denied}). */
    CREDENTIALS_REFUSED(true, true),
    /** The OAuth token endpoint refused or failed: no access token to call with. */
    NO_ACCESS_TOKEN(true, true),
    /** A Shared Signals receiver set up for another stream ({@code invalid_issuer}, {@code invalid_audience}). */
    RECEIVER_MISMATCH(true, true),
    /** The target's secret is missing from the vault: nothing is sent until it is there (looked at again after a pause). */
    NOT_CONFIGURED(true, false),
    /** The target is disabled: its rows wait, never looked at, until enabling it makes them due. */
    DISABLED(true, false),
    /** Another row of the batch found the target down; this one was not sent. */
    NOT_SENT(true, false);

    private final boolean targetDown;
    private final boolean called;

    RetryCause(boolean targetDown, boolean called) {
        this.targetDown = targetDown;
        this.called = called;
    }

    /** The target cannot take any row now: its other rows of the batch wait, and this row waits without giving up. */
    public boolean targetDown() {
        return targetDown;
    }

    /**
     * The target cannot send at all, whatever the row: its whole queue waits in one statement (not row by row) and
     * the cause stays with each row of the batch.
     */
    public boolean queueWaits() {
        return this == NOT_CONFIGURED || this == DISABLED;
    }

    /** A call went to the target (counts towards its health); false for rows held back without a call. */
    public boolean called() {
        return called;
    }
}
