package dev.gatehouse.policy;

import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AuthenticationManagementResource;

/**
 * Puts the step-up into the flows Keycloak runs for sign-ins through an identity provider, which never reach the
 * browser flow's later steps:
 * <ul>
 * <li>every provider without a post login flow gets {@value #POST_LOGIN_FLOW} (the step-up alone);</li>
 * <li>every provider whose first broker login flow is one of Keycloak's built-in flows (which admins cannot
 * edit) gets {@value #FIRST_BROKER_LOGIN_FLOW}: a copy of it with the step-up at the end, so linking an upstream
 * account to an existing user needs that user's verification before the link is made.</li>
 * </ul>
 * Flows an admin made are left alone; {@link EnforcementGaps} reports those without the step-up.
 */
final class StepUpFlows {

    static final String STEP_UP_ID = Enforcement.STEP_UP_ID;
    static final String POST_LOGIN_FLOW = "gatehouse post login";
    static final String FIRST_BROKER_LOGIN_FLOW = "gatehouse first broker login";

    private static final Logger LOG = Logger.getLogger(StepUpFlows.class);

    private StepUpFlows() {
    }

    /** Wires every identity provider of the realm (the session's context realm must be {@code realm}). */
    static void ensure(KeycloakSession session, RealmModel realm) {
        session.identityProviders().getAllStream().toList().forEach(provider -> ensure(session, realm, provider));
    }

    private static void ensure(KeycloakSession session, RealmModel realm, IdentityProviderModel provider) {
        boolean changed = false;
        if (provider.getPostBrokerLoginFlowId() == null
                || realm.getAuthenticationFlowById(provider.getPostBrokerLoginFlowId()) == null) {
            provider.setPostBrokerLoginFlowId(postLoginFlow(realm).getId());
            changed = true;
        }
        AuthenticationFlowModel firstLogin = firstBrokerLoginFlow(realm, provider);
        if (firstLogin != null && firstLogin.isBuiltIn() && !hasStepUp(realm, firstLogin)) {
            provider.setFirstBrokerLoginFlowId(gatehouseFirstBrokerLoginFlow(session, realm, firstLogin).getId());
            changed = true;
        }
        if (changed) {
            session.identityProviders().update(provider);
            LOG.infof("Gatehouse wired its step-up into the broker flows of identity provider %s in realm %s",
                    provider.getAlias(), realm.getName());
        }
    }

    /** The flow Keycloak runs when an account of the provider signs in for the first time. */
    static AuthenticationFlowModel firstBrokerLoginFlow(RealmModel realm, IdentityProviderModel provider) {
        if (provider.getFirstBrokerLoginFlowId() != null) {
            return realm.getAuthenticationFlowById(provider.getFirstBrokerLoginFlowId());
        }
        return realm.getFirstBrokerLoginFlow();
    }

    private static AuthenticationFlowModel postLoginFlow(RealmModel realm) {
        AuthenticationFlowModel existing = realm.getFlowByAlias(POST_LOGIN_FLOW);
        if (existing != null) {
            return existing;
        }
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(POST_LOGIN_FLOW);
        flow.setDescription("Added by Gatehouse: the external-user step-up after every sign-in through an identity provider.");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow = realm.addAuthenticationFlow(flow);
        addStepUp(realm, flow, 10);
        return flow;
    }

    private static AuthenticationFlowModel gatehouseFirstBrokerLoginFlow(KeycloakSession session, RealmModel realm,
                                                                        AuthenticationFlowModel builtIn) {
        AuthenticationFlowModel existing = realm.getFlowByAlias(FIRST_BROKER_LOGIN_FLOW);
        if (existing != null) {
            return existing;
        }
        AuthenticationFlowModel copy = AuthenticationManagementResource.copyFlow(session, realm, builtIn, FIRST_BROKER_LOGIN_FLOW);
        copy.setDescription("Added by Gatehouse: Keycloak's '" + builtIn.getAlias() + "' with the external-user step-up "
                + "at the end, so a user a policy applies to verifies before an upstream account is linked to them.");
        realm.updateAuthenticationFlow(copy);
        int last = realm.getAuthenticationExecutionsStream(copy.getId())
                .mapToInt(AuthenticationExecutionModel::getPriority).max().orElse(0);
        addStepUp(realm, copy, last + 10);
        return copy;
    }

    private static void addStepUp(RealmModel realm, AuthenticationFlowModel flow, int priority) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(flow.getId());
        execution.setAuthenticator(STEP_UP_ID);
        execution.setRequirement(Requirement.REQUIRED);
        execution.setAuthenticatorFlow(false);
        execution.setPriority(priority);
        realm.addAuthenticatorExecution(execution);
    }

    /**
     * True when the flow runs the step-up whatever happens in it: a REQUIRED step-up reached only through REQUIRED
     * sub-flows (an alternative or conditional branch may be skipped).
     */
    static boolean hasStepUp(RealmModel realm, AuthenticationFlowModel flow) {
        return flow != null && realm.getAuthenticationExecutionsStream(flow.getId())
                .filter(e -> e.getRequirement() == Requirement.REQUIRED)
                .anyMatch(e -> e.isAuthenticatorFlow()
                        ? hasStepUp(realm, realm.getAuthenticationFlowById(e.getFlowId()))
                        : STEP_UP_ID.equals(e.getAuthenticator()));
    }

    static Optional<AuthenticationFlowModel> flowById(RealmModel realm, String id) {
        return Optional.ofNullable(id).map(realm::getAuthenticationFlowById).filter(Objects::nonNull);
    }
}
