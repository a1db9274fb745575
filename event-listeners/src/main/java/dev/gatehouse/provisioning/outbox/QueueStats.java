package dev.gatehouse.provisioning.outbox;

/**
 * A queue's size: pending rows, dead letters, when the oldest pending row was written (0: none), and when the
 * earliest pending row is next tried (0: none; unknown for the totals).
 */
public record QueueStats(long pending, long deadLetters, long oldestPendingCreatedAt, long nextAttemptAt) {

    public static final QueueStats EMPTY = new QueueStats(0, 0, 0, 0);
}
