package dev.gatehouse.governance.audit;

import java.time.Instant;
import java.util.Optional;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.events.GatehouseError;

/**
 * Keycloak events for governance: each stage of a user ({@code EXECUTE_ACTIONS} with the stage, policy and sponsor
 * as details) and each refused sponsor link ({@code EXECUTE_ACTION_TOKEN_ERROR} with a Gatehouse error code).
 * Stored when the realm keeps events, and seen by every event listener (the SIEM webhook among them).
 */
public final class GovernanceEvents {

    /** The sponsor detail of a user who has none. */
    public static final String NO_SPONSOR = "none";

    private GovernanceEvents() {
    }

    /** A stage a user reached. {@code sponsor} is the sponsor's user id, or empty. */
    public static void stage(KeycloakSession session, RealmModel realm, UserModel user, GovernanceStage stage,
                             String policy, Optional<String> sponsor, String reason) {
        EventBuilder event = builder(session, realm).event(EventType.EXECUTE_ACTIONS)
                .user(user == null ? null : user.getId())
                .detail(GatehouseDetail.GOVERNANCE_STAGE, stage.id())
                .detail(GatehouseDetail.SPONSOR, sponsor.orElse(NO_SPONSOR));
        if (policy != null) {
            event.detail(GatehouseDetail.POLICY, policy);
        }
        if (reason != null) {
            event.detail(GatehouseDetail.GOVERNANCE_REASON, reason);
        }
        if (user != null) {
            event.detail("username", user.getUsername());
        }
        event.success();
    }

    /** As {@link #stage}, with the end date (and group) it concerns. */
    public static void endDate(KeycloakSession session, RealmModel realm, UserModel user, GovernanceStage stage,
                               String policy, Optional<String> sponsor, Instant end, Optional<String> groupId) {
        EventBuilder event = builder(session, realm).event(EventType.EXECUTE_ACTIONS)
                .user(user.getId())
                .detail("username", user.getUsername())
                .detail(GatehouseDetail.GOVERNANCE_STAGE, stage.id())
                .detail(GatehouseDetail.SPONSOR, sponsor.orElse(NO_SPONSOR))
                .detail(GatehouseDetail.END_DATE, end.toString());
        if (policy != null) {
            event.detail(GatehouseDetail.POLICY, policy);
        }
        groupId.ifPresent(g -> event.detail(GatehouseDetail.GROUP, g));
        event.success();
    }

    /** A refused sponsor link: the user it names (if it could be read), the sponsor, what was refused. */
    public static void refused(KeycloakSession session, RealmModel realm, String userId, String sponsorId, String action,
                               GatehouseError error, String reason) {
        EventBuilder event = builder(session, realm).event(EventType.EXECUTE_ACTION_TOKEN_ERROR).user(userId)
                .detail(GatehouseDetail.SPONSOR, sponsorId == null ? NO_SPONSOR : sponsorId)
                .detail("action", action == null ? "unknown" : action);
        if (reason != null) {
            event.detail(GatehouseDetail.GOVERNANCE_REASON, reason);
        }
        event.error(error.code());
    }

    private static EventBuilder builder(KeycloakSession session, RealmModel realm) {
        // a scheduled run has no request, hence no client connection: the event then carries no address
        org.keycloak.common.ClientConnection connection;
        try {
            connection = session.getContext().getConnection();
        } catch (RuntimeException noRequest) {
            connection = null;
        }
        return connection == null ? new EventBuilder(realm, session) : new EventBuilder(realm, session, connection);
    }
}
