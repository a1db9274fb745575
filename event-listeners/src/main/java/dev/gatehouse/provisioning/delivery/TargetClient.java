package dev.gatehouse.provisioning.delivery;

import dev.gatehouse.provisioning.outbox.ClaimedEntry;

/** Sends one outbox row to one target, outside any database transaction. Must be safe to call from many threads. */
public interface TargetClient {

    DeliveryOutcome deliver(ClaimedEntry entry);
}
