package dev.gatehouse.provisioning.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetClient;
import dev.gatehouse.provisioning.clients.TargetClients;
import dev.gatehouse.provisioning.outbox.OutboxLeases;
import dev.gatehouse.provisioning.outbox.OutboxStats;
import dev.gatehouse.provisioning.quarantine.Quarantine;

/**
 * This node's delivery worker. Every node runs one; they share the work through the outbox's leases, so each row
 * goes to one node at a time and a node that dies mid-delivery only delays its rows until the lease runs out
 * (delivery is at least once; the SCIM client finds an existing user instead of creating a second).
 *
 * <p>A round: claim a batch and build its targets' clients in one short transaction, deliver it outside any
 * transaction (rows of different users in parallel, rows of a target offering SCIM Bulk together; a user has one
 * row in the air at most, which keeps each user's order), record the outcomes in a second transaction and the
 * targets' health in a third. Up to {@code batches-in-flight} batches are in the air at once, so the claims and
 * records (this thread's database work) overlap the targets' answers. Rounds repeat while there is work, within a
 * time budget; then the worker waits for the next poll or for a listener to wake it after a commit. Its own
 * threads, not Keycloak's timer thread, so slow targets delay nothing else in Keycloak.
 */
public final class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final KeycloakSessionFactory factory;
    private final WorkerSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final DeliveryMetrics metrics = DeliveryMetrics.register();
    /** This node's clients' factory: OAuth tokens and what SCIM targets support outlive a batch. */
    private final TargetClients clientFactory = new TargetClients();
    private final OutcomeRecorder recorder;

    public DeliveryWorker(KeycloakSessionFactory factory, WorkerSettings settings) {
        this.factory = factory;
        this.settings = settings;
        this.recorder = new OutcomeRecorder(factory, metrics);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("gatehouse-provisioning-worker"));
        this.senders = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), named("gatehouse-provisioning-sender"));
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::tick, settings.pollIntervalMillis(), settings.pollIntervalMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A transaction that queued rows has committed: run a round soon rather than at the next poll. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    wakeQueued.set(false);
                    tick();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                wakeQueued.set(false);
            }
        }
    }

    public void stop() {
        scheduler.shutdownNow();
        senders.shutdownNow();
    }

    private void tick() {
        long deadline = System.currentTimeMillis() + settings.tickBudgetMillis();
        Deque<Flight> flights = new ArrayDeque<>();
        try {
            while (true) {
                if (flights.size() < settings.batchesInFlight() && System.currentTimeMillis() < deadline) {
                    Flight flight = launch();
                    if (flight != null) {
                        flights.add(flight);
                        while (!flights.isEmpty() && flights.peek().outcomes().isDone()) {
                            land(flights.poll());
                        }
                        continue;
                    }
                    // Nothing claimable now; once the oldest batch lands, its users' next rows may be.
                }
                if (flights.isEmpty()) {
                    break;
                }
                land(flights.poll());
            }
            KeycloakModelUtils.runJobInTransaction(factory, session -> metrics.observe(new OutboxStats(session).totals(),
                    Quarantine.countQuarantined(session)));
        } catch (RuntimeException e) {
            // Never let an exception end the schedule; the rows stay in the outbox for the next round.
            LOG.warnf("Gatehouse provisioning round failed, will retry: %s", e.toString());
        } finally {
            // Batches in the air are recorded even when a claim failed; one whose record fails waits for its lease.
            while (!flights.isEmpty()) {
                try {
                    land(flights.poll());
                } catch (RuntimeException e) {
                    LOG.warnf("Gatehouse provisioning could not record a batch, its rows wait for their lease: %s", e.toString());
                }
            }
        }
    }

    /** A claimed batch on its way: a client per target it touches (null for a target gone) and its rows' outcomes to come. */
    private record Flight(List<ClaimedEntry> batch, Map<String, TargetClient> clients,
                          CompletableFuture<Map<ClaimedEntry, DeliveryOutcome>> outcomes) {
    }

    /**
     * Claims a batch and starts delivering it; null when nothing is due. The claim takes each user's oldest pending
     * row only, and a row in the air is still pending: a user never has two rows in the air, whatever the number
     * of batches, so each user's changes arrive in order.
     */
    private Flight launch() {
        // The claim and the clients for its targets (settings, vault secrets) in one short transaction.
        Flight claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            List<ClaimedEntry> rows = new OutboxLeases(session).claim(settings.batchSize(), settings.leaseMillis());
            return new Flight(rows, rows.isEmpty() ? Map.of() : clientFactory.forEntries(session, rows, settings.timeoutMillis()), null);
        });
        if (claimed.batch().isEmpty()) {
            return null;
        }
        // Which node holds which rows: with the lease token an operator (and the cluster test) can tell.
        LOG.debugf("Gatehouse provisioning claimed %d rows under lease %s", claimed.batch().size(), claimed.batch().get(0).leaseToken());
        BatchDispatch dispatch = new BatchDispatch(new BatchRows(claimed.clients()), senders);
        return new Flight(claimed.batch(), claimed.clients(), dispatch.start(claimed.batch()));
    }

    /** Waits for a batch's outcomes and records them. */
    private void land(Flight flight) {
        recorder.record(flight.outcomes().join(), flight.clients());
    }

    /** How one batch's rows are sent: a target found down holds the batch's other rows for it unsent. */
    private static final class BatchRows implements BatchDispatch.Rows {
        private final Map<String, TargetClient> clients;
        private final Map<String, DeliveryOutcome> down = new ConcurrentHashMap<>();

        BatchRows(Map<String, TargetClient> clients) {
            this.clients = clients;
        }

        @Override
        public DeliveryOutcome one(ClaimedEntry entry) {
            TargetClient client = clients.get(entry.targetId());
            if (client == null) {
                return null;
            }
            DeliveryOutcome waiting = down.get(entry.targetId());
            if (waiting != null) {
                return waiting;
            }
            DeliveryOutcome outcome;
            try {
                outcome = client.deliver(entry);
            } catch (RuntimeException e) {
                outcome = new DeliveryOutcome.Retry(RetryCause.DELIVERY_FAILED, "delivery failed: " + e.getClass().getSimpleName());
                LOG.debugf(e, "Gatehouse provisioning delivery of row %d failed", entry.id());
            }
            noteDown(entry.targetId(), outcome);
            return outcome;
        }

        @Override
        public int rowsPerRequest(String targetId) {
            TargetClient client = clients.get(targetId);
            return client == null || down.containsKey(targetId) ? 1 : client.rowsPerRequest();
        }

        @Override
        public Map<ClaimedEntry, DeliveryOutcome> together(String targetId, List<ClaimedEntry> rows) {
            TargetClient client = clients.get(targetId);
            if (client == null) {
                return Map.of();
            }
            Map<ClaimedEntry, DeliveryOutcome> outcomes = new HashMap<>();
            DeliveryOutcome waiting = down.get(targetId);
            if (waiting != null) {
                rows.forEach(row -> outcomes.put(row, waiting));
                return outcomes;
            }
            try {
                outcomes.putAll(client.deliverTogether(rows));
            } catch (RuntimeException e) {
                LOG.debugf(e, "Gatehouse provisioning delivery of %d rows together failed", rows.size());
                rows.forEach(row -> outcomes.put(row, new DeliveryOutcome.Retry(RetryCause.DELIVERY_FAILED,
                        "delivery failed: " + e.getClass().getSimpleName())));
            }
            outcomes.values().forEach(outcome -> noteDown(targetId, outcome));
            return outcomes;
        }

        private void noteDown(String targetId, DeliveryOutcome outcome) {
            if (outcome instanceof DeliveryOutcome.Retry retry && retry.targetDown()) {
                // The batch's other rows for this target wait as long as this one, without being sent.
                // A target that is not configured keeps that cause (and its pause); one that failed holds its peers unsent.
                down.putIfAbsent(targetId, retry.cause().queueWaits() ? retry
                        : new DeliveryOutcome.Retry(RetryCause.NOT_SENT, "not sent: " + retry.reason()));
            }
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
