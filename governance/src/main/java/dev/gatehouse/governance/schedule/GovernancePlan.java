package dev.gatehouse.governance.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.governance.access.AccessSchedule;
import dev.gatehouse.governance.access.GoverningPolicy;
import dev.gatehouse.governance.attestation.AttestationSchedule;
import dev.gatehouse.governance.audit.Planned;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;

/**
 * Everything governance will do in a realm up to a horizon: the scheduled run does what is due now, the dry run
 * lists what is due by a later horizon. End dates and the staged rows are read from Gatehouse's tables; new end
 * dates and new rounds need a pass over the realm's enabled users, made only when a policy turns them on.
 */
final class GovernancePlan {

    private final KeycloakSession session;
    private final RealmModel realm;

    GovernancePlan(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    List<Planned> upTo(Instant now, Instant horizon) {
        List<Planned> plan = new ArrayList<>();
        AccessSchedule access = new AccessSchedule(session, realm);
        AttestationSchedule attestation = new AttestationSchedule(session, realm);
        if (RealmPolicies.of(realm).all().stream().anyMatch(p -> p.enabled() && p.governance().active())) {
            session.users().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"))
                    .filter(UserModel::isEnabled)
                    .forEach(user -> {
                        ExternalUserPolicy policy = GoverningPolicy.of(session, realm, user).orElse(null);
                        if (policy == null || !policy.governance().active()) {
                            return;
                        }
                        access.planPolicyEnd(user, policy, now).ifPresent(plan::add);
                        if (policy.governance().stagesUsers()) {
                            attestation.planUser(user, policy, now, horizon).ifPresent(plan::add);
                        }
                    });
        }
        plan.addAll(access.planTerms(horizon));
        plan.addAll(attestation.planRows(horizon));
        plan.sort(Comparator.comparing(Planned::at).thenComparing(Planned::step));
        return plan;
    }
}
