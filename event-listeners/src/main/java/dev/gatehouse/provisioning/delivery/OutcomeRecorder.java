package dev.gatehouse.provisioning.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.outbox.OutboxLeases;
import dev.gatehouse.provisioning.quarantine.BatchCalls;
import dev.gatehouse.provisioning.quarantine.Quarantine;
import dev.gatehouse.provisioning.target.CommittedTargets;

/**
 * Records the outcomes of one delivered batch: each row delivered (gone from the outbox, the user's state at the
 * target kept), retried with backoff, or dead-lettered, and the whole due queue of a target that cannot send
 * deferred ({@link WaitingTargets}), in one transaction; then the batch's calls in the targets' health, in another.
 */
final class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);

    private final KeycloakSessionFactory factory;
    private final DeliveryMetrics metrics;

    OutcomeRecorder(KeycloakSessionFactory factory, DeliveryMetrics metrics) {
        this.factory = factory;
        this.metrics = metrics;
    }

    /** {@code outcomes}: one per row (null: the row's target is gone); {@code clients}: the batch's, by target id. */
    void record(Map<ClaimedEntry, DeliveryOutcome> outcomes, Map<String, TargetClient> clients) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> rows(session, new OutboxLeases(session), new Outbox(session), outcomes, clients));
        health(outcomes, clients);
    }

    /**
     * The round's calls per target go into the targets' health, in a transaction of their own: a conflict there
     * (two nodes creating a target's first health row at once) loses one round's counts, never its outcomes.
     */
    private void health(Map<ClaimedEntry, DeliveryOutcome> outcomes, Map<String, TargetClient> clients) {
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

    private void rows(KeycloakSession session, OutboxLeases outbox, Outbox queue, Map<ClaimedEntry, DeliveryOutcome> outcomes,
                      Map<String, TargetClient> clients) {
        long now = Time.currentTimeMillis();
        AtomicInteger dropped = new AtomicInteger();
        Map<ClaimedEntry, TargetState> delivered = new HashMap<>();
        outcomes.forEach((entry, outcome) -> {
            if (outcome == null) {
                // The target is gone from the realm: nothing will ever deliver its rows.
                dropped.addAndGet(queue.dropTarget(entry.targetId()));
                return;
            }
            int maxAttempts = clients.get(entry.targetId()).target().maxAttempts();
            if (WaitingTargets.waits(outcome)) {
                return; // with its target's whole queue, below
            }
            if (outcome instanceof DeliveryOutcome.Delivered success) {
                delivered.put(entry, success.state());
                metrics.delivered(now - entry.createdAt());
            } else if (outcome instanceof DeliveryOutcome.Dead dead) {
                outbox.deadLetter(entry, dead.reason());
                metrics.deadLettered();
                LOG.warnf("Gatehouse provisioning row %d to target %s dead-lettered: %s", entry.id(), entry.targetId(),
                        dead.reason());
            } else if (outcome instanceof DeliveryOutcome.Retry retry) {
                if (retry.cause() == RetryCause.NOT_SENT) {
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
        WaitingTargets.of(outcomes, now).values().forEach(wait -> {
            if (wait.untilEnabled() && CommittedTargets.enabled(session, wait.targetId())) {
                // Enabled already: this node's view of the target was older than the database (a claim right after the
                // enabling). Only this claim's rows go back, due as they were; the queue is not rewritten.
                outbox.release(wait.targetId(), wait.leaseToken());
                return;
            }
            int waiting = outbox.deferTarget(wait.targetId(), wait.leaseToken(), wait.until(), wait.reason());
            // Checked again after the deferral: an enabling committed between the two checks shows here, and one still
            // open makes the rows due after this commit (its update waits on the rows this one holds).
            if (wait.untilEnabled() && CommittedTargets.enabled(session, wait.targetId())) {
                int due = queue.dueOnEnabling(wait.targetId());
                LOG.debugf("Gatehouse provisioning target %s was enabled while a batch was in the air: %d rows due again",
                        wait.targetId(), due);
                return;
            }
            LOG.debugf("Gatehouse provisioning target %s cannot send (%s): %d due rows wait%s", wait.targetId(), wait.reason(),
                    waiting, wait.untilEnabled() ? " until it is enabled" : " until " + wait.until());
        });
        if (dropped.get() > 0) {
            LOG.infof("Gatehouse provisioning dropped %d rows of deleted targets", dropped.get());
        }
    }
}
