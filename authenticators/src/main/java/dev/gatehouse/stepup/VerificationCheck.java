package dev.gatehouse.stepup;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.Enforcement;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.session.VerifiedSession;
import dev.gatehouse.stepup.common.StepUpEvents;

/**
 * The backstop. Keycloak evaluates every realm's required actions after any browser sign-in — browser flow, SSO
 * cookie, {@code prompt=none}, sign-in through an identity provider (first or later), reset credentials,
 * registration, action-token links — for OIDC, SAML and the device grant alike, before it makes the SSO session,
 * a code or an assertion. This one is triggered for a user a policy applies to whose sign-in carries no fresh
 * verification under that policy (none of the paths above ran the step-up, or it did not finish), and refuses:
 * a clear page, a {@code LOGIN_ERROR} event, a warning in the log naming the path. Nothing is issued.
 */
public final class VerificationCheck implements RequiredActionProvider {

    public static final String ID = Enforcement.BACKSTOP_ID;
    /** The flow path the sign-in came through, kept from trigger time for the refusal's event and log. */
    private static final String PATH_NOTE = "gatehouse.check.path";
    private static final String TOKEN_ENDPOINT = "/protocol/openid-connect/token";

    private static final Logger LOG = Logger.getLogger(VerificationCheck.class);

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS) != null) {
            return; // an action-token link that ends on an info page: no session, code or assertion follows
        }
        if (context.getUriInfo().getPath().endsWith(TOKEN_ENDPOINT)) {
            // The password grant: the session guard refuses it with its own OAuth error (Keycloak would only say
            // "Account is not fully set up" for a required action).
            return;
        }
        if (unverified(context).isPresent()) {
            // Keycloak evaluates the triggers again on the required-action page: keep the path the sign-in came by.
            String path = authSession.getAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH);
            if (authSession.getAuthNote(PATH_NOTE) == null && !LoginActionsService.REQUIRED_ACTION.equals(path)) {
                authSession.setAuthNote(PATH_NOTE, path == null ? "unknown" : path);
            }
            authSession.addRequiredAction(ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Optional<Verdict> unverified = unverified(context);
        if (unverified.isEmpty()) {
            context.success();
            return;
        }
        UserModel user = context.getUser();
        ExternalUserPolicy policy = unverified.get().policy();
        String path = context.getAuthenticationSession().getAuthNote(PATH_NOTE);
        String provider = context.getAuthenticationSession().getUserSessionNotes().get(Details.IDENTITY_PROVIDER);
        LOG.warnf("Gatehouse refused a sign-in of user %s in realm %s: policy '%s' applies and nothing on the way in (%s%s) "
                + "verified the user. Put the Gatehouse step-up into that flow; GET .../gatehouse/what-if lists such gaps.",
                user.getUsername(), context.getRealm().getName(), policy.name(), path,
                provider == null ? "" : ", identity provider " + provider);
        var event = context.getEvent().clone().event(EventType.LOGIN_ERROR).user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(StepUpEvents.PATH, path);
        if (provider != null) {
            event.detail(Details.IDENTITY_PROVIDER, provider);
        }
        StepUpEvents.describe(event, unverified.get());
        event.error(StepUpEvents.VERIFICATION_MISSING);
        context.challenge(context.form().setError("gatehouseVerificationMissing").createErrorPage(Response.Status.FORBIDDEN));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        requiredActionChallenge(context);
    }

    /** The verdict of the policy that applies to the user, when it verifies in the browser and this sign-in did not. */
    private static Optional<Verdict> unverified(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            return Optional.empty();
        }
        return RealmPolicies.of(context.getRealm())
                .evaluate(new KeycloakUserFacts(context.getSession(), context.getRealm(), user), user.getUsername(), false)
                .applied()
                .filter(v -> v.policy().verifiesInBrowser())
                .filter(v -> !VerifiedSession.isFresh(context.getSession(), context.getRealm(),
                        context.getAuthenticationSession(), user, v.policy()));
    }

    @Override
    public void close() {
    }
}
