package dev.gatehouse.provisioning.sync;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.quarantine.TargetStatus;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/** A full sync's progress or outcome, after the target's state in the console's status column. */
final class SyncStatusNote {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private SyncStatusNote() {
    }

    static void write(KeycloakSession session, RealmModel realm, ProvisioningTarget target, SyncState state, long read,
                      long queued, Long total, String error) {
        TargetStatus.writeWithNote(session, realm, target, text(state, read, queued, total, error));
    }

    static String text(SyncState state, long read, long queued, Long total, String error) {
        String counts = String.format(Locale.ROOT, "%,d users read%s, %,d queued", read,
                total == null ? "" : String.format(Locale.ROOT, " of about %,d", total), queued);
        return switch (state) {
            case QUEUED, RUNNING -> "full sync running: " + counts;
            case DONE -> "full sync done " + UTC.format(Instant.ofEpochMilli(Time.currentTimeMillis())) + ": " + counts;
            case CANCELLED -> "full sync cancelled " + UTC.format(Instant.ofEpochMilli(Time.currentTimeMillis())) + ": " + counts;
            case FAILED -> "full sync failed: " + (error == null ? "" : error + "; ") + counts;
        };
    }
}
