package dev.gatehouse.provisioning.quarantine;

import java.util.Comparator;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * Applies the quarantine rule to the calls of a delivery round, in the caller's transaction: counts are added
 * under row locks (taken in target id order, so two nodes never wait on each other in a cycle), and a target
 * that enters or leaves quarantine gets an admin event, a log line and its {@link TargetStatus} in the console;
 * one that leaves has its waiting rows made due at once.
 */
public final class Quarantine {

    private static final Logger LOG = Logger.getLogger(Quarantine.class);

    /** One target's share of a round. */
    public record Round(String realmId, ProvisioningTarget target, BatchCalls calls) {
    }

    private Quarantine() {
    }

    public static void record(KeycloakSession session, List<Round> rounds) {
        TargetHealthStore store = new TargetHealthStore(session);
        long now = Time.currentTimeMillis();
        rounds.stream().sorted(Comparator.comparing(r -> r.target().id())).forEach(round -> {
            QuarantineDecision.Result result = store.record(round.realmId(), round.target().id(), round.calls(),
                    round.target().quarantine(), now);
            if (result.transition() == QuarantineDecision.Transition.NONE) {
                return;
            }
            RealmModel realm = session.realms().getRealm(round.realmId());
            TargetStatus.write(session, realm, round.target(), result.health());
            if (result.transition() == QuarantineDecision.Transition.ENTERED) {
                LOG.warnf("Gatehouse provisioning target %s quarantined: %s", round.target().name(), result.health().reason());
                QuarantineEvents.record(session, realm, round.target().id(), "enter", result.health().reason());
            } else {
                int due = new Outbox(session).dueNow(round.target().id());
                LOG.infof("Gatehouse provisioning target %s left quarantine (a probe succeeded); %d waiting rows due now",
                        round.target().name(), due);
                QuarantineEvents.record(session, realm, round.target().id(), "leave", "a probe delivery succeeded");
            }
        });
    }

    /**
     * How many targets are quarantined, over all realms, for the metric. A quarantined target deleted from its
     * realm (nothing probes it any more) is forgotten here.
     */
    public static long countQuarantined(KeycloakSession session) {
        TargetHealthStore store = new TargetHealthStore(session);
        long count = 0;
        for (TargetHealthEntity row : store.allQuarantined()) {
            RealmModel realm = session.realms().getRealm(row.getRealmId());
            if (realm == null || RealmTargets.byId(realm, row.getTargetId()).isEmpty()) {
                store.forget(row);
            } else {
                count++;
            }
        }
        return count;
    }

    /** An admin ends the quarantine: the target's waiting rows are due at once. False when it was not quarantined. */
    public static boolean release(KeycloakSession session, RealmModel realm, ProvisioningTarget target) {
        boolean released = new TargetHealthStore(session).release(target.id(), Time.currentTimeMillis());
        if (released) {
            TargetStatus.write(session, realm, target, null);
            int due = new Outbox(session).dueNow(target.id());
            LOG.infof("Gatehouse provisioning target %s released from quarantine by an admin; %d waiting rows due now",
                    target.name(), due);
        }
        return released;
    }
}
