package dev.gatehouse.governance.invitation;

import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.external.PartialUserFacts;
import dev.gatehouse.governance.sponsor.SponsorRefusedException;
import dev.gatehouse.governance.sponsor.Sponsors;
import dev.gatehouse.policy.ExternalUsers;

/**
 * Whether a link may redeem its invitation now, judged from the stored invitation (never from the token alone):
 * bound to it (user id, email, current link id), pending, before the deadline, the sponsor still eligible, the
 * address still external, and no other account holding the address. Run on the first click, again before the
 * account is made, and again on redemption.
 */
final class RedemptionCheck {

    private final KeycloakSession session;
    private final RealmModel realm;

    RedemptionCheck(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The invitation the token may redeem, or why not. */
    Result check(InvitationToken token) {
        Optional<InvitationEntity> found = Invitations.of(session).entity(realm, token.getInvitationId());
        if (found.isEmpty()) {
            return Result.refused(LinkRefusal.INVALID, null);
        }
        InvitationEntity inv = found.get();
        if (!inv.getUserId().equals(token.getUserId()) || token.getEmail() == null
                || !inv.getEmail().equalsIgnoreCase(token.getEmail())) {
            return Result.refused(LinkRefusal.INVALID, inv);
        }
        switch (InvitationStatus.valueOf(inv.getStatus())) {
            case REVOKED -> {
                return Result.refused(LinkRefusal.REVOKED, inv);
            }
            case REDEEMED -> {
                return Result.refused(LinkRefusal.REDEEMED, inv);
            }
            default -> {
            }
        }
        if (!inv.getTokenId().equals(token.getId())) {
            return Result.refused(LinkRefusal.SUPERSEDED, inv);
        }
        if (Time.currentTime() > inv.getDeadline()) {
            return Result.refused(LinkRefusal.EXPIRED, inv);
        }
        UserModel sponsor = session.users().getUserById(realm, inv.getSponsorId());
        try {
            if (sponsor == null) {
                return Result.refused(LinkRefusal.NOT_REDEEMABLE, inv);
            }
            Sponsors.of(session).requireEligibleSponsor(realm, sponsor);
        } catch (SponsorRefusedException e) {
            return Result.refused(LinkRefusal.NOT_REDEEMABLE, inv);
        }
        UserModel user = session.users().getUserById(realm, inv.getUserId());
        boolean redeemable = user != null
                ? inv.getEmail().equalsIgnoreCase(user.getEmail()) && ExternalUsers.isExternal(session, realm, user)
                : session.users().getUserByEmail(realm, inv.getEmail()) == null
                        && session.users().getUserByUsername(realm, inv.getEmail()) == null
                        && ExternalUsers.isExternal(realm, PartialUserFacts.ofEmail(inv.getEmail(), true));
        return redeemable ? new Result(inv, Optional.empty()) : Result.refused(LinkRefusal.NOT_REDEEMABLE, inv);
    }

    /** The invitation (null when none matched) and the refusal, if any. */
    record Result(InvitationEntity invitation, Optional<LinkRefusal> refusal) {

        static Result refused(LinkRefusal why, InvitationEntity invitation) {
            return new Result(invitation, Optional.of(why));
        }
    }
}
