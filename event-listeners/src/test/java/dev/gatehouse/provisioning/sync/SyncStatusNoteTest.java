package dev.gatehouse.provisioning.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyncStatusNoteTest {

    @Test
    void aRunningJobShowsUsersReadOfTheEstimateAndRowsQueued() {
        assertEquals("full sync running: 120,000 users read of about 1,000,000, 119,500 queued",
                SyncStatusNote.text(SyncState.RUNNING, 120_000, 119_500, 1_000_000L, null));
    }

    @Test
    void aFailedJobShowsWhy() {
        String text = SyncStatusNote.text(SyncState.FAILED, 5, 4, null, "SQLException: disk full");
        assertTrue(text.startsWith("full sync failed: SQLException: disk full; 5 users read, 4 queued"), text);
    }

    @Test
    void settingsOutsideTheirBoundsAreRefusedWithTheKeyNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SyncSettings(0, 60_000, 5_000, 5))
                .getMessage().contains("batch-size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SyncSettings(1000, 1_000, 5_000, 5))
                .getMessage().contains("lease-seconds"));
        assertEquals(1000, SyncSettings.DEFAULTS.batchSize());
    }
}
