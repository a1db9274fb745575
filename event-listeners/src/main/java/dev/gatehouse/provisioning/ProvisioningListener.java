package dev.gatehouse.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.policy.ExternalUserPolicyPage;
import dev.gatehouse.policy.TokenAccessDenial;
import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * Keycloak calls {@link #onEvent} for a successful user or admin event inside the request's transaction, before
 * it commits: the outbox row is written in that transaction, so it exists exactly when the change does. Once the
 * transaction has committed the worker is woken, so delivery does not wait for its next poll.
 */
final class ProvisioningListener implements EventListenerProvider {

    /** Detail and error names of Gatehouse's own decisions start with this. */
    private static final String GATEHOUSE = "gatehouse_";
    /** The step-up's detail naming the policy that applied (set only when one did). */
    private static final String APPLIED_POLICY = "gatehouse_policy";
    private static final String STEP_UP = "gatehouse_step_up";

    private final KeycloakSession session;
    private final ChangeRecorder recorder;

    ProvisioningListener(KeycloakSession session, Runnable wakeWorker) {
        this.session = session;
        this.recorder = new ChangeRecorder(session, () -> session.getTransactionManager().enlistAfterCompletion(
                new AbstractKeycloakTransaction() {
                    @Override
                    protected void commitImpl() {
                        wakeWorker.run();
                    }

                    @Override
                    protected void rollbackImpl() {
                    }
                }));
    }

    ChangeRecorder recorder() {
        return recorder;
    }

    @Override
    public void onEvent(Event event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || RealmTargets.enabled(realm).isEmpty()) {
            return;
        }
        Optional<TokenAccessDenial> denial = event.getError() == null ? Optional.empty() : TokenAccessDenial.takeFrom(session);
        String decision = denial.isPresent() ? "token_access_denied" : securityDecision(event);
        if (decision != null) {
            Map<String, Object> details = describe(event);
            denial.ifPresent(d -> {
                details.put("grant", d.grant());
                details.put("policy", d.policy());
                details.put("reason", d.reason());
            });
            recorder.securityEvent(realm, event.getUserId(), decision, details);
        }
        if (event.getError() != null || event.getUserId() == null) {
            return;
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        switch (event.getType()) {
            case LOGIN, REGISTER, IDENTITY_PROVIDER_FIRST_LOGIN -> recorder.signedIn(realm, user);
            case UPDATE_PROFILE, UPDATE_EMAIL, VERIFY_EMAIL -> recorder.changed(realm, user);
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
        if (event.getResourceType() == ResourceType.USER && event.getResourcePath() != null) {
            String[] path = event.getResourcePath().split("/");
            if (path.length != 2 || !"users".equals(path[0])) {
                return;
            }
            UserModel user = session.users().getUserById(realm, path[1]);
            if (user == null) {
                return;
            }
            if (event.getOperationType() == OperationType.CREATE) {
                recorder.signedIn(realm, user);
            } else if (event.getOperationType() == OperationType.UPDATE) {
                recorder.changed(realm, user);
            }
        } else if (event.getResourceType() == ResourceType.COMPONENT && isPolicy(realm, event)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("operation", event.getOperationType().name());
            details.put("component", event.getResourcePath());
            details.put("time", event.getTime());
            if (event.getAuthDetails() != null) {
                details.put("byUserId", event.getAuthDetails().getUserId());
            }
            recorder.securityEvent(realm, null, "policy_changed", details);
        }
    }

    /**
     * What Gatehouse decided, as a security message names it: a refusal with a Gatehouse error is a failed step-up;
     * a sign-in on which a policy applied passed its step-up; another event with Gatehouse details (say a
     * report-only finding) is named by its Keycloak type. Null for events Gatehouse had no say in.
     */
    private static String securityDecision(Event event) {
        if (event.getError() != null && event.getError().startsWith(GATEHOUSE)) {
            return "step_up_failed";
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getError() == null && details.containsKey(APPLIED_POLICY)) {
            return "step_up_passed";
        }
        // "gatehouse_step_up=none" only says no policy applied: nothing was decided.
        boolean gatehouseDetail = details.entrySet().stream().anyMatch(d -> d.getKey().startsWith(GATEHOUSE)
                && !(STEP_UP.equals(d.getKey()) && "none".equals(d.getValue())));
        return gatehouseDetail ? event.getType().name().toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static Map<String, Object> describe(Event event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", event.getType().name());
        details.put("time", event.getTime());
        details.put("userId", event.getUserId());
        details.put("clientId", event.getClientId());
        details.put("ipAddress", event.getIpAddress());
        if (event.getError() != null) {
            details.put("error", event.getError());
        }
        if (event.getDetails() != null) {
            details.put("details", new LinkedHashMap<>(event.getDetails()));
        }
        return details;
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
