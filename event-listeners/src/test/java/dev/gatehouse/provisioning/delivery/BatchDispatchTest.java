package dev.gatehouse.provisioning.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;

class BatchDispatchTest {

    private final ExecutorService senders = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    private static ClaimedEntry row(long id, String target) {
        return new ClaimedEntry(id, "realm", target, "user-" + id, "user.updated", "{}", 0, 0, "lease", "m" + id, null, List.of());
    }

    /** Bulk target "bulk" takes 3 rows per request and leaves rows with an odd id to go alone; "plain" takes one. */
    private static class Recorded implements BatchDispatch.Rows {
        final List<List<Long>> together = Collections.synchronizedList(new ArrayList<>());
        final List<Long> alone = Collections.synchronizedList(new ArrayList<>());

        @Override
        public DeliveryOutcome one(ClaimedEntry entry) {
            alone.add(entry.id());
            return "gone".equals(entry.targetId()) ? null : new DeliveryOutcome.Delivered(null);
        }

        @Override
        public int rowsPerRequest(String targetId) {
            return "bulk".equals(targetId) ? 3 : 1;
        }

        @Override
        public Map<ClaimedEntry, DeliveryOutcome> together(String targetId, List<ClaimedEntry> rows) {
            together.add(rows.stream().map(ClaimedEntry::id).toList());
            Map<ClaimedEntry, DeliveryOutcome> done = new HashMap<>();
            rows.stream().filter(r -> r.id() % 2 == 0).forEach(r -> done.put(r, new DeliveryOutcome.Retry(dev.gatehouse.provisioning.client.RetryCause.TARGET_ERROR, "busy")));
            return done;
        }
    }

    @Test
    void bulkTargetsGetRequestsOfUpToTheirLimitAndLeftOutRowsGoAlone() {
        List<ClaimedEntry> batch = new ArrayList<>();
        for (long id = 1; id <= 7; id++) {
            batch.add(row(id, "bulk"));
        }
        batch.add(row(8, "plain"));
        batch.add(row(9, "plain"));
        batch.add(row(10, "gone"));
        Recorded rows = new Recorded();
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new BatchDispatch(rows, senders).start(batch).join();

        assertEquals(batch.size(), outcomes.size(), "one outcome per row");
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L)),
                rows.together.stream().sorted(java.util.Comparator.comparing(l -> l.get(0))).toList());
        assertEquals(List.of(1L, 3L, 5L, 7L, 8L, 9L, 10L), rows.alone.stream().sorted().toList(),
                "rows a bulk request left out, and every row of the other targets, went alone");
        assertEquals(new DeliveryOutcome.Retry(dev.gatehouse.provisioning.client.RetryCause.TARGET_ERROR, "busy"), outcomes.get(batch.get(1)));
        assertEquals(new DeliveryOutcome.Delivered(null), outcomes.get(batch.get(0)));
        assertNull(outcomes.get(batch.get(9)), "a gone target's row has a null outcome");
    }

    @Test
    void aTargetWhoseLimitCannotBeReadGetsOneRequestPerRow() {
        BatchDispatch.Rows failing = new Recorded() {
            @Override
            public int rowsPerRequest(String targetId) {
                throw new IllegalStateException("capabilities unreadable");
            }
        };
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new BatchDispatch(failing, senders)
                .start(List.of(row(1, "bulk"), row(2, "bulk"))).join();
        assertEquals(2, outcomes.size());
        assertEquals(List.of(1L, 2L), ((Recorded) failing).alone.stream().sorted().toList());
    }
}
