package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class SyncPlanTest {

    @Test
    void firstLoginJoinsEveryAssertedGroup() {
        SyncPlan plan = SyncPlan.of(Set.of("a", "b"), Set.of(), Set.of(), id -> false);
        assertEquals(Set.of("a", "b"), plan.join());
        assertTrue(plan.leave().isEmpty());
    }

    @Test
    void groupsNoLongerAssertedAreLeftOnlyIfThisProviderGrantedThem() {
        SyncPlan plan = SyncPlan.of(Set.of("a"), Set.of("a", "granted", "local"), Set.of("a", "granted"), id -> false);
        assertEquals(Set.of("granted"), plan.leave());
        assertTrue(plan.join().isEmpty());
    }

    @Test
    void anAssertedGroupTheUserAlreadyHasLocallyStaysLocal() {
        SyncPlan plan = SyncPlan.of(Set.of("local"), Set.of("local"), Set.of(), id -> false);
        assertTrue(plan.isEmpty(), "nothing joined, nothing recorded: a later removal upstream keeps it");
    }

    @Test
    void ignoredGroupsAreNeverRemovedEvenIfGrantedBefore() {
        SyncPlan plan = SyncPlan.of(Set.of(), Set.of("admins"), Set.of("admins"), "admins"::equals);
        assertTrue(plan.isEmpty());
    }

    @Test
    void aGrantWhoseMembershipAnAdminRemovedIsForgottenOrRejoined() {
        assertEquals(Set.of("gone"), SyncPlan.of(Set.of(), Set.of(), Set.of("gone"), id -> false).forget());
        SyncPlan rejoin = SyncPlan.of(Set.of("gone"), Set.of(), Set.of("gone"), id -> false);
        assertEquals(Set.of("gone"), rejoin.join());
        assertTrue(rejoin.forget().isEmpty(), "the old grant record is reused");
    }
}
