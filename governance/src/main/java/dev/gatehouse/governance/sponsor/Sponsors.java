package dev.gatehouse.governance.sponsor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.governance.GovernanceOptions;
import dev.gatehouse.policy.ExternalUsers;

/**
 * Sponsors of external users, in Keycloak's database and the caller's transaction. Every way a sponsorship is
 * recorded (admin REST, an invitation redeemed, the sponsor rule) goes through {@link #add}, which refuses what
 * must not be: a sponsor who is unknown, disabled, external or a service account, a user sponsoring themselves,
 * a user no policy counts as external, and more enabled sponsors than the server's {@code max-sponsors}.
 */
public final class Sponsors {

    private final KeycloakSession session;
    private final EntityManager em;

    private Sponsors(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public static Sponsors of(KeycloakSession session) {
        return new Sponsors(session);
    }

    /** The user's sponsors, oldest first (departed, i.e. disabled, sponsors included: see {@link #flagsOf}). */
    public List<Sponsorship> sponsorsOf(RealmModel realm, String userId) {
        return em.createNamedQuery("gatehouseSponsorsOf", SponsorEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .getResultStream().map(Sponsors::sponsorship).toList();
    }

    /** Ids of the users this sponsor answers for. */
    public List<String> sponsoredBy(RealmModel realm, String sponsorUserId) {
        return em.createNamedQuery("gatehouseSponsoredBy", String.class)
                .setParameter("realmId", realm.getId()).setParameter("sponsorId", sponsorUserId)
                .getResultList();
    }

    /**
     * Records {@code sponsorId} as a sponsor of {@code userId} after the checks; a new sponsor clears the user's
     * departure flags. Answers false when they already were (nothing changes).
     *
     * @throws SponsorRefusedException when the sponsorship may not be recorded
     */
    public boolean add(RealmModel realm, String userId, String sponsorId, SponsorSource source, String setBy) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw new SponsorRefusedException(SponsorRefusal.USER_NOT_FOUND);
        }
        UserModel sponsor = session.users().getUserById(realm, sponsorId);
        if (sponsor == null) {
            throw new SponsorRefusedException(SponsorRefusal.SPONSOR_NOT_FOUND);
        }
        if (user.getId().equals(sponsor.getId())) {
            throw new SponsorRefusedException(SponsorRefusal.SELF);
        }
        requireEligibleSponsor(realm, sponsor);
        if (!ExternalUsers.isExternal(session, realm, user)) {
            throw new SponsorRefusedException(SponsorRefusal.USER_NOT_EXTERNAL, user.getUsername());
        }
        if (!em.createNamedQuery("gatehouseSponsorship", SponsorEntity.class).setParameter("realmId", realm.getId())
                .setParameter("userId", userId).setParameter("sponsorId", sponsorId).getResultList().isEmpty()) {
            return false;
        }
        int max = GovernanceOptions.of(session).maxSponsors();
        long enabled = sponsorsOf(realm, userId).stream().filter(s -> isEnabled(realm, s.sponsorId())).count();
        if (enabled >= max) {
            throw new SponsorRefusedException(SponsorRefusal.TOO_MANY, "at most " + max);
        }
        SponsorEntity row = new SponsorEntity();
        row.setId(KeycloakModelUtils.generateId());
        row.setRealmId(realm.getId());
        row.setUserId(userId);
        row.setSponsorId(sponsorId);
        row.setSource(source.name());
        row.setCreatedBy(setBy);
        row.setCreatedAt(Time.currentTimeMillis());
        em.persist(row);
        em.createNamedQuery("gatehouseClearSponsorFlagsOfUser")
                .setParameter("realmId", realm.getId()).setParameter("userId", userId).executeUpdate();
        return true;
    }

    /**
     * Who may sponsor anyone: an enabled, internal, human user of the realm. Checked again when an invitation is
     * redeemed, since the inviter may have left since.
     *
     * @throws SponsorRefusedException when {@code sponsor} may not sponsor
     */
    public void requireEligibleSponsor(RealmModel realm, UserModel sponsor) {
        if (!sponsor.isEnabled()) {
            throw new SponsorRefusedException(SponsorRefusal.SPONSOR_DISABLED, sponsor.getUsername());
        }
        if (sponsor.getServiceAccountClientLink() != null) {
            throw new SponsorRefusedException(SponsorRefusal.SPONSOR_IS_SERVICE_ACCOUNT, sponsor.getUsername());
        }
        if (ExternalUsers.isExternal(session, realm, sponsor)) {
            throw new SponsorRefusedException(SponsorRefusal.SPONSOR_EXTERNAL, sponsor.getUsername());
        }
    }

    /** Removes one sponsorship; answers false when there was none. */
    public boolean remove(RealmModel realm, String userId, String sponsorId) {
        return em.createNamedQuery("gatehouseDeleteSponsorship").setParameter("realmId", realm.getId())
                .setParameter("userId", userId).setParameter("sponsorId", sponsorId).executeUpdate() > 0;
    }

    /** External users who lost a sponsor, oldest first, one entry per user and departed sponsor. */
    public List<SponsorFlag> flagged(RealmModel realm) {
        return em.createNamedQuery("gatehouseSponsorFlagsOfRealm", SponsorFlagEntity.class)
                .setParameter("realmId", realm.getId()).getResultStream().map(Sponsors::flag).toList();
    }

    public List<SponsorFlag> flagsOf(RealmModel realm, String userId) {
        return em.createNamedQuery("gatehouseSponsorFlagsOfUser", SponsorFlagEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .getResultStream().map(Sponsors::flag).toList();
    }

    /**
     * A sponsor left: each of their users is flagged (once per sponsor), and on a deletion the sponsorships go.
     * Answers the users newly flagged, so the caller reports each.
     */
    List<String> departed(RealmModel realm, UserModel sponsor, Departure how) {
        List<String> newlyFlagged = new ArrayList<>();
        for (String userId : sponsoredBy(realm, sponsor.getId())) {
            String id = userId + ":" + sponsor.getId();
            if (em.find(SponsorFlagEntity.class, id) == null) {
                SponsorFlagEntity flag = new SponsorFlagEntity();
                flag.setId(id);
                flag.setRealmId(realm.getId());
                flag.setUserId(userId);
                flag.setSponsorId(sponsor.getId());
                flag.setSponsorUsername(sponsor.getUsername());
                flag.setDeparture(how.name());
                flag.setFlaggedAt(Time.currentTimeMillis());
                em.persist(flag);
                newlyFlagged.add(userId);
            } else if (how == Departure.DELETED) {
                em.find(SponsorFlagEntity.class, id).setDeparture(how.name());
            }
        }
        if (how == Departure.DELETED) {
            em.createNamedQuery("gatehouseDeleteSponsorshipsOfUser")
                    .setParameter("realmId", realm.getId()).setParameter("userId", sponsor.getId()).executeUpdate();
        }
        return newlyFlagged;
    }

    /** A disabled sponsor is enabled again: their users are no longer flagged for that departure. */
    void returned(RealmModel realm, UserModel sponsor) {
        em.createNamedQuery("gatehouseClearSponsorFlagsOfSponsor").setParameter("realmId", realm.getId())
                .setParameter("sponsorId", sponsor.getId()).setParameter("departure", Departure.DISABLED.name()).executeUpdate();
    }

    /** A sponsored user is deleted: their sponsorships and flags go with them. */
    void forgetUser(RealmModel realm, String userId) {
        em.createNamedQuery("gatehouseDeleteSponsorshipsOfUser")
                .setParameter("realmId", realm.getId()).setParameter("userId", userId).executeUpdate();
        em.createNamedQuery("gatehouseClearSponsorFlagsOfUser")
                .setParameter("realmId", realm.getId()).setParameter("userId", userId).executeUpdate();
    }

    void forgetRealm(String realmId) {
        em.createNamedQuery("gatehouseDeleteSponsorshipsOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("gatehouseDeleteSponsorFlagsOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    /** Sponsor ids by user for a page of users (export): one query. */
    public Map<String, List<Sponsorship>> sponsorsOf(RealmModel realm, List<String> userIds) {
        Map<String, List<Sponsorship>> byUser = new LinkedHashMap<>();
        userIds.forEach(id -> byUser.put(id, new ArrayList<>()));
        if (userIds.isEmpty()) {
            return byUser;
        }
        em.createQuery("select s from SponsorEntity s where s.realmId = :realmId and s.userId in :userIds"
                        + " order by s.createdAt, s.sponsorId", SponsorEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userIds", userIds)
                .getResultStream().forEach(s -> byUser.get(s.getUserId()).add(sponsorship(s)));
        return byUser;
    }

    private boolean isEnabled(RealmModel realm, String userId) {
        UserModel u = session.users().getUserById(realm, userId);
        return u != null && u.isEnabled();
    }

    private static Sponsorship sponsorship(SponsorEntity s) {
        return new Sponsorship(s.getSponsorId(), SponsorSource.valueOf(s.getSource()),
                Instant.ofEpochMilli(s.getCreatedAt()), s.getCreatedBy());
    }

    private static SponsorFlag flag(SponsorFlagEntity f) {
        return new SponsorFlag(f.getUserId(), f.getSponsorId(), f.getSponsorUsername(),
                Departure.valueOf(f.getDeparture()), Instant.ofEpochMilli(f.getFlaggedAt()));
    }
}
