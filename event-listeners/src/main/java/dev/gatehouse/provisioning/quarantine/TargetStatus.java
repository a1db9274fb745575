package dev.gatehouse.provisioning.quarantine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.TargetConfig;

/**
 * The target's state as one line of text in its component config ({@link TargetConfig#STATUS}), so the console's
 * list of targets can show it: Active, Disabled, or Quarantined since when and why. It is only a display copy:
 * the state lives in {@code GH_PROV_TARGET_HEALTH}, and the copy is written where a transition is decided, in
 * the same transaction and under the same row lock, or recomputed from that table when an admin saves.
 */
public final class TargetStatus {

    public static final String ACTIVE = "Active";
    public static final String DISABLED = "Disabled";

    /** Marks the session while it writes a status, so the save skips validation and the connection test. */
    private static final String WRITING = TargetStatus.class.getName() + ".writing";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private TargetStatus() {
    }

    public static String describe(boolean enabled, TargetHealth health, Duration probeInterval) {
        if (!enabled) {
            return DISABLED;
        }
        if (health == null || !health.quarantined()) {
            return ACTIVE;
        }
        String reason = health.reason() == null ? "" : health.reason();
        int last = reason.indexOf(QuarantineDecision.LAST_FAILURE);
        return "Quarantined since " + UTC.format(Instant.ofEpochMilli(health.quarantinedSince())) + ": "
                + (last < 0 ? reason : reason.substring(0, last)) + "; one probe every " + probeInterval.toSeconds() + " s";
    }

    /** What an admin's save stores: recomputed from the health table, whatever value was submitted. */
    public static String onSave(KeycloakSession session, ProvisioningTarget target) {
        TargetHealth health = target.id() == null ? null : new TargetHealthStore(session).lockedHealth(target.id());
        return describe(target.enabled(), health, target.quarantine().probeInterval());
    }

    /** True while {@link #write} saves this component: nothing but the status changed. */
    public static boolean isBeingWritten(KeycloakSession session, ComponentModel model) {
        return model.getId() != null && model.getId().equals(session.getAttribute(WRITING));
    }

    /**
     * Copies the new state into the target's component after a transition. The rest of the stored config is
     * unchanged and was valid when saved, so this save is not validated again: it must not fail because, say, a
     * vault entry has gone since, and it must not call the target.
     */
    static void write(KeycloakSession session, RealmModel realm, ProvisioningTarget target, TargetHealth health) {
        write(session, realm, target, health, null);
    }

    /**
     * The target's state as it stands (read under its health row lock) followed by a note, e.g. a full sync's
     * progress; the note stays until the next transition or save writes the state alone.
     */
    public static void writeWithNote(KeycloakSession session, RealmModel realm, ProvisioningTarget target, String note) {
        write(session, realm, target, new TargetHealthStore(session).lockedHealth(target.id()), note);
    }

    private static void write(KeycloakSession session, RealmModel realm, ProvisioningTarget target, TargetHealth health, String note) {
        ComponentModel stored = realm == null ? null : realm.getComponent(target.id());
        String text = describe(target.enabled(), health, target.quarantine().probeInterval()) + (note == null ? "" : "; " + note);
        if (stored == null || text.equals(stored.get(TargetConfig.STATUS))) {
            return;
        }
        ComponentModel updated = new ComponentModel(stored); // the cached model is shared: change a copy
        updated.getConfig().putSingle(TargetConfig.STATUS, text);
        session.setAttribute(WRITING, target.id());
        try {
            realm.updateComponent(updated);
        } finally {
            session.removeAttribute(WRITING);
        }
    }
}
