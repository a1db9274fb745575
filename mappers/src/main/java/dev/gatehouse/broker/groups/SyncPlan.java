package dev.gatehouse.broker.groups;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one login changes, decided from ids alone: the groups the provider asserts now, the user's direct
 * memberships and the memberships this provider granted before.
 *
 * <ul>
 *   <li>asserted, not a member: join, and record the grant;</li>
 *   <li>asserted, already a member without a grant record: left alone, the membership stays local (an admin's);</li>
 *   <li>granted before, no longer asserted: leave and forget, unless the group is ignored now (never removed);</li>
 *   <li>granted before, no longer a member (an admin removed it): forget; it is joined again if asserted.</li>
 * </ul>
 *
 * @param join   groups to join and record (a grant record kept from before is reused)
 * @param leave  groups to leave and forget
 * @param forget grant records to drop without a membership change
 */
record SyncPlan(Set<String> join, Set<String> leave, Set<String> forget) {

    SyncPlan {
        join = Set.copyOf(join);
        leave = Set.copyOf(leave);
        forget = Set.copyOf(forget);
    }

    static SyncPlan of(Set<String> asserted, Set<String> directMemberships, Set<String> granted, Predicate<String> ignored) {
        Set<String> join = new LinkedHashSet<>();
        Set<String> leave = new LinkedHashSet<>();
        Set<String> forget = new LinkedHashSet<>();
        for (String id : asserted) {
            if (!directMemberships.contains(id)) {
                join.add(id);
            }
        }
        for (String id : granted) {
            if (asserted.contains(id) || ignored.test(id)) {
                continue;
            }
            if (directMemberships.contains(id)) {
                leave.add(id);
            } else {
                forget.add(id);
            }
        }
        return new SyncPlan(join, leave, forget);
    }

    boolean isEmpty() {
        return join.isEmpty() && leave.isEmpty() && forget.isEmpty();
    }
}
