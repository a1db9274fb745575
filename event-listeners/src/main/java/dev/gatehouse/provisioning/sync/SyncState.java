package dev.gatehouse.provisioning.sync;

import java.util.Locale;

/** Where a full-sync job is: queued and running are active (one per target), the other three are final. */
public enum SyncState {
    QUEUED, RUNNING, DONE, CANCELLED, FAILED;

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    /** As REST shows it: {@code queued}, {@code running}, ... */
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
