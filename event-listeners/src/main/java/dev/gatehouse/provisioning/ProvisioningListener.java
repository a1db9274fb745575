package dev.gatehouse.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.SecurityDecisionKind;
import dev.gatehouse.policy.ExternalUserPolicyPage;
import dev.gatehouse.policy.TokenAccessDenial;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * Keycloak calls {@link #onEvent} for a successful user or admin event inside the request's transaction, before
 * it commits: the outbox row is written in that transaction, so it exists exactly when the change does. Once the
 * transaction has committed the worker is woken, so delivery does not wait for its next poll.
 */
final class ProvisioningListener implements EventListenerProvider {

    private final KeycloakSession session;
    private final ChangeRecorder recorder;

    /** Whether this session's after-commit wake is enlisted (once: it may be asked for before the commit starts). */
    private boolean wakeEnlisted;

    ProvisioningListener(KeycloakSession session, Runnable wakeWorker) {
        this.session = session;
        this.recorder = new ChangeRecorder(session, () -> {
            if (wakeEnlisted) {
                return;
            }
            wakeEnlisted = true;
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    wakeWorker.run();
                }

                @Override
                protected void rollbackImpl() {
                }
            });
        });
    }

    ChangeRecorder recorder() {
        return recorder;
    }

    @Override
    public void onEvent(Event event) {
        // Taken by every error event, also in realms without targets: the guard's note never outlives its event.
        Optional<TokenAccessDenial> denial = event.getError() == null ? Optional.empty() : TokenAccessDenial.take(event.getUserId());
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || RealmTargets.enabled(realm).isEmpty()) {
            return;
        }
        SecurityDecision.of(event, denial)
                .ifPresent(d -> recorder.securityEvent(realm, event.getUserId(), d.name(), d.details()));
        recorder.signals().onEvent(realm, event, denial);
        if (event.getError() != null || event.getUserId() == null) {
            return;
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        switch (event.getType()) {
            case LOGIN -> {
                recorder.signedIn(realm, user);
                // An identity provider that syncs on every login has just changed the user without an event of its own.
                if (BrokeredLogin.mayHaveUpdated(session, event)) {
                    recorder.changed(realm, user);
                }
            }
            case REGISTER, IDENTITY_PROVIDER_FIRST_LOGIN -> recorder.signedIn(realm, user);
            case UPDATE_PROFILE, UPDATE_EMAIL, VERIFY_EMAIL, USER_DISABLED_BY_PERMANENT_LOCKOUT -> recorder.changed(realm, user);
            default -> {
            }
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || RealmTargets.enabled(realm).isEmpty()) {
            return;
        }
        Optional<AdminUserChange> change = AdminUserChange.of(event);
        if (change.isPresent()) {
            UserModel user = session.users().getUserById(realm, change.get().userId());
            if (user == null) {
                return;
            }
            switch (change.get().kind()) {
                case CREATED -> recorder.signedIn(realm, user);
                case UPDATED -> recorder.changed(realm, user);
                case RECREATED -> {
                    // A new id is enrolled; the same id (deleted a moment ago in this transaction) is sent as it is now.
                    recorder.signedIn(realm, user);
                    recorder.changed(realm, user);
                }
            }
        } else if (event.getResourceType() == ResourceType.COMPONENT && isPolicy(realm, event)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("operation", event.getOperationType().name());
            details.put("component", event.getResourcePath());
            details.put("time", event.getTime());
            if (event.getAuthDetails() != null) {
                details.put("byUserId", event.getAuthDetails().getUserId());
            }
            recorder.securityEvent(realm, null, SecurityDecisionKind.POLICY_CHANGED.id(), details);
        }
    }

    private boolean isPolicy(RealmModel realm, AdminEvent event) {
        String path = event.getResourcePath();
        if (path == null || !path.startsWith("components/")) {
            return false;
        }
        ComponentModel component = realm.getComponent(path.substring("components/".length()));
        // A deleted component is gone by now and cannot be told apart from other components: not reported.
        return component != null && ExternalUserPolicyPage.ID.equals(component.getProviderId());
    }

    @Override
    public void close() {
    }
}
