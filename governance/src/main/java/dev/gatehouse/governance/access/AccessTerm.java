package dev.gatehouse.governance.access;

import java.time.Instant;
import java.util.Optional;

/**
 * An end date of an external user's access, or of one of their group memberships.
 *
 * @param groupId       empty for the user's own access
 * @param setBy         who set it: an admin's or sponsor's user id, {@code policy} for the policy's maximum, or an invitation
 * @param remindedEnd   the end date sponsors were last reminded of (a later end date is reminded again)
 * @param ended         when Gatehouse ended the access; empty while it runs
 */
public record AccessTerm(String userId, Optional<String> groupId, Instant end, String setBy, Instant setAt,
                         Optional<Instant> remindedEnd, Optional<Instant> ended) {

    static AccessTerm of(AccessTermEntity e) {
        return new AccessTerm(e.getUserId(), Optional.ofNullable(e.getGroupId()), Instant.ofEpochMilli(e.getEndAt()),
                e.getSetBy(), Instant.ofEpochMilli(e.getSetAt()),
                Optional.ofNullable(e.getRemindedEndAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(e.getEndedAt()).map(Instant::ofEpochMilli));
    }

    public boolean isMembership() {
        return groupId.isPresent();
    }

    /** Whether the sponsors were already reminded of this very end date. */
    public boolean reminded() {
        return remindedEnd.filter(end::equals).isPresent();
    }
}
