package dev.gatehouse.provisioning.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;

/**
 * Starts the deliveries of one claimed batch on the sender pool and gathers one outcome per row, without blocking
 * the caller. Rows of a target that takes several rows per request (SCIM Bulk) go in requests of up to that many;
 * the rows such a request leaves out, and the rows of every other target, go one request each. A batch holds at
 * most one row per user (the claim's rule), so no two rows of a request, or of the batch, are the same user's.
 */
final class BatchDispatch {

    /** How rows are sent; each method runs on a sender thread and reports failures as outcomes, never by throwing. */
    interface Rows {
        /** One row in a request of its own; null when its target is gone. */
        DeliveryOutcome one(ClaimedEntry entry);

        /** How many rows one request to this target carries at most; below 2: each row alone. May ask the target. */
        int rowsPerRequest(String targetId);

        /** Rows of one target in as few requests as it allows; rows without an outcome are sent alone next. */
        Map<ClaimedEntry, DeliveryOutcome> together(String targetId, List<ClaimedEntry> rows);
    }

    private final Rows rows;
    private final Executor senders;

    BatchDispatch(Rows rows, Executor senders) {
        this.rows = rows;
        this.senders = senders;
    }

    /** The outcome of every row of {@code batch}, once all are known (null values: the row's target is gone). */
    CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>> start(List<ClaimedEntry> batch) {
        Map<String, List<ClaimedEntry>> byTarget = new LinkedHashMap<>();
        batch.forEach(e -> byTarget.computeIfAbsent(e.targetId(), t -> new ArrayList<>()).add(e));
        List<CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>>> parts = new ArrayList<>();
        byTarget.forEach((target, entries) -> {
            if (entries.size() < 2) {
                parts.add(alone(entries));
            } else {
                parts.add(CompletableFuture.supplyAsync(() -> rows.rowsPerRequest(target), senders)
                        .exceptionally(failed -> 1)
                        .thenCompose(n -> n < 2 ? alone(entries) : together(target, entries, n)));
            }
        });
        return merged(parts);
    }

    private CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>> together(String target, List<ClaimedEntry> entries, int perRequest) {
        List<CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>>> parts = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += perRequest) {
            List<ClaimedEntry> chunk = List.copyOf(entries.subList(from, Math.min(entries.size(), from + perRequest)));
            parts.add(CompletableFuture.supplyAsync(() -> rows.together(target, chunk), senders).thenCompose(done -> {
                List<ClaimedEntry> left = chunk.stream().filter(e -> !done.containsKey(e)).toList();
                return left.isEmpty() ? CompletableFuture.completedFuture(done)
                        : merged(List.of(CompletableFuture.completedFuture(done), alone(left)));
            }));
        }
        return merged(parts);
    }

    private CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>> alone(List<ClaimedEntry> entries) {
        List<CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>>> parts = new ArrayList<>(entries.size());
        for (ClaimedEntry entry : entries) {
            parts.add(CompletableFuture.supplyAsync(() -> {
                Map<ClaimedEntry, DeliveryOutcome> one = new HashMap<>();
                one.put(entry, rows.one(entry));
                return one;
            }, senders));
        }
        return merged(parts);
    }

    private static CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>> merged(List<CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>>> parts) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(all -> {
            Map<ClaimedEntry, DeliveryOutcome> outcomes = new HashMap<>();
            parts.forEach(p -> outcomes.putAll(p.join()));
            return outcomes;
        });
    }
}
