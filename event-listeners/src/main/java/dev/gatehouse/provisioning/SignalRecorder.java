package dev.gatehouse.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.SessionEnded;
import dev.gatehouse.policy.TokenAccessDenial;
import dev.gatehouse.provisioning.outbox.Enrolments;
import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.ssf.Signal;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmIssuer;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.SignalType;
import dev.gatehouse.provisioning.target.UserAudience;

/**
 * Turns Gatehouse's decisions into Shared Signals for the realm's receivers (targets of kind {@code ssf}), as outbox
 * rows written in the transaction of the decision, keyed by user so each user's events reach a receiver in order:
 * <ul>
 * <li>CAEP {@code session-revoked}: a session Gatehouse ended (its {@code LOGOUT} event: an admin ending a policy's
 * sessions), or whose token access a policy limit ended (the guard's refusal; once per session);</li>
 * <li>CAEP {@code assurance-level-change}: a sign-in whose step-up ran now (not one verified earlier);</li>
 * <li>RISC {@code account-disabled} / {@code account-enabled}: the user's enabled flag differs from what the receiver
 * was last told (any path: admin, lifecycle workflow); {@code account-purged}: the user is deleted.</li>
 * </ul>
 * Only users in a receiver's audience ({@code users}) and only the events it chose.
 */
final class SignalRecorder {

    static final String ENABLED = "enabled";
    static final String DISABLED = "disabled";
    /** How long one session's revocation by a limit is remembered, so repeated refused refreshes send it once. */
    private static final int REVOKED_MEMORY_SECONDS = 86_400;

    private final KeycloakSession session;
    private Runnable onFirstWrite;

    SignalRecorder(KeycloakSession session, Runnable onFirstWrite) {
        this.session = session;
        this.onFirstWrite = onFirstWrite;
    }

    /** A Keycloak event that may carry one of Gatehouse's decisions. */
    void onEvent(RealmModel realm, Event event, Optional<TokenAccessDenial> denial) {
        if (event.getError() != null) {
            // The guard knows the user even when Keycloak's error event does not name them.
            denial.filter(d -> d.endedSession() != null && d.userId() != null).ifPresent(d -> limitEnded(realm, d.userId(), d));
            return;
        }
        if (event.getUserId() == null) {
            return;
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getType() == EventType.LOGOUT) {
            SessionEnded.of(details).ifPresent(ended -> sessionEnded(realm, event, ended));
        } else if (event.getType() == EventType.LOGIN && details.get(SessionEnded.POLICY) != null
                && !"true".equals(details.get(VERIFIED_EARLIER)) && !NO_STEP_UP.equals(details.get(METHOD))) {
            steppedUp(realm, event, details);
        }
    }

    private static final String METHOD = GatehouseDetail.METHOD;
    private static final String VERIFIED_EARLIER = GatehouseDetail.VERIFIED_EARLIER;
    private static final String NO_STEP_UP = GatehouseDetail.NO_STEP_UP;

    private void sessionEnded(RealmModel realm, Event event, SessionEnded ended) {
        UserModel user = session.users().getUserById(realm, event.getUserId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("initiating_entity", ended.by().id());
        claims.put("reason_admin", SignalReasons.admin(ended.by() == SessionEnded.Initiator.ADMIN
                ? "An admin ended the sessions of Gatehouse policy '" + ended.policy() + "'."
                : "Gatehouse policy '" + ended.policy() + "' ended the session."));
        policy(realm, ended.policy()).map(p -> SignalReasons.user(session, realm, p)).filter(m -> !m.isEmpty())
                .ifPresent(m -> claims.put("reason_user", m));
        send(realm, user, SignalType.SESSION_REVOKED, event.getSessionId(), toSeconds(event.getTime()), claims);
    }

    private void limitEnded(RealmModel realm, String userId, TokenAccessDenial denial) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null || receivers(realm, user, SignalType.SESSION_REVOKED).isEmpty()
                || !session.singleUseObjects().putIfAbsent("gatehouse.ssf.revoked." + denial.endedSession(), REVOKED_MEMORY_SECONDS)) {
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("initiating_entity", SessionEnded.Initiator.POLICY.id());
        claims.put("reason_admin", SignalReasons.admin("Gatehouse policy '" + denial.policy() + "' ended the session's "
                + "token access: " + denial.reason() + "."));
        policy(realm, denial.policy()).map(p -> SignalReasons.user(session, realm, p)).filter(m -> !m.isEmpty())
                .ifPresent(m -> claims.put("reason_user", m));
        send(realm, user, SignalType.SESSION_REVOKED, denial.endedSession(), Time.currentTime(), claims);
    }

    /**
     * The step-up raised the sign-in from the password alone to a second factor. Levels in the RFC 8176 (amr)
     * namespace: {@code pwd} before, {@code mfa} after; the method and policy are named in {@code reason_admin}.
     */
    private void steppedUp(RealmModel realm, Event event, Map<String, String> details) {
        UserModel user = session.users().getUserById(realm, event.getUserId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("namespace", "RFC8176");
        claims.put("previous_level", "pwd");
        claims.put("current_level", "mfa");
        claims.put("change_direction", "increase");
        claims.put("initiating_entity", SessionEnded.Initiator.POLICY.id());
        claims.put("reason_admin", SignalReasons.admin("Step-up by " + details.get(METHOD) + " required by Gatehouse policy '"
                + details.get(SessionEnded.POLICY) + "'."));
        send(realm, user, SignalType.ASSURANCE_LEVEL_CHANGE, event.getSessionId(), toSeconds(event.getTime()), claims);
    }

    /** The user changed: tell receivers whose last word on the account differs from its enabled flag now. */
    void accountChanged(RealmModel realm, UserModel user) {
        String now = user.isEnabled() ? ENABLED : DISABLED;
        Enrolments enrolments = new Enrolments(session);
        for (ProvisioningTarget receiver : receivers(realm, user, null)) {
            Optional<String> told = enrolments.accountState(receiver.id(), user.getId());
            if (told.filter(now::equals).isPresent()) {
                continue;
            }
            enrolments.recordAccountState(realm.getId(), receiver.id(), user.getId(), now);
            // Never told before: an enabled account is news to nobody; a disabled one is (its disable is this change).
            SignalType type = user.isEnabled() ? (told.isEmpty() ? null : SignalType.ACCOUNT_ENABLED) : SignalType.ACCOUNT_DISABLED;
            if (type != null && receiver.receiver().sends(type)) {
                append(realm, receiver, user, type, null, Time.currentTime(), Map.of());
            }
        }
    }

    /** The user is about to be deleted (their data still readable). */
    void accountPurged(RealmModel realm, UserModel user) {
        Enrolments enrolments = new Enrolments(session);
        for (ProvisioningTarget receiver : receivers(realm, user, SignalType.ACCOUNT_PURGED)) {
            append(realm, receiver, user, SignalType.ACCOUNT_PURGED, null, Time.currentTime(), Map.of());
        }
        RealmTargets.enabled(realm).stream().filter(ProvisioningTarget::isReceiver)
                .forEach(r -> enrolments.unenrol(r.id(), user.getId()));
    }

    private void send(RealmModel realm, UserModel user, SignalType type, String sessionId, long at, Map<String, Object> claims) {
        if (user == null) {
            return;
        }
        for (ProvisioningTarget receiver : receivers(realm, user, type)) {
            append(realm, receiver, user, type, sessionId, at, claims);
        }
    }

    /** Enabled receivers whose audience has the user and, when {@code type} is given, that chose it. */
    private List<ProvisioningTarget> receivers(RealmModel realm, UserModel user, SignalType type) {
        return RealmTargets.enabled(realm).stream()
                .filter(ProvisioningTarget::isReceiver)
                .filter(r -> type == null || r.receiver().sends(type))
                .filter(r -> UserAudience.includes(session, realm, r, user))
                .toList();
    }

    private void append(RealmModel realm, ProvisioningTarget receiver, UserModel user, SignalType type, String sessionId,
                        long at, Map<String, Object> claims) {
        if (onFirstWrite != null) {
            onFirstWrite.run();
            onFirstWrite = null;
        }
        Signal signal = new Signal(RealmIssuer.resolve(session, realm, receiver.receiver()).orElse(null), user.getId(),
                user.getEmail(), sessionId, at, claims);
        new Outbox(session).enqueue(realm.getId(), receiver.id(), user.getId(), type.rowType(), ChangeRecorder.json(signal));
    }

    private static Optional<ExternalUserPolicy> policy(RealmModel realm, String name) {
        return RealmPolicies.of(realm).all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static long toSeconds(long millis) {
        return millis > 0 ? millis / 1000 : Time.currentTime();
    }
}
