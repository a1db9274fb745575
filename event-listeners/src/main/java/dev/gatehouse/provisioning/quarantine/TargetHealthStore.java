package dev.gatehouse.provisioning.quarantine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.provisioning.target.QuarantineSettings;

/** Targets' health rows, seen from one session. */
public final class TargetHealthStore {

    private final EntityManager em;

    public TargetHealthStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * Adds a round's calls to the target's row (created at its first round) under a row lock, so two nodes
     * recording at once add up rather than overwrite, and applies the quarantine rule.
     */
    public QuarantineDecision.Result record(String realmId, String targetId, BatchCalls round, QuarantineSettings settings, long now) {
        TargetHealthEntity row = em.find(TargetHealthEntity.class, targetId, LockModeType.PESSIMISTIC_WRITE);
        boolean created = row == null;
        if (created) {
            row = new TargetHealthEntity();
            row.setTargetId(targetId);
            row.setRealmId(realmId);
        }
        QuarantineDecision.Result result = QuarantineDecision.after(created ? TargetHealth.fresh(now) : row.toHealth(),
                round, settings, now);
        row.apply(result.health());
        if (created) {
            em.persist(row);
        }
        return result;
    }

    /** Ends a target's quarantine (an admin said so); false when it was not quarantined. */
    public boolean release(String targetId, long now) {
        TargetHealthEntity row = em.find(TargetHealthEntity.class, targetId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || row.getQuarantinedSince() == null) {
            return false;
        }
        row.apply(TargetHealth.fresh(now));
        return true;
    }

    /**
     * The target's health as committed, read under its row lock: a save that copies it into the component waits
     * for a node that is deciding a transition, so the copy is never older than the decision. Null before the
     * target's first round.
     */
    public TargetHealth lockedHealth(String targetId) {
        TargetHealthEntity row = em.find(TargetHealthEntity.class, targetId, LockModeType.PESSIMISTIC_WRITE);
        return row == null ? null : row.toHealth();
    }

    /** The quarantined targets of a realm, by target id. */
    public Map<String, TargetHealth> quarantined(String realmId) {
        Map<String, TargetHealth> result = new HashMap<>();
        em.createQuery("select h from GatehouseTargetHealth h where h.realmId = :realm and h.quarantinedSince is not null",
                        TargetHealthEntity.class)
                .setParameter("realm", realmId).getResultList()
                .forEach(h -> result.put(h.getTargetId(), h.toHealth()));
        return result;
    }

    /** Quarantined targets over all realms (few): for the metric. */
    List<TargetHealthEntity> allQuarantined() {
        return em.createQuery("select h from GatehouseTargetHealth h where h.quarantinedSince is not null", TargetHealthEntity.class)
                .getResultList();
    }

    void forget(TargetHealthEntity row) {
        em.remove(row);
    }
}
