package dev.gatehouse.provisioning.delivery;

import java.util.ArrayList;
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
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.DeliveryOutcome;
import dev.gatehouse.provisioning.client.RetryCause;
import dev.gatehouse.provisioning.client.TargetClient;
import dev.gatehouse.provisioning.client.TargetState;
import dev.gatehouse.provisioning.clients.TargetClients;
import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.outbox.OutboxLeases;
import dev.gatehouse.provisioning.outbox.OutboxStats;
import dev.gatehouse.provisioning.quarantine.BatchCalls;
import dev.gatehouse.provisioning.quarantine.Quarantine;

/**
 * This node's delivery worker. Every node runs one; they share the work through the outbox's leases, so each row
 * goes to one node at a time and a node that dies mid-delivery only delays its rows until the lease runs out
 * (delivery is at least once; the SCIM client finds an existing user instead of creating a second).
 *
 * <p>A round: claim a batch and build its targets' clients in one short transaction, deliver it outside any transaction (rows of different users
 * in parallel; one row per user per batch keeps each user's order), record the outcomes in a second transaction.
 * Rounds repeat while there is work, within a time budget; then the worker waits for the next poll or for a
 * listener to wake it after a commit. Its own threads, not Keycloak's timer thread, so slow targets delay nothing
 * else in Keycloak.
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

    public DeliveryWorker(KeycloakSessionFactory factory, WorkerSettings settings) {
        this.factory = factory;
        this.settings = settings;
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
        try {
            while (System.currentTimeMillis() < deadline && round() > 0) {
                // more work may be due
            }
            KeycloakModelUtils.runJobInTransaction(factory, session -> metrics.observe(new OutboxStats(session).totals(),
                    Quarantine.countQuarantined(session)));
        } catch (RuntimeException e) {
            // Never let an exception end the schedule; the rows stay in the outbox for the next round.
            LOG.warnf("Gatehouse provisioning round failed, will retry: %s", e.toString());
        }
    }

    /** A claimed batch and a client per target it touches (null for a target gone from its realm). */
    private record Claimed(List<ClaimedEntry> batch, Map<String, TargetClient> clients) {
    }

    /** One claim-deliver-record round; returns how many rows it claimed. */
    int round() {
        // The claim and the clients for its targets (settings, vault secrets) in one short transaction.
        Claimed claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            List<ClaimedEntry> rows = new OutboxLeases(session).claim(settings.batchSize(), settings.leaseMillis());
            return new Claimed(rows, rows.isEmpty() ? Map.of() : clientFactory.forEntries(session, rows, settings.timeoutMillis()));
        });
        List<ClaimedEntry> batch = claimed.batch();
        if (batch.isEmpty()) {
            return 0;
        }
        // Which node holds which rows: with the lease token an operator (and the cluster test) can tell.
        LOG.debugf("Gatehouse provisioning claimed %d rows under lease %s", batch.size(), batch.get(0).leaseToken());
        Map<String, TargetClient> clients = claimed.clients();
        Map<String, DeliveryOutcome> down = new ConcurrentHashMap<>();
        List<CompletableFuture<DeliveryOutcome>> futures = new ArrayList<>(batch.size());
        for (ClaimedEntry entry : batch) {
            futures.add(CompletableFuture.supplyAsync(() -> deliver(entry, clients, down), senders));
        }
        Map<ClaimedEntry, DeliveryOutcome> outcomes = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            outcomes.put(batch.get(i), futures.get(i).join());
        }
        KeycloakModelUtils.runJobInTransaction(factory, session -> record(session, outcomes, clients));
        recordHealth(outcomes, clients);
        return batch.size();
    }

    /**
     * The round's calls per target go into the targets' health, in a transaction of their own: a conflict there
     * (two nodes creating a target's first health row at once) loses one round's counts, never its outcomes.
     */
    private void recordHealth(Map<ClaimedEntry, DeliveryOutcome> outcomes, Map<String, TargetClient> clients) {
        Map<String, BatchCalls> calls = new HashMap<>();
        Map<String, String> realms = new HashMap<>();
        outcomes.forEach((entry, outcome) -> {
            boolean sent = outcome != null && clients.get(entry.targetId()) != null
                    && !(outcome instanceof DeliveryOutcome.Retry retry && !retry.cause().called());
            if (sent) {
                realms.put(entry.targetId(), entry.realmId());
                calls.put(entry.targetId(), calls.getOrDefault(entry.targetId(), BatchCalls.NONE)
                        .plus(outcome instanceof DeliveryOutcome.Retry retry ? retry.reason() : null));
            }
        });
        if (calls.isEmpty()) {
            return;
        }
        List<Quarantine.Round> rounds = new ArrayList<>();
        calls.forEach((target, c) -> rounds.add(new Quarantine.Round(realms.get(target), clients.get(target).target(), c)));
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> Quarantine.record(session, rounds));
        } catch (RuntimeException e) {
            LOG.debugf("Gatehouse provisioning could not record target health this round: %s", e.toString());
        }
    }

    private DeliveryOutcome deliver(ClaimedEntry entry, Map<String, TargetClient> clients, Map<String, DeliveryOutcome> down) {
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
        if (outcome instanceof DeliveryOutcome.Retry retry && retry.targetDown()) {
            // The batch's other rows for this target wait as long as this one, without being sent.
            // A target that is not configured keeps that cause (and its pause); one that failed holds its peers unsent.
            down.putIfAbsent(entry.targetId(), retry.cause() == RetryCause.NOT_CONFIGURED ? retry
                    : new DeliveryOutcome.Retry(RetryCause.NOT_SENT, "not sent: " + retry.reason()));
        }
        return outcome;
    }

    private void record(KeycloakSession session, Map<ClaimedEntry, DeliveryOutcome> outcomes, Map<String, TargetClient> clients) {
        OutboxLeases outbox = new OutboxLeases(session);
        long now = Time.currentTimeMillis();
        AtomicInteger dropped = new AtomicInteger();
        Map<ClaimedEntry, TargetState> delivered = new HashMap<>();
        outcomes.forEach((entry, outcome) -> {
            if (outcome == null) {
                // The target is gone from the realm: nothing will ever deliver its rows.
                dropped.addAndGet(new Outbox(session).dropTarget(entry.targetId()));
                return;
            }
            int maxAttempts = clients.get(entry.targetId()).target().maxAttempts();
            if (outcome instanceof DeliveryOutcome.Delivered success) {
                delivered.put(entry, success.state());
                metrics.delivered(now - entry.createdAt());
            } else if (outcome instanceof DeliveryOutcome.Dead dead) {
                outbox.deadLetter(entry, dead.reason());
                metrics.deadLettered();
                LOG.warnf("Gatehouse provisioning row %d to target %s dead-lettered: %s", entry.id(), entry.targetId(),
                        dead.reason());
            } else if (outcome instanceof DeliveryOutcome.Retry retry) {
                if (retry.cause() == RetryCause.NOT_CONFIGURED) {
                    outbox.retry(entry, now + retry.retryAfter().toMillis(), "waiting: target disabled or its secret missing", false);
                } else if (retry.cause() == RetryCause.NOT_SENT) {
                    outbox.retry(entry, now + Backoff.delayMillis(1, null), "waiting: target unreachable", false);
                } else if (!retry.targetDown() && entry.attempts() + 1 >= maxAttempts) {
                    // An unreachable target is not a reason to give up: its rows wait (backoff up to an hour).
                    outbox.deadLetter(entry, "gave up after " + (entry.attempts() + 1) + " attempts: " + retry.reason());
                    metrics.deadLettered();
                    LOG.warnf("Gatehouse provisioning row %d to target %s dead-lettered after %d attempts",
                            entry.id(), entry.targetId(), entry.attempts() + 1);
                } else {
                    outbox.retry(entry, now + Backoff.delayMillis(entry.attempts() + 1, retry.retryAfter()), retry.reason(), true);
                    metrics.failed();
                    if (retry.cause() == RetryCause.CREDENTIALS_REFUSED) {
                        // Once per target and round (its other rows wait unsent): an admin has to act.
                        LOG.warnf("Gatehouse provisioning target %s: %s; its deliveries wait until the credentials are fixed",
                                entry.targetId(), retry.reason());
                    }
                    LOG.debugf("Gatehouse provisioning row %d to target %s will be retried: %s", entry.id(),
                            entry.targetId(), retry.reason());
                }
            }
        });
        outbox.delivered(delivered);
        if (dropped.get() > 0) {
            LOG.infof("Gatehouse provisioning dropped %d rows of deleted targets", dropped.get());
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
