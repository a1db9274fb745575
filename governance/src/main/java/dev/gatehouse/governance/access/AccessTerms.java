package dev.gatehouse.governance.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * End dates of external users' access and of their group memberships ({@code GATEHOUSE_ACCESS_TERM}). Every way an
 * end date is set — admin REST, an invitation, a sponsor's extension — goes through {@link #setEnd} and
 * {@link #setMembershipEnd}, which refuse an end date past the governing policy's maximum.
 */
public final class AccessTerms {

    /** {@code setBy} of an end date the policy's maximum gave a user who had none. */
    public static final String SET_BY_POLICY = "policy";

    private final KeycloakSession session;

    private AccessTerms(KeycloakSession session) {
        this.session = session;
    }

    public static AccessTerms of(KeycloakSession session) {
        return new AccessTerms(session);
    }

    public Optional<Instant> endOf(RealmModel realm, String userId) {
        return term(realm, userId, null).filter(t -> t.ended().isEmpty()).map(AccessTerm::end);
    }

    public Optional<Instant> membershipEndOf(RealmModel realm, String userId, String groupId) {
        return term(realm, userId, groupId).filter(t -> t.ended().isEmpty()).map(AccessTerm::end);
    }

    /** The user's end dates, earliest first, ended ones included. */
    public List<AccessTerm> termsOf(RealmModel realm, String userId) {
        return em().createNamedQuery("gatehouseTermsOfUser", AccessTermEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .getResultStream().map(AccessTerm::of).toList();
    }

    /**
     * Sets when the user's access ends.
     *
     * @throws EndDateRefused when the user is not external, the date has passed, or it lies past the governing
     *                        policy's maximum (counted from now)
     */
    public AccessTerm setEnd(RealmModel realm, String userId, Instant end, String setBy) {
        UserModel user = externalUser(realm, userId);
        check(realm, user, end);
        return store(realm, userId, null, end, setBy);
    }

    /** Sets when the user's membership of a group ends; the same checks as {@link #setEnd}, and the user must be a member. */
    public AccessTerm setMembershipEnd(RealmModel realm, String userId, String groupId, Instant end, String setBy) {
        UserModel user = externalUser(realm, userId);
        GroupModel group = realm.getGroupById(groupId);
        if (group == null || !user.isMemberOf(group)) {
            throw new EndDateRefused(EndDateRefused.Reason.NOT_A_MEMBER, "the user is not a member of group " + groupId);
        }
        check(realm, user, end);
        return store(realm, userId, groupId, end, setBy);
    }

    /** Removes the user's own end date; true if there was one. */
    public boolean clearEnd(RealmModel realm, String userId) {
        return clear(id(userId, null));
    }

    public boolean clearMembershipEnd(RealmModel realm, String userId, String groupId) {
        return clear(id(userId, groupId));
    }

    /** The latest end date the user's governing policy allows if set now; empty when it sets no maximum. */
    public Optional<Instant> latestAllowedEnd(RealmModel realm, UserModel user) {
        return GoverningPolicy.of(session, realm, user).flatMap(p -> p.governance().maxAccess())
                .map(max -> now().plus(max));
    }

    // -- for the scheduler and the dry run --------------------------------------------------------------------

    /** Running end dates (not yet ended) at or before {@code before}, earliest first. */
    public List<AccessTerm> endingBy(RealmModel realm, Instant before, int max) {
        return em().createNamedQuery("gatehouseTermsEndingBefore", AccessTermEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("before", before.toEpochMilli())
                .setMaxResults(max).getResultStream().map(AccessTerm::of).toList();
    }

    /** Gives a user the policy's maximum as end date; used when the policy sets one and the user has none. */
    AccessTerm startTerm(RealmModel realm, String userId, Instant end) {
        return store(realm, userId, null, end, SET_BY_POLICY);
    }

    void markReminded(RealmModel realm, AccessTerm term) {
        entity(term.userId(), term.groupId().orElse(null)).ifPresent(e -> e.setRemindedEndAt(term.end().toEpochMilli()));
    }

    void markEnded(RealmModel realm, AccessTerm term) {
        entity(term.userId(), term.groupId().orElse(null)).ifPresent(e -> e.setEndedAt(now().toEpochMilli()));
    }

    /** Housekeeping: the user, group or realm is gone. */
    void forgetUser(String userId) {
        em().createNamedQuery("gatehouseDeleteTermsOfUser").setParameter("userId", userId).executeUpdate();
    }

    void forgetGroup(String groupId) {
        em().createNamedQuery("gatehouseDeleteTermsOfGroup").setParameter("groupId", groupId).executeUpdate();
    }

    void forgetRealm(String realmId) {
        em().createNamedQuery("gatehouseDeleteTermsOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    // -- internals ---------------------------------------------------------------------------------------------

    private UserModel externalUser(RealmModel realm, String userId) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user == null || !GoverningPolicy.isExternal(session, realm, user)) {
            throw new EndDateRefused(EndDateRefused.Reason.NOT_GOVERNED,
                    "only external users (under an enabled Gatehouse policy) have end dates");
        }
        return user;
    }

    private void check(RealmModel realm, UserModel user, Instant end) {
        if (end == null || !end.isAfter(now())) {
            throw new EndDateRefused(EndDateRefused.Reason.IN_THE_PAST, "the end date must lie in the future");
        }
        Optional<ExternalUserPolicy> policy = GoverningPolicy.of(session, realm, user);
        Optional<Instant> latest = latestAllowedEnd(realm, user);
        if (latest.isPresent() && end.isAfter(latest.get())) {
            throw new EndDateRefused(EndDateRefused.Reason.BEYOND_MAXIMUM, "policy " + policy.map(ExternalUserPolicy::name).orElse("")
                    + " allows access for at most " + policy.flatMap(p -> p.governance().maxAccess()).orElseThrow().toDays()
                    + " days from now, until " + latest.get());
        }
    }

    private AccessTerm store(RealmModel realm, String userId, String groupId, Instant end, String setBy) {
        AccessTermEntity e = entity(userId, groupId).orElse(null);
        boolean created = e == null;
        if (created) {
            e = new AccessTermEntity();
            e.setId(id(userId, groupId));
            e.setRealmId(realm.getId());
            e.setUserId(userId);
            e.setGroupId(groupId);
        }
        e.setEndAt(end.toEpochMilli());
        e.setSetBy(setBy == null ? "" : setBy);
        e.setSetAt(now().toEpochMilli());
        e.setEndedAt(null);
        if (created) {
            // Persisted complete: Hibernate checks not-null columns at persist.
            em().persist(e);
        }
        return AccessTerm.of(e);
    }

    private boolean clear(String id) {
        AccessTermEntity e = em().find(AccessTermEntity.class, id);
        if (e == null) {
            return false;
        }
        em().remove(e);
        return true;
    }

    private Optional<AccessTerm> term(RealmModel realm, String userId, String groupId) {
        return entity(userId, groupId).filter(e -> e.getRealmId().equals(realm.getId())).map(AccessTerm::of);
    }

    private Optional<AccessTermEntity> entity(String userId, String groupId) {
        return Optional.ofNullable(em().find(AccessTermEntity.class, id(userId, groupId)));
    }

    private static String id(String userId, String groupId) {
        return groupId == null ? userId : userId + "/" + groupId;
    }

    static Instant now() {
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
