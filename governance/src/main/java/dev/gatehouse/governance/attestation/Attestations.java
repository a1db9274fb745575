package dev.gatehouse.governance.attestation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The rows of {@code GATEHOUSE_ATTESTATION}: one per external user on the staged path. */
public final class Attestations {

    private final KeycloakSession session;
    private final RealmModel realm;

    public Attestations(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public Optional<Attestation> of(String userId) {
        return row(userId).map(Attestation::of);
    }

    public List<Attestation> inState(AttestationState state) {
        return em().createNamedQuery("gatehouseAttestationsInState", AttestationEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("state", state.name())
                .getResultStream().map(Attestation::of).toList();
    }

    void pending(String userId, String policyId, StageReason reason, Instant at) {
        AttestationEntity e = rowOrNew(userId, policyId);
        e.setState(AttestationState.PENDING.name());
        e.setReason(reason.name());
        e.setRoundAt(at.toEpochMilli());
        e.setAnsweredBy(null);
    }

    void confirmed(String userId, String policyId, Instant from, String by) {
        AttestationEntity e = rowOrNew(userId, policyId);
        e.setState(AttestationState.CONFIRMED.name());
        e.setReason(null);
        e.setConfirmedAt(from.toEpochMilli());
        e.setAnsweredBy(by);
        e.setDisabledAt(null);
    }

    void disabled(String userId, String policyId, StageReason reason, Instant at, String by) {
        AttestationEntity e = rowOrNew(userId, policyId);
        e.setState(AttestationState.DISABLED.name());
        e.setReason(reason.name());
        e.setDisabledAt(at.toEpochMilli());
        e.setAnsweredBy(by);
    }

    private AttestationEntity rowOrNew(String userId, String policyId) {
        AttestationEntity e = row(userId).orElse(null);
        if (e == null) {
            e = new AttestationEntity();
            e.setUserId(userId);
            e.setRealmId(realm.getId());
            e.setState(AttestationState.CONFIRMED.name());
            em().persist(e);
        }
        if (policyId != null) {
            e.setPolicyId(policyId);
        }
        return e;
    }

    private Optional<AttestationEntity> row(String userId) {
        return Optional.ofNullable(em().find(AttestationEntity.class, userId)).filter(e -> e.getRealmId().equals(realm.getId()));
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
