package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GroupSyncHousekeepingTest {

    @Test
    void theMovedGroupAndEverythingBelowItGetTheNewPath() {
        assertEquals("/b", GroupSyncHousekeeping.moved("/a", "/a", "/b"));
        assertEquals("/b/x/y", GroupSyncHousekeeping.moved("a/x/y/", "/a", "/b"));
    }

    @Test
    void siblingsSharingAPrefixAndUnrelatedPathsAreLeftAlone() {
        assertNull(GroupSyncHousekeeping.moved("/ab", "/a", "/b"));
        assertNull(GroupSyncHousekeeping.moved("/c/a", "/a", "/b"));
        assertNull(GroupSyncHousekeeping.moved(null, "/a", "/b"));
    }
}
