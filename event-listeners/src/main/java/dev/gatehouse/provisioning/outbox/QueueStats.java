package dev.gatehouse.provisioning.outbox;

/** A queue's size: pending rows, dead letters, and when the oldest pending row was written (0: none). */
public record QueueStats(long pending, long deadLetters, long oldestPendingCreatedAt) {

    public static final QueueStats EMPTY = new QueueStats(0, 0, 0);
}
