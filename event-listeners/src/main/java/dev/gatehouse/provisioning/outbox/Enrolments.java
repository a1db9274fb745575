package dev.gatehouse.provisioning.outbox;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.provisioning.client.ClaimedEntry;
import dev.gatehouse.provisioning.client.TargetState;

/**
 * Which users each target has had (the provisioned-user table), seen from one session: enrolment when a user
 * first enters a target's audience, and what the target knows of them after a delivery (its id there, the groups
 * Gatehouse put them in), or, for a Shared Signals receiver, what it was last told of the account.
 */
public final class Enrolments {

    private final EntityManager em;

    public Enrolments(KeycloakSession session) {
        this(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    Enrolments(EntityManager em) {
        this.em = em;
    }

    public Optional<ProvisionedUserEntity> enrolment(String targetId, String userId) {
        return Optional.ofNullable(em.find(ProvisionedUserEntity.class, ProvisionedUserEntity.idOf(targetId, userId)));
    }

    public void enrol(String realmId, String targetId, String userId) {
        ProvisionedUserEntity enrolment = new ProvisionedUserEntity();
        enrolment.setId(ProvisionedUserEntity.idOf(targetId, userId));
        enrolment.setRealmId(realmId);
        enrolment.setTargetId(targetId);
        enrolment.setUserId(userId);
        enrolment.setEnrolledAt(Time.currentTimeMillis());
        em.persist(enrolment);
    }

    /**
     * What a Shared Signals receiver was last told of the user's account ({@code enabled} or {@code disabled}), kept in
     * the user's enrolment row at that receiver (its remote id column: a receiver has no remote id); empty when the
     * receiver was never told.
     */
    public Optional<String> accountState(String targetId, String userId) {
        return enrolment(targetId, userId).map(ProvisionedUserEntity::getRemoteId);
    }

    public void recordAccountState(String realmId, String targetId, String userId, String state) {
        ProvisionedUserEntity row = enrolment(targetId, userId).orElse(null);
        if (row == null) {
            enrol(realmId, targetId, userId);
            row = enrolment(targetId, userId).orElseThrow();
        }
        row.setRemoteId(state);
    }

    public void unenrol(String targetId, String userId) {
        enrolment(targetId, userId).ifPresent(em::remove);
    }
    /** Which of these users are enrolled at the target, by user id: what the target was last told (one query). */
    public Map<String, TargetState> enrolled(String targetId, Collection<String> userIds) {
        Map<String, TargetState> result = new HashMap<>();
        byIds(userIds.stream().map(u -> ProvisionedUserEntity.idOf(targetId, u)).toList()).values()
                .forEach(e -> result.put(e.getUserId(), TargetState.of(e.getRemoteId(), lines(e.getGroups()))));
        return result;
    }

    /** The enrolment rows with these ids, by id (one query). */
    Map<String, ProvisionedUserEntity> byIds(List<String> ids) {
        Map<String, ProvisionedUserEntity> result = new HashMap<>();
        if (!ids.isEmpty()) {
            em.createQuery("select u from GatehouseProvisionedUser u where u.id in :ids", ProvisionedUserEntity.class)
                    .setParameter("ids", ids).getResultList().forEach(u -> result.put(u.getId(), u));
        }
        return result;
    }

    /** What each target now knows about the user after these deliveries (a null state changes nothing). */
    void record(Map<ClaimedEntry, TargetState> delivered) {
        List<String> ids = delivered.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> ProvisionedUserEntity.idOf(e.getKey().targetId(), e.getKey().subject())).distinct().toList();
        if (ids.isEmpty()) {
            return;
        }
        Map<String, ProvisionedUserEntity> enrolments = byIds(ids);
        delivered.forEach((entry, state) -> {
            ProvisionedUserEntity enrolment = enrolments.get(ProvisionedUserEntity.idOf(entry.targetId(), entry.subject()));
            if (enrolment == null || state == null) {
                return;
            }
            if (state.removed()) {
                em.remove(enrolment);
            } else {
                enrolment.setRemoteId(state.remoteId());
                enrolment.setGroups(state.groups() == null ? null : String.join("\n", state.groups()));
            }
        });
    }

    /** The groups column: one name a line. */
    static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}
