package dev.gatehouse.session;

import java.lang.reflect.Field;

import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.TokenExchangeRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.policy.ExternalUserPolicy;

/**
 * The Keycloak event of the token request the guard judges, so that a refusal names its policy as login events
 * do. Keycloak writes that event itself when the guard refuses, with only the OAuth error; it hands the guard the
 * event on token exchange, and on the token responses only inside the response builder (read by reflection, the
 * one place that does). The CIBA authentication request and the JWT authorization grant give no way to it.
 */
final class RefusalEvent {

    private static final Logger LOG = Logger.getLogger(RefusalEvent.class);
    private static final Field BUILDER_EVENT = builderEvent();

    private RefusalEvent() {
    }

    /** The request's event, or null where Keycloak gives none. */
    static EventBuilder of(ClientPolicyContext context) {
        if (context instanceof TokenExchangeRequestContext exchange) {
            return exchange.getTokenExchangeContext().getEvent();
        }
        TokenManager.AccessTokenResponseBuilder response = null;
        if (context instanceof TokenRefreshResponseContext refresh) {
            response = refresh.getAccessTokenResponseBuilder();
        } else if (context instanceof ResourceOwnerPasswordCredentialsResponseContext password) {
            response = password.getAccessTokenResponseBuilder();
        } else if (context instanceof TokenResponseContext code) {
            response = code.getAccessTokenResponseBuilder();
        } else if (context instanceof DeviceTokenResponseContext device) {
            response = device.getAccessTokenResponseBuilder();
        } else if (context instanceof BackchannelTokenResponseContext ciba) {
            response = ciba.getAccessTokenResponseBuilder();
        }
        if (response == null || BUILDER_EVENT == null) {
            return null;
        }
        try {
            return (EventBuilder) BUILDER_EVENT.get(response);
        } catch (IllegalAccessException | ClassCastException e) {
            return null;
        }
    }

    /** Names the policy and what it refused on the event Keycloak is about to send. */
    static void describe(EventBuilder event, ExternalUserPolicy policy, String grant) {
        if (event != null) {
            event.detail(GatehouseDetail.POLICY, policy.name())
                    .detail(GatehouseDetail.METHOD, policy.method().id())
                    .detail(GatehouseDetail.GRANT, grant);
        }
    }

    private static Field builderEvent() {
        try {
            Field field = TokenManager.AccessTokenResponseBuilder.class.getDeclaredField("event");
            field.setAccessible(true);
            return EventBuilder.class.isAssignableFrom(field.getType()) ? field : null;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.warnf("Gatehouse cannot name the policy on token refusal events with this Keycloak version: %s", e.toString());
            return null;
        }
    }
}
