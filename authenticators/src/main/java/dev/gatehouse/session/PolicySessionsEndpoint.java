package dev.gatehouse.session;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.SessionEnded;

/**
 * Ends every session, online and offline, of the users a policy targets (by its rules; in test mode only its
 * test users), with an admin event, and a {@code LOGOUT} event per session naming the policy. Needs the right to
 * manage users.
 */
public final class PolicySessionsEndpoint {

    private static final int PAGE = 200;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final String policyId;

    public PolicySessionsEndpoint(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                  AdminEventBuilder adminEvent, String policyId) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.policyId = policyId;
    }

    /** What was ended. */
    public record Ended(String policy, int users, int sessions, int offlineSessions) {
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Ended endSessions() {
        auth.users().requireManage();
        ExternalUserPolicy policy = RealmPolicies.of(realm).byId(policyId)
                .orElseThrow(() -> new NotFoundException("No Gatehouse policy " + policyId + " in this realm"));
        int users = 0;
        int sessions = 0;
        int offline = 0;
        for (int first = 0; ; first += PAGE) {
            List<UserModel> page = session.users()
                    .searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), first, PAGE).toList();
            for (UserModel user : page) {
                if (!targets(policy, user)) {
                    continue;
                }
                List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
                List<UserSessionModel> offlineSessions = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
                if (online.isEmpty() && offlineSessions.isEmpty()) {
                    continue;
                }
                users++;
                session.users().setNotBeforeForUser(realm, user, Time.currentTime());
                for (UserSessionModel userSession : online) {
                    AuthenticationManager.backchannelLogout(session, realm, userSession, session.getContext().getUri(),
                            session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
                    ended(user, userSession, policy);
                    sessions++;
                }
                for (UserSessionModel userSession : offlineSessions) {
                    session.sessions().removeOfflineUserSession(realm, userSession);
                    ended(user, userSession, policy);
                    offline++;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        Ended ended = new Ended(policy.name(), users, sessions, offline);
        // Keycloak's admin-event filter takes only its own resource types: a custom one answered 500 there.
        adminEvent.operation(OperationType.DELETE).resource(ResourceType.USER_SESSION)
                .resourcePath("gatehouse", "policies", policyId, "sessions")
                .detail(GatehouseDetail.POLICY, policy.name()).representation(ended).success();
        return ended;
    }

    /** One LOGOUT event per ended session, in this transaction: listeners tell relying applications (Shared Signals). */
    private void ended(UserModel user, UserSessionModel userSession, ExternalUserPolicy policy) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGOUT).user(user).session(userSession.getId());
        new SessionEnded(policy.name(), SessionEnded.Initiator.ADMIN).details().forEach(event::detail);
        event.success();
    }

    private boolean targets(ExternalUserPolicy policy, UserModel user) {
        return policy.counts(new KeycloakUserFacts(session, realm, user), user.getUsername());
    }
}
