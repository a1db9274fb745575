package dev.gatehouse.stepup;

import java.util.Optional;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.StepUpMethod;
import dev.gatehouse.stepup.email.EmailOtpChallenge;

/**
 * The one authenticator an admin puts after the first factor: it finds the policy that applies to the user
 * and runs that policy's verification. Internal users, and users no enabled policy targets, pass untouched.
 */
public final class ExternalUserStepUpAuthenticator implements Authenticator {

    /** The policy chosen when the step started; answers are checked against the same policy. */
    static final String POLICY_NOTE = "gatehouse.policy";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        context.getEvent().user(user);
        Optional<RealmPolicies.Applicable> applicable = RealmPolicies.of(realm)
                .applicableTo(new KeycloakUserFacts(context.getSession(), realm, user));
        if (applicable.isEmpty()) {
            context.getEvent().detail(StepUpEvents.METHOD, StepUpEvents.NO_STEP_UP);
            context.success();
            return;
        }
        RealmPolicies.Applicable chosen = applicable.get();
        context.getAuthenticationSession().setAuthNote(POLICY_NOTE, chosen.policy().id());
        StepUpEvents.describe(context.getEvent(), chosen);
        switch (chosen.policy().method()) {
            case EMAIL_OTP -> new EmailOtpChallenge(context, chosen.policy().emailOtp()).begin();
            case NONE -> context.success();
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        String policyId = context.getAuthenticationSession().getAuthNote(POLICY_NOTE);
        RealmModel realm = context.getRealm();
        RealmPolicies policies = RealmPolicies.of(realm);
        Optional<RealmPolicies.Applicable> stillApplies = Optional.ofNullable(policyId)
                .flatMap(policies::byId)
                .filter(p -> p.enabled())
                .flatMap(p -> policies.applicableTo(new KeycloakUserFacts(context.getSession(), realm, context.getUser()))
                        .filter(a -> a.policy().id().equals(p.id())));
        if (stillApplies.isEmpty() || stillApplies.get().policy().method() != StepUpMethod.EMAIL_OTP) {
            // The policies changed while the user was on the page: decide again from the start.
            authenticate(context);
            return;
        }
        StepUpEvents.describe(context.getEvent().user(context.getUser()), stillApplies.get());
        new EmailOtpChallenge(context, stillApplies.get().policy().emailOtp()).answer();
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
