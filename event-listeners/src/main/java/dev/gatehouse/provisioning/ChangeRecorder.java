package dev.gatehouse.provisioning;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.provisioning.outbox.Enrolments;
import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.outbox.OutboxEntryEntity;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.UserAudience;
import dev.gatehouse.provisioning.change.ChangeType;
import dev.gatehouse.provisioning.change.UserSnapshot;

/**
 * Turns what happened to a user into outbox rows, one per target that should hear of it, in the transaction of
 * the change. Decides enrolment: a target first hears of a user on sign-in, registration or admin create (if the
 * user is in its audience); afterwards it hears of every change. Several changes to one user in one transaction
 * become one row per target.
 */
public final class ChangeRecorder {

    private final KeycloakSession session;
    /** Rows this transaction wrote, by target and user, so a second change updates the row instead. */
    private final Map<String, OutboxEntryEntity> written = new HashMap<>();
    private Runnable onFirstWrite;
    /** Enlists the worker's after-commit wake; null when the caller wakes it (full sync). */
    private final Runnable wake;
    /** Users to record as changed when the transaction commits ({@link #changedAtCommit}). */
    private final Set<String> atCommit = new LinkedHashSet<>();
    /** Users this transaction recorded as deleted, so Keycloak's after-removal event does not record them again. */
    private final Set<String> deletedUsers = new java.util.HashSet<>();
    /** Shared Signals receivers hear of account changes from the same calls. */
    private final SignalRecorder signals;

    ChangeRecorder(KeycloakSession session, Runnable onFirstWrite) {
        this.session = session;
        this.onFirstWrite = onFirstWrite;
        this.wake = onFirstWrite;
        this.signals = new SignalRecorder(session, onFirstWrite);
    }

    SignalRecorder signals() {
        return signals;
    }

    /** Sign-in, registration, first broker login: enrol at the targets whose audience has the user. */
    void signedIn(RealmModel realm, UserModel user) {
        for (ProvisioningTarget target : RealmTargets.enabled(realm)) {
            if (target.isReceiver() || !user.isEnabled() || !UserAudience.includes(session, realm, target, user)) {
                continue;
            }
            Enrolments enrolments = new Enrolments(session);
            if (enrolments.enrolment(target.id(), user.getId()).isEmpty()) {
                enrolments.enrol(realm.getId(), target.id(), user.getId());
                write(realm, target, user.getId(), ChangeType.PROVISIONED, UserSnapshot.of(user));
            } else if (target.resyncOnLogin()) {
                write(realm, target, user.getId(), ChangeType.UPDATED, UserSnapshot.of(user));
            }
        }
    }

    /** Profile, email, attributes, enabled flag or group membership changed. */
    void changed(RealmModel realm, UserModel user) {
        signals.accountChanged(realm, user);
        UserSnapshot snapshot = null;
        for (ProvisioningTarget target : enrolledTargets(realm, user.getId())) {
            snapshot = snapshot == null ? UserSnapshot.of(user) : snapshot;
            boolean keep = user.isEnabled() && UserAudience.includes(session, realm, target, user);
            write(realm, target, user.getId(), keep ? ChangeType.UPDATED : ChangeType.DEPROVISIONED, snapshot);
        }
    }

    /**
     * Changed by something announced before it is done (a group about to be deleted, whose members lose it) or
     * whose change reaches many members at once (a group renamed or moved: their group paths change): the user is
     * recorded as {@link #changed} just before the transaction commits, so the snapshot holds the finished change.
     */
    void changedAtCommit(RealmModel realm, String userId) {
        if (atCommit.isEmpty()) {
            // Nothing can be enlisted once the commit has begun: the wake for the rows written then is enlisted now.
            if (wake != null) {
                wake.run();
            }
            String realmId = realm.getId();
            session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    RealmModel current = session.realms().getRealm(realmId);
                    if (current == null) {
                        return;
                    }
                    for (String id : atCommit) {
                        UserModel user = session.users().getUserById(current, id);
                        if (user != null) {
                            changed(current, user);
                        }
                    }
                }

                @Override
                protected void rollbackImpl() {
                }
            });
        }
        atCommit.add(userId);
    }

    /**
     * Deleted without {@code UserPreRemovedEvent}: Keycloak removes a federated user its directory no longer has
     * (LDAP's "remove invalid users", the default) straight from its local store, announcing only
     * {@code UserRemovedEvent} afterwards. The user's groups are gone by then, so the snapshot holds only the
     * user's own fields (read from the removed entity, never through a query).
     */
    void removedUnannounced(RealmModel realm, UserModel user) {
        if (!deletedUsers.add(user.getId())) {
            return;
        }
        UserSnapshot snapshot = null;
        for (ProvisioningTarget target : enrolledTargets(realm, user.getId())) {
            snapshot = snapshot == null ? new UserSnapshot(user.getId(), user.getUsername(), user.getEmail(), user.isEmailVerified(),
                    user.getFirstName(), user.getLastName(), user.isEnabled(), Map.of(), List.of()) : snapshot;
            write(realm, target, user.getId(), ChangeType.DELETED, snapshot);
        }
    }

    /** About to be deleted: the snapshot is taken while the user and their groups still exist. */
    void deleted(RealmModel realm, UserModel user) {
        deletedUsers.add(user.getId());
        signals.accountPurged(realm, user);
        UserSnapshot snapshot = null;
        for (ProvisioningTarget target : enrolledTargets(realm, user.getId())) {
            snapshot = snapshot == null ? UserSnapshot.of(user) : snapshot;
            write(realm, target, user.getId(), ChangeType.DELETED, snapshot);
        }
    }

    /**
     * A full re-sync of one user to one target: users in its audience are enrolled (if new) and sent as they are;
     * enrolled users who left the audience or are disabled are deprovisioned. Returns whether a row was written.
     */
    boolean resync(RealmModel realm, ProvisioningTarget target, UserModel user) {
        Enrolments enrolments = new Enrolments(session);
        boolean enrolled = enrolments.enrolment(target.id(), user.getId()).isPresent();
        ChangeType change = currentState(session, realm, target, user, enrolled);
        if (change == null) {
            return false;
        }
        if (change == ChangeType.PROVISIONED) {
            enrolments.enrol(realm.getId(), target.id(), user.getId());
        }
        write(realm, target, user.getId(), change, UserSnapshot.of(user));
        return true;
    }

    /**
     * What bringing the target up to the user's current state takes: the user in its audience is sent as they are
     * (provisioned when not enrolled yet), an enrolled user who is disabled or left the audience is deprovisioned;
     * null when the target has nothing to hear.
     */
    public static ChangeType currentState(KeycloakSession session, RealmModel realm, ProvisioningTarget target, UserModel user,
                                   boolean enrolled) {
        if (user.isEnabled() && UserAudience.includes(session, realm, target, user)) {
            return enrolled ? ChangeType.UPDATED : ChangeType.PROVISIONED;
        }
        return enrolled ? ChangeType.DEPROVISIONED : null;
    }

    /** A Gatehouse security decision for the targets subscribed to them (webhooks, e.g. a SIEM). */
    void securityEvent(RealmModel realm, String subject, String type, Map<String, Object> event) {
        for (ProvisioningTarget target : RealmTargets.enabled(realm)) {
            if (target.securityEvents() && target.kind() == ProvisioningTarget.Kind.WEBHOOK) {
                append(realm, target, subject == null ? "-" : subject, ChangeType.SECURITY_PREFIX + type, json(event));
            }
        }
    }

    private List<ProvisioningTarget> enrolledTargets(RealmModel realm, String userId) {
        Enrolments enrolments = new Enrolments(session);
        return RealmTargets.enabled(realm).stream()
                .filter(t -> !t.isReceiver() && enrolments.enrolment(t.id(), userId).isPresent())
                .toList();
    }

    private void write(RealmModel realm, ProvisioningTarget target, String userId, ChangeType type, UserSnapshot snapshot) {
        String key = target.id() + ":" + userId;
        OutboxEntryEntity earlier = written.get(key);
        String payload = json(snapshot);
        if (earlier != null && (earlier.getType().equals(type.wireName())
                || (earlier.getType().equals(ChangeType.PROVISIONED.wireName()) && type == ChangeType.UPDATED))) {
            earlier.setPayload(payload);
            return;
        }
        if (earlier != null && earlier.getType().equals(ChangeType.DELETED.wireName()) && type != ChangeType.DELETED) {
            // Deleted and created again with the same id in this transaction (partial import's OVERWRITE): the
            // target keeps the user, enrolment included, and hears of the user as they are now.
            earlier.setType(type == ChangeType.PROVISIONED ? ChangeType.UPDATED.wireName() : type.wireName());
            earlier.setPayload(payload);
            return;
        }
        written.put(key, append(realm, target, userId, type.wireName(), payload));
    }

    private OutboxEntryEntity append(RealmModel realm, ProvisioningTarget target, String subject, String type, String payload) {
        if (onFirstWrite != null) {
            onFirstWrite.run();
            onFirstWrite = null;
        }
        return new Outbox(session).enqueue(realm.getId(), target.id(), subject, type, payload);
    }

    public static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot write provisioning payload", e);
        }
    }
}
