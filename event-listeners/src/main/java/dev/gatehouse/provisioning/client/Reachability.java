package dev.gatehouse.provisioning.client;

/**
 * The answer of a target's connection test (the admin endpoint, and the test a save runs): reachable with what it
 * supports, or not with the reason (status, host or token endpoint; never a secret).
 */
public sealed interface Reachability {

    /** {@code features}: what a SCIM service provider says it supports; null for the other kinds. */
    record Reachable(Features features) implements Reachability {
    }

    record Unreachable(String reason) implements Reachability {
    }

    /** From {@code /ServiceProviderConfig}: PATCH, filtering, Bulk. */
    record Features(boolean patch, boolean filter, boolean bulk) {
    }

    /** A test delivery's outcome as an answer: delivered means reachable. */
    static Reachability of(DeliveryOutcome outcome) {
        return outcome instanceof DeliveryOutcome.Delivered ? new Reachable(null) : new Unreachable(outcome.describe());
    }
}
