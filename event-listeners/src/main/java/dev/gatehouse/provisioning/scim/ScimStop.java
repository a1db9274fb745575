package dev.gatehouse.provisioning.scim;

import dev.gatehouse.provisioning.client.DeliveryOutcome;

/** A SCIM call, or the token for it, failed in a way that ends the delivery (or the test, or the preview) with {@link #outcome}. */
final class ScimStop extends Exception {

    private final transient DeliveryOutcome outcome;

    ScimStop(DeliveryOutcome outcome) {
        super(null, null, false, false);
        this.outcome = outcome;
    }

    DeliveryOutcome outcome() {
        return outcome;
    }
}
