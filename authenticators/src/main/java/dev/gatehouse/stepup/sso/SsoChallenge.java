package dev.gatehouse.stepup.sso;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.managers.ClientSessionCode;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.SsoAnswerGuard;
import dev.gatehouse.policy.SsoSettings;
import dev.gatehouse.session.VerifiedSession;
import dev.gatehouse.stepup.common.FailedLogins;
import dev.gatehouse.stepup.common.ReasonText;
import dev.gatehouse.stepup.common.StepUpEvents;
import dev.gatehouse.stepup.email.EmailOtpChallenge;

/**
 * Step-up by signing in again at the policy's identity provider. The page says why and offers the provider;
 * continuing sends the browser there with a fresh attempt; the provider's answer is judged by
 * {@link SsoAnswerGuardMapper}, which sends the browser back here with its verdict.
 *
 * <p>An answer for another person ends the sign-in (the password is asked again) and counts as a failed login
 * for brute-force detection. Any other refusal, a cancel or an error at the provider shows this page again with
 * the reason, so the user can retry without being locked out.
 */
public final class SsoChallenge {

    static final String TEMPLATE = "gatehouse-sso.ftl";
    static final String CONTINUE = "continue";
    /** The outcome noted when a too weak answer made the user verify by email code instead. */
    static final String EMAIL_FALLBACK = "email-fallback";
    /** The outcome noted when the sign-in itself came from the policy's provider (its post-login flow). */
    static final String PROVIDER_SIGN_IN = "provider-sign-in";

    private final AuthenticationFlowContext context;
    private final ExternalUserPolicy policy;
    private final SsoSettings settings;
    private final SsoNotes notes;

    public SsoChallenge(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        this.context = context;
        this.policy = policy;
        this.settings = policy.sso();
        this.notes = new SsoNotes(context.getAuthenticationSession());
    }

    /** Arrival at the step, or the return from the provider. */
    public void begin() {
        if (notes.fellBackToEmail(policy.id())) {
            new EmailOtpChallenge(context, policy).begin();
            return;
        }
        context.getEvent().detail(Details.IDENTITY_PROVIDER, settings.identityProvider());
        notes.restoreClientRequest();
        if (signedInAtTheProvider()) {
            // In the provider's post-login flow: this sign-in came from the policy's own provider just now.
            context.getEvent().detail(StepUpEvents.SSO_OUTCOME, PROVIDER_SIGN_IN);
            VerifiedSession.markVerified(context, policy);
            context.success();
            return;
        }
        Optional<SsoOutcome> verdict = notes.takeVerdict(policy.id());
        if (verdict.isPresent()) {
            conclude(verdict.get());
            return;
        }
        if (notes.attempt().isPresent()) {
            // Back without a verdict: the user cancelled at the provider, or the provider reported an error.
            notes.forget();
            context.getEvent().error(StepUpEvents.SSO_NOT_COMPLETED);
            context.challenge(page("gatehouseSsoNotCompleted"));
            return;
        }
        context.challenge(page(null));
    }

    /** The user chose to continue to the provider. */
    public void answer() {
        if (notes.fellBackToEmail(policy.id())) {
            context.getEvent().detail(StepUpEvents.SSO_OUTCOME, EMAIL_FALLBACK);
            new EmailOtpChallenge(context, policy).answer();
            return;
        }
        if (!context.getHttpRequest().getDecodedFormParameters().containsKey(CONTINUE)) {
            begin();
            return;
        }
        IdentityProviderModel provider = context.getSession().identityProviders().getByAlias(settings.identityProvider());
        if (provider == null || !provider.isEnabled() || !SsoAnswerGuard.ensureInstalled(context.getSession(), provider.getAlias())) {
            context.getEvent().detail(Details.IDENTITY_PROVIDER, settings.identityProvider()).error(StepUpEvents.SSO_UNAVAILABLE);
            context.forceChallenge(context.form().setError("gatehouseSsoUnavailable")
                    .createErrorPage(Response.Status.SERVICE_UNAVAILABLE));
            return;
        }
        var authSession = context.getAuthenticationSession();
        notes.start(policy.id(), provider.getAlias(), context.getUser().getId());
        notes.askProvider(settings.forceLogin(), settings.authAgeLimit());
        URI location = Urls.identityProviderAuthnRequest(context.getUriInfo().getBaseUri(), provider.getAlias(),
                context.getRealm().getName(),
                new ClientSessionCode<>(context.getSession(), context.getRealm(), authSession).getOrGenerateCode(),
                authSession.getClient().getClientId(), authSession.getTabId(),
                AuthenticationProcessor.getClientData(context.getSession(), authSession),
                context.getUser().getEmail());
        context.forceChallenge(Response.seeOther(location).build());
    }

    /**
     * True in the post-login flow of the policy's provider, when the policy accepts any authentication context and
     * that sign-in is fresh enough: the user signed in there a moment ago, which is what the step would ask for.
     * With accepted contexts the step still asks, because the first sign-in's context is not known here; an answer
     * from an old session at the provider (or one that does not say when) sends the user there again.
     */
    private boolean signedInAtTheProvider() {
        var authSession = context.getAuthenticationSession();
        if (!LoginActionsService.POST_BROKER_LOGIN_PATH.equals(authSession.getAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH))
                || linkedJustNow(authSession)) {
            return false;
        }
        SerializedBrokeredIdentityContext brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                authSession, PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        if (brokered == null || !settings.acceptedContexts().isEmpty()
                || !settings.identityProvider().equals(brokered.getIdentityProviderId())) {
            return false;
        }
        if (settings.authAgeLimit().isEmpty()) {
            return true;
        }
        try {
            Long authTime = ProviderAnswer.of(brokered.deserialize(context.getSession(), authSession)).authTime();
            return SsoAnswerJudge.fresh(authTime, settings, Time.currentTime());
        } catch (RuntimeException e) {
            return false; // the answer cannot be read again: ask the provider
        }
    }

    /**
     * The provider's account was linked to an existing user in this sign-in's first broker login: the link proves
     * only what that flow asked (a password, an email link), so the sign-in is not the policy's verification.
     */
    private static boolean linkedJustNow(AuthenticationSessionModel authSession) {
        return Boolean.parseBoolean(authSession.getAuthNote(PostBrokerLoginConstants.PBL_AFTER_FIRST_BROKER_LOGIN))
                && !Boolean.parseBoolean(authSession.getAuthNote(AbstractIdentityProvider.BROKER_REGISTERED_NEW_USER));
    }

    private void conclude(SsoOutcome outcome) {
        var event = context.getEvent().detail(StepUpEvents.SSO_OUTCOME, outcome.id());
        if (outcome.verified()) {
            VerifiedSession.markVerified(context, policy);
            context.success();
        } else if (outcome == SsoOutcome.WEAK_CONTEXT && settings.fallbackToEmailOtp()) {
            event.detail(StepUpEvents.SSO_OUTCOME, EMAIL_FALLBACK);
            notes.fallBackToEmail(policy.id());
            new EmailOtpChallenge(context, policy).begin();
        } else if (outcome == SsoOutcome.OTHER_USER) {
            event.error(outcome.error());
            FailedLogins.report(context);
            OtherPersonNotice notice = OtherPersonNotice.of(context.getSession(), settings);
            context.resetFlow(() -> context.setForwardedInfoMessage(notice.message(), notice.parameters()));
        } else if (outcome == SsoOutcome.STALE_SIGN_IN) {
            event.error(outcome.error());
            context.challenge(page(outcome.message(), settings.authAgeLimit().orElseThrow().toMinutes()));
        } else {
            event.error(outcome.error());
            context.challenge(page(outcome.message()));
        }
    }

    private Response page(String error, Object... parameters) {
        Map<String, Object> model = new HashMap<>(ReasonText.model(policy));
        model.put("providerName", OtherPersonNotice.providerName(context.getSession(), settings));
        var form = context.form().setAttribute("gatehouseSso", model);
        if (error != null) {
            form.setError(error, parameters);
        }
        return form.createForm(TEMPLATE);
    }
}
