package dev.gatehouse.governance.invitation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.external.EmailDomains;
import dev.gatehouse.external.PartialUserFacts;
import dev.gatehouse.governance.GovernanceOptions;
import dev.gatehouse.governance.access.GoverningPolicy;
import dev.gatehouse.governance.sponsor.Sponsors;
import dev.gatehouse.policy.ExternalUsers;
import dev.gatehouse.policy.RealmPolicies;

/**
 * Invitations of one session: create (checked, stored, mailed in one transaction: a mail that cannot be sent saves
 * nothing), resend (a new link and deadline; the old link stops working), revoke, list. Redemption is
 * {@link InvitationActionTokenHandler}'s.
 */
public final class Invitations {

    private final KeycloakSession session;
    private final EntityManager em;

    private Invitations(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public static Invitations of(KeycloakSession session) {
        return new Invitations(session);
    }

    /**
     * @throws InvitationRefusedException for a bad or internal address, a disabled existing user, a pending
     *                                     invitation of the same address, bad days or end date, a mail not sent
     * @throws dev.gatehouse.governance.sponsor.SponsorRefusedException when the sponsor may not sponsor
     */
    public Invitation invite(RealmModel realm, InviteRequest request, String invitedBy) {
        String email = normalised(request.email());
        Sponsors.of(session).requireEligibleSponsor(realm, request.sponsor());
        UserModel existing = session.users().getUserByEmail(realm, email);
        if (existing != null && !existing.isEnabled()) {
            throw new InvitationRefusedException(InvitationRefusal.USER_DISABLED);
        }
        boolean external = existing != null ? ExternalUsers.isExternal(session, realm, existing)
                : ExternalUsers.isExternal(realm, PartialUserFacts.ofEmail(email, true));
        if (!external) {
            throw new InvitationRefusedException(InvitationRefusal.INTERNAL_ADDRESS, email);
        }
        long now = Time.currentTime();
        boolean pending = query(realm, Optional.of(InvitationStatus.PENDING), Optional.empty(), Optional.of(email))
                .setMaxResults(1).getResultList().stream().findAny().isPresent();
        if (pending) {
            throw new InvitationRefusedException(InvitationRefusal.ALREADY_PENDING, email);
        }
        InvitationEntity e = new InvitationEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setEmail(email);
        e.setFirstName(blankToNull(request.firstName()));
        e.setLastName(blankToNull(request.lastName()));
        e.setSponsorId(request.sponsor().getId());
        e.setInvitedBy(invitedBy);
        e.setStatus(InvitationStatus.PENDING.name());
        e.setCreatedAt(Time.currentTimeMillis());
        e.setDeadline(now + days(request.days()) * 86_400L);
        e.setAccessEnd(request.accessEnd().map(end -> {
            if (end.getEpochSecond() <= e.getDeadline()) {
                throw new InvitationRefusedException(InvitationRefusal.BAD_ACCESS_END);
            }
            maxAccess(realm, existing, email).ifPresent(max -> {
                if (end.isAfter(Instant.ofEpochSecond(now).plus(max))) {
                    throw new InvitationRefusedException(InvitationRefusal.ACCESS_END_BEYOND_MAXIMUM,
                            "at most " + max.toDays() + " days from now");
                }
            });
            return end.toEpochMilli();
        }).orElse(null));
        e.setUserId(existing != null ? existing.getId() : KeycloakModelUtils.generateId());
        newLink(e);
        em.persist(e);
        new InvitationMail(session, realm).send(e, request.sponsor());
        return Invitation.of(e, now);
    }

    /** A new link (the old one stops working) and a new deadline, mailed again. */
    public Invitation resend(RealmModel realm, String id, Optional<Integer> days) {
        InvitationEntity e = entity(realm, id).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no such invitation"));
        requireOpen(e);
        UserModel sponsor = session.users().getUserById(realm, e.getSponsorId());
        if (sponsor == null) {
            throw new dev.gatehouse.governance.sponsor.SponsorRefusedException(
                    dev.gatehouse.governance.sponsor.SponsorRefusal.SPONSOR_NOT_FOUND, "the invitation's sponsor was deleted");
        }
        Sponsors.of(session).requireEligibleSponsor(realm, sponsor);
        boolean anotherPending = query(realm, Optional.of(InvitationStatus.PENDING), Optional.empty(), Optional.of(e.getEmail()))
                .getResultStream().anyMatch(other -> !other.getId().equals(e.getId()));
        if (anotherPending) {
            throw new InvitationRefusedException(InvitationRefusal.ALREADY_PENDING, "a newer invitation of " + e.getEmail());
        }
        e.setDeadline(Time.currentTime() + days(days) * 86_400L);
        if (e.getAccessEnd() != null && e.getAccessEnd() / 1000 <= e.getDeadline()) {
            throw new InvitationRefusedException(InvitationRefusal.BAD_ACCESS_END, "the new deadline is after the requested end of access");
        }
        newLink(e);
        new InvitationMail(session, realm).send(e, sponsor);
        return Invitation.of(e, Time.currentTime());
    }

    public Invitation revoke(RealmModel realm, String id, String by) {
        InvitationEntity e = entity(realm, id).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no such invitation"));
        requireOpen(e);
        e.setStatus(InvitationStatus.REVOKED.name());
        e.setRevokedAt(Time.currentTimeMillis());
        e.setRevokedBy(by);
        return Invitation.of(e, Time.currentTime());
    }

    public Optional<Invitation> byId(RealmModel realm, String id) {
        return entity(realm, id).map(e -> Invitation.of(e, Time.currentTime()));
    }

    /** Newest first; filters are optional. */
    public List<Invitation> list(RealmModel realm, Optional<InvitationStatus> status, Optional<String> sponsorId,
                                 Optional<String> email, int first, int max) {
        long now = Time.currentTime();
        return query(realm, status, sponsorId, email.map(Invitations::normalisedOrNull))
                .setFirstResult(first).setMaxResults(max)
                .getResultStream().map(e -> Invitation.of(e, now)).toList();
    }

    /** The newest invitation bound to a user (the one that created or linked them), for the user's record and export. */
    public Optional<Invitation> latestFor(RealmModel realm, String userId) {
        return em.createQuery("select i from InvitationEntity i where i.realmId = :realmId and i.userId = :userId"
                        + " order by i.createdAt desc", InvitationEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", userId).setMaxResults(1)
                .getResultStream().findFirst().map(e -> Invitation.of(e, Time.currentTime()));
    }

    /** {@link #latestFor} for a page of users (export): one query. Users without an invitation are absent. */
    public java.util.Map<String, Invitation> latestFor(RealmModel realm, List<String> userIds) {
        java.util.Map<String, Invitation> latest = new java.util.HashMap<>();
        if (userIds.isEmpty()) {
            return latest;
        }
        long now = Time.currentTime();
        em.createQuery("select i from InvitationEntity i where i.realmId = :realmId and i.userId in :userIds"
                        + " order by i.createdAt asc", InvitationEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userIds", userIds)
                .getResultStream().forEach(e -> latest.put(e.getUserId(), Invitation.of(e, now)));
        return latest;
    }

    Optional<InvitationEntity> entity(RealmModel realm, String id) {
        InvitationEntity e = id == null ? null : em.find(InvitationEntity.class, id);
        return e != null && e.getRealmId().equals(realm.getId()) ? Optional.of(e) : Optional.empty();
    }

    private TypedQuery<InvitationEntity> query(RealmModel realm, Optional<InvitationStatus> status,
                                               Optional<String> sponsorId, Optional<String> email) {
        StringBuilder jpql = new StringBuilder("select i from InvitationEntity i where i.realmId = :realmId");
        status.ifPresent(s -> jpql.append(switch (s) {
            case PENDING -> " and i.status = 'PENDING' and i.deadline >= :now";
            case EXPIRED -> " and i.status = 'PENDING' and i.deadline < :now";
            case REDEEMED -> " and i.status = 'REDEEMED'";
            case REVOKED -> " and i.status = 'REVOKED'";
        }));
        sponsorId.ifPresent(s -> jpql.append(" and i.sponsorId = :sponsorId"));
        email.ifPresent(s -> jpql.append(" and i.email = :email"));
        jpql.append(" order by i.createdAt desc, i.id");
        TypedQuery<InvitationEntity> q = em.createQuery(jpql.toString(), InvitationEntity.class)
                .setParameter("realmId", realm.getId());
        if (status.filter(s -> s == InvitationStatus.PENDING || s == InvitationStatus.EXPIRED).isPresent()) {
            q.setParameter("now", (long) Time.currentTime());
        }
        sponsorId.ifPresent(s -> q.setParameter("sponsorId", s));
        email.ifPresent(s -> q.setParameter("email", s));
        return q;
    }

    /** A new link id (the previous link stops working), stamped as sent now; the mail follows. */
    private static void newLink(InvitationEntity e) {
        e.setTokenId(UUID.randomUUID().toString());
        e.setSentAt(Time.currentTimeMillis());
        e.setSendCount(e.getSendCount() + 1);
    }

    /** The longest access the policy governing the invitee allows (judged as at redemption: the address, verified). */
    private Optional<Duration> maxAccess(RealmModel realm, UserModel existing, String email) {
        if (existing != null) {
            return GoverningPolicy.of(session, realm, existing).flatMap(p -> p.governance().maxAccess());
        }
        return RealmPolicies.of(realm).evaluate(PartialUserFacts.ofEmail(email, true), email, false).applied()
                .flatMap(v -> v.policy().governance().maxAccess());
    }

    private static void requireOpen(InvitationEntity e) {
        if (!InvitationStatus.PENDING.name().equals(e.getStatus())) {
            throw new InvitationRefusedException(InvitationRefusal.NOT_PENDING, "it is " + e.getStatus().toLowerCase(Locale.ROOT));
        }
    }

    private int days(Optional<Integer> requested) {
        GovernanceOptions options = GovernanceOptions.of(session);
        int days = requested.orElse(options.invitationDays());
        if (days < 1 || days > options.maxInvitationDays()) {
            throw new InvitationRefusedException(InvitationRefusal.BAD_DAYS, "between 1 and " + options.maxInvitationDays());
        }
        return days;
    }

    static String normalised(String email) {
        String n = normalisedOrNull(email);
        if (n == null) {
            throw new InvitationRefusedException(InvitationRefusal.INVALID_EMAIL);
        }
        return n;
    }

    private static String normalisedOrNull(String email) {
        if (email == null) {
            return null;
        }
        String e = email.strip().toLowerCase(Locale.ROOT);
        boolean plain = e.length() <= 254 && e.indexOf('@') > 0 && e.indexOf('@') == e.lastIndexOf('@')
                && e.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '<' || c == '>' || c == ',');
        return plain && EmailDomains.ofEmail(e).isPresent() ? e : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
