package dev.gatehouse.governance.attestation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.governance.access.AccessSchedule;
import dev.gatehouse.governance.access.GoverningPolicy;
import dev.gatehouse.governance.audit.GovernanceEvents;
import dev.gatehouse.governance.audit.GovernanceStage;
import dev.gatehouse.governance.link.Answer;
import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * A sponsor's confirm or revoke of one user, already checked to be a valid link of an eligible sponsor of that user.
 * Only the round the link was sent for can be answered, once (the first sponsor's answer counts). Confirming never
 * enables anyone: a user disabled meanwhile stays disabled.
 */
public final class AttestationAnswers {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Attestations rows;

    public AttestationAnswers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.rows = new Attestations(session, realm);
    }

    /** Whether the link's round still waits for an answer. */
    public boolean awaits(String userId, long round) {
        return rows.of(userId).filter(a -> a.awaits(round)).isPresent();
    }

    public Answer confirm(UserModel user, UserModel sponsor, long round, Instant now) {
        Optional<Attestation> row = rows.of(user.getId()).filter(a -> a.awaits(round));
        if (row.isEmpty()) {
            return notPending(user);
        }
        Optional<ExternalUserPolicy> policy = GoverningPolicy.of(session, realm, user);
        rows.confirmed(user.getId(), policy.map(ExternalUserPolicy::id).orElse(null), Instant.ofEpochMilli(round), sponsor.getId());
        GovernanceEvents.stage(session, realm, user, GovernanceStage.CONFIRMED, policy.map(ExternalUserPolicy::name).orElse(null),
                Optional.of(sponsor.getId()), null);
        String name = AccessSchedule.displayName(user);
        return new Answer.Done(user.isEnabled() ? "gatehouseAttestConfirmed" : "gatehouseAttestConfirmedStillDisabled", List.of(name));
    }

    public Answer revoke(UserModel user, UserModel sponsor, long round, Instant now) {
        Optional<Attestation> row = rows.of(user.getId()).filter(a -> a.awaits(round));
        if (row.isEmpty()) {
            return notPending(user);
        }
        Optional<ExternalUserPolicy> policy = GoverningPolicy.of(session, realm, user);
        new AttestationSchedule(session, realm).disableNow(user, policy.map(ExternalUserPolicy::id).orElse(null),
                policy.map(ExternalUserPolicy::name).orElse(null), StageReason.REVOKED, sponsor.getId(), now);
        return new Answer.Done("gatehouseAttestRevoked", List.of(AccessSchedule.displayName(user)));
    }

    private Answer notPending(UserModel user) {
        return new Answer.Refused(GatehouseError.GOVERNANCE_NOT_PENDING, "gatehouseLinkNotPending",
                List.of(AccessSchedule.displayName(user)), "round answered or closed");
    }
}
