package dev.gatehouse.provisioning.quarantine;

/**
 * The calls one delivery round made to one target: attempted deliveries, how many failed in a way that says the
 * target is unwell (5xx, 429, timeouts, unreachable, token endpoint errors), and the last such failure's reason.
 * Rows that were not sent (the target was already known down in the round) are not calls.
 */
public record BatchCalls(int calls, int failures, String lastFailure) {

    public static final BatchCalls NONE = new BatchCalls(0, 0, null);

    /** One more call: a success when {@code failure} is null, else a failure for that reason. */
    public BatchCalls plus(String failure) {
        return failure == null ? new BatchCalls(calls + 1, failures, lastFailure) : new BatchCalls(calls + 1, failures + 1, failure);
    }

    public boolean anySucceeded() {
        return calls > failures;
    }
}
