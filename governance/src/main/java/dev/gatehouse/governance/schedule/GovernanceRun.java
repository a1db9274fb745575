package dev.gatehouse.governance.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.governance.access.AccessSchedule;
import dev.gatehouse.governance.attestation.AttestationSchedule;
import dev.gatehouse.governance.audit.Planned;
import dev.gatehouse.governance.link.LinkBase;

/** One realm's scheduled run: does every planned step whose time has come, in the plan's order. */
final class GovernanceRun {

    private static final Logger LOG = Logger.getLogger(GovernanceRun.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Optional<String> configuredBase;

    GovernanceRun(KeycloakSession session, RealmModel realm, Optional<String> configuredBase) {
        this.session = session;
        this.realm = realm;
        this.configuredBase = configuredBase;
    }

    void run() {
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        List<Planned> due = new GovernancePlan(session, realm).upTo(now, now).stream().filter(p -> p.dueBy(now)).toList();
        if (due.isEmpty()) {
            return;
        }
        session.getContext().setRealm(realm);
        AccessSchedule access = new AccessSchedule(session, realm);
        AttestationSchedule attestation = new AttestationSchedule(session, realm);
        Optional<String> base = LinkBase.of(session, realm, configuredBase);
        for (Planned p : of(due, Planned.Step.SET_END)) {
            access.setPolicyEnd(p);
        }
        List<Planned> reminders = of(due, Planned.Step.REMIND);
        if (!reminders.isEmpty()) {
            if (base.isPresent()) {
                access.remind(reminders, base.get());
            } else {
                LOG.warnf("Gatehouse governance: realm %s has no address for links (set its Frontend URL or the hostname option); %d reminder(s) wait",
                        realm.getName(), reminders.size());
            }
        }
        of(due, Planned.Step.END_ACCESS).forEach(access::end);
        of(due, Planned.Step.RESTART).forEach(p -> attestation.restart(p, now));
        List<Planned> notices = of(due, Planned.Step.NOTIFY);
        if (!notices.isEmpty()) {
            if (base.isPresent()) {
                attestation.notify(notices, base.get(), now);
            } else {
                // users without a sponsor need no link; rounds wait until links can be made
                attestation.notify(notices.stream().filter(p -> p.sponsors().isEmpty()).toList(), "", now);
                LOG.warnf("Gatehouse governance: realm %s has no address for links (set its Frontend URL or the hostname option); attestation rounds wait",
                        realm.getName());
            }
        }
        of(due, Planned.Step.DISABLE).forEach(p -> attestation.disable(p, now));
        of(due, Planned.Step.DELETE).forEach(p -> attestation.delete(p, now));
    }

    private static List<Planned> of(List<Planned> due, Planned.Step step) {
        return due.stream().filter(p -> p.step() == step).toList();
    }
}
