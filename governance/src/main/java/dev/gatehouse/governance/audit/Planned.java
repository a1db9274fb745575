package dev.gatehouse.governance.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One thing governance will do to a user, and when: what the scheduled run does once {@code at} has passed, and
 * what the dry run lists ahead of time. Both read the same plan, so the dry run says exactly what the run does.
 *
 * @param policy   the governing policy's name (empty for an end date on a user no policy governs)
 * @param sponsors the sponsors who are (or would be) mailed, by user id
 * @param groupId  the group of a membership end date
 */
public record Planned(String userId, Step step, Instant at, Optional<String> policy, List<String> sponsors,
                      Optional<String> groupId, Optional<Instant> end) {

    public Planned {
        sponsors = List.copyOf(sponsors);
    }

    public boolean dueBy(Instant now) {
        return !at.isAfter(now);
    }

    /** The steps, in the order a run takes them. */
    public enum Step {
        /** The policy's maximum gives a user without an end date one. */
        SET_END,
        /** Sponsors are mailed that the access (or membership) ends soon. */
        REMIND,
        /** The end date passed: the user is disabled, or the membership removed. */
        END_ACCESS,
        /** An admin re-enabled a user governance disabled: the path starts over. */
        RESTART,
        /** Sponsors are mailed to attest the user (or a missing required sponsor is recorded). */
        NOTIFY,
        /** Unanswered past the grace period (or still without a sponsor): disabled. */
        DISABLE,
        /** Disabled by governance past the deletion grace period: deleted. */
        DELETE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
