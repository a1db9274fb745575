package dev.gatehouse.provisioning.quarantine;

/**
 * The calls one delivery round made to one target: attempted deliveries, how many failed in a way that says the
 * target is unwell (5xx, 429, timeouts, unreachable, token endpoint errors), and the last such failure's reason.
 * Rows that were not sent (the target was already known down in the round) are not calls.
 */
public record BatchCalls(int calls, int failures, String lastFailure) {

    public boolean anySucceeded() {
        return calls > failures;
    }
}
