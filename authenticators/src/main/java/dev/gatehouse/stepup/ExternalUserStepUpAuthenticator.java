package dev.gatehouse.stepup;

import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.StepUpMethod;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.session.VerifiedSession;
import dev.gatehouse.stepup.common.StepUpEvents;
import dev.gatehouse.stepup.email.EmailOtpChallenge;
import dev.gatehouse.stepup.sso.SsoChallenge;

/**
 * The one authenticator an admin puts after the first factor: it finds the policy that applies to the user
 * and runs that policy's verification. Internal users, and users no enabled policy targets, pass untouched.
 */
public final class ExternalUserStepUpAuthenticator implements Authenticator {

    /** The policy chosen when the step started; answers are checked against the same policy. */
    static final String POLICY_NOTE = "gatehouse.policy";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        EventBuilder event = context.getEvent().user(user);
        RealmPolicies.Evaluation evaluation = evaluate(context);
        noteReportOnly(event, evaluation);
        if (evaluation.applied().isEmpty()) {
            event.detail(StepUpEvents.METHOD, StepUpEvents.NO_STEP_UP);
            context.success();
            return;
        }
        Verdict applied = evaluation.applied().get();
        ExternalUserPolicy policy = applied.policy();
        context.getAuthenticationSession().setAuthNote(POLICY_NOTE, policy.id());
        StepUpEvents.describe(event, applied);
        if (policy.method() == StepUpMethod.NONE) {
            VerifiedSession.markVerified(context, policy);
            context.success();
        } else if (refuseImpersonation(context, event)) {
            return;
        } else if (VerifiedSession.isFresh(context, policy)) {
            event.detail(StepUpEvents.VERIFIED_EARLIER, "true");
            VerifiedSession.markActive(context, policy);
            context.success();
        } else if (policy.method() == StepUpMethod.SSO) {
            new SsoChallenge(context, policy).begin();
        } else {
            new EmailOtpChallenge(context, policy).begin();
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        String chosenId = context.getAuthenticationSession().getAuthNote(POLICY_NOTE);
        RealmPolicies.Evaluation evaluation = evaluate(context);
        Optional<Verdict> applied = evaluation.applied();
        if (applied.isEmpty() || !applied.get().policy().id().equals(chosenId)
                || applied.get().policy().method() == StepUpMethod.NONE) {
            // The policies changed while the user was on the page: decide again from the start.
            authenticate(context);
            return;
        }
        ExternalUserPolicy policy = applied.get().policy();
        EventBuilder event = context.getEvent().user(context.getUser());
        // Each request has its own event: the one that ends the sign-in (sent from here) must name them too.
        noteReportOnly(event, evaluation);
        StepUpEvents.describe(event, applied.get());
        if (policy.method() == StepUpMethod.SSO) {
            new SsoChallenge(context, policy).answer();
        } else {
            new EmailOtpChallenge(context, policy).answer();
        }
    }

    /**
     * An admin's impersonation session carries none of the user's verification, and the admin cannot give it: a user
     * whose policy verifies is not impersonated into any client (their code would only reach the user).
     */
    private static boolean refuseImpersonation(AuthenticationFlowContext context, EventBuilder event) {
        String impersonator = VerifiedSession.impersonator(
                VerifiedSession.ssoSession(context.getSession(), context.getRealm(), context.getUser()));
        if (impersonator == null) {
            return false;
        }
        event.detail(StepUpEvents.IMPERSONATOR, impersonator).error(StepUpEvents.IMPERSONATION_REFUSED);
        context.forceChallenge(context.form().setError("gatehouseImpersonationRefused").createErrorPage(Response.Status.FORBIDDEN));
        return true;
    }

    private static RealmPolicies.Evaluation evaluate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        return RealmPolicies.of(realm)
                .evaluate(new KeycloakUserFacts(context.getSession(), realm, user), user.getUsername(), false);
    }

    /** Report-only policies that would have applied: named on the login event with what they would require. */
    private static void noteReportOnly(EventBuilder event, RealmPolicies.Evaluation evaluation) {
        if (!evaluation.reportOnly().isEmpty()) {
            event.detail(StepUpEvents.REPORT_ONLY, evaluation.reportOnly().stream()
                    .map(Verdict::policy)
                    .map(ExternalUserPolicy::name)
                    .collect(Collectors.joining(",")));
            event.detail(StepUpEvents.WOULD_REQUIRE, evaluation.reportOnly().get(0).policy().method().id());
            event.detail(GatehouseDetail.REPORT_ONLY_RULES, evaluation.reportOnly().stream()
                    .map(v -> v.classification().rule().id())
                    .collect(Collectors.joining(",")));
        }
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
