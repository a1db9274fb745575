package dev.gatehouse.governance.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.governance.audit.GovernanceEvents;
import dev.gatehouse.governance.audit.GovernanceStage;
import dev.gatehouse.governance.link.Answer;
import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * A sponsor extends a user's access (or one membership) from a reminder's link: to a number of days from now,
 * through {@link AccessTerms#setEnd}, so never past the governing policy's maximum. Only the end date the reminder
 * was sent for can be extended, once.
 */
public final class Extension {

    /** The extension offered when the policy sets no maximum. */
    public static final int DEFAULT_DAYS = 90;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AccessTerms terms;

    public Extension(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.terms = AccessTerms.of(session);
    }

    /** The running end date the link was sent for, if it still runs unchanged. */
    public Optional<AccessTerm> pending(String userId, Optional<String> groupId, long end) {
        return terms.termsOf(realm, userId).stream()
                .filter(t -> t.groupId().equals(groupId) && t.ended().isEmpty() && t.end().toEpochMilli() == end)
                .findFirst();
    }

    /** The most days the sponsor may extend by now; {@link #DEFAULT_DAYS} when the policy sets no maximum. */
    public int maxDays(UserModel user) {
        return GoverningPolicy.of(session, realm, user).flatMap(p -> p.governance().maxAccess())
                .map(d -> (int) d.toDays()).orElse(DEFAULT_DAYS * 40);
    }

    public int offeredDays(UserModel user) {
        return Math.min(maxDays(user), GoverningPolicy.of(session, realm, user).flatMap(p -> p.governance().maxAccess())
                .map(d -> (int) d.toDays()).orElse(DEFAULT_DAYS));
    }

    public Answer extend(UserModel user, UserModel sponsor, Optional<String> groupId, long end, int days) {
        String name = AccessSchedule.displayName(user);
        if (pending(user.getId(), groupId, end).isEmpty()) {
            return new Answer.Refused(GatehouseError.GOVERNANCE_NOT_PENDING, "gatehouseLinkNotPending", List.of(name),
                    "end date changed or ended");
        }
        Instant newEnd = AccessTerms.now().plus(Duration.ofDays(days));
        try {
            AccessTerm term = groupId.isPresent()
                    ? terms.setMembershipEnd(realm, user.getId(), groupId.get(), newEnd, sponsor.getId())
                    : terms.setEnd(realm, user.getId(), newEnd, sponsor.getId());
            GovernanceEvents.endDate(session, realm, user, GovernanceStage.EXTENDED,
                    GoverningPolicy.of(session, realm, user).map(ExternalUserPolicy::name).orElse(null),
                    Optional.of(sponsor.getId()), term.end(), groupId);
            return new Answer.Done("gatehouseExtendDone", List.of(name, AccessSchedule.DATE.format(term.end())));
        } catch (EndDateRefused refused) {
            if (refused.reason() == EndDateRefused.Reason.BEYOND_MAXIMUM) {
                return new Answer.Refused(GatehouseError.GOVERNANCE_BEYOND_MAXIMUM, "gatehouseExtendBeyondMaximum",
                        List.of(maxDays(user)), refused.getMessage());
            }
            return new Answer.Refused(GatehouseError.GOVERNANCE_NOT_PENDING, "gatehouseLinkNotPending", List.of(name), refused.getMessage());
        }
    }
}
