package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Where a realm's wiring leaves a way in to the backstop alone: a path that signs users in without running the
 * step-up, so the backstop refuses the users a policy applies to there (they must sign in again through a path
 * that verifies), or — when the backstop itself is disabled — nothing stops them. Logged when Gatehouse wires a
 * realm, and listed in the what-if answer.
 */
public final class EnforcementGaps {

    private EnforcementGaps() {
    }

    /** One sentence per gap; empty when every path of the realm runs the step-up. */
    public static List<String> of(KeycloakSession session, RealmModel realm) {
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm); // identity providers are looked up in the context's realm
        try {
            return gaps(session, realm);
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private static List<String> gaps(KeycloakSession session, RealmModel realm) {
        List<String> gaps = new ArrayList<>();
        RequiredActionProviderModel backstop = realm.getRequiredActionProviderByAlias(Backstop.ID);
        if (backstop == null || !backstop.isEnabled()) {
            gaps.add("The required action " + Backstop.ID + " is missing or disabled: a path without the step-up signs "
                    + "users in unverified in the browser (the token endpoint still refuses their tokens).");
        }
        AuthenticationFlowModel browser = realm.getBrowserFlow();
        if (!StepUpFlows.hasStepUp(realm, browser)) {
            gaps.add("Browser flow " + alias(browser) + " has no required Gatehouse step-up: password sign-ins of users "
                    + "a policy applies to end at the backstop and are refused.");
        }
        session.identityProviders().getAllStream().forEach(provider -> {
            AuthenticationFlowModel post = StepUpFlows.flowById(realm, provider.getPostBrokerLoginFlowId()).orElse(null);
            if (!StepUpFlows.hasStepUp(realm, post)) {
                gaps.add("Identity provider " + provider.getAlias() + ": post login flow " + alias(post)
                        + " has no required Gatehouse step-up; sign-ins through it end at the backstop and are refused.");
            }
            AuthenticationFlowModel first = StepUpFlows.firstBrokerLoginFlow(realm, provider);
            if (first != null && !StepUpFlows.hasStepUp(realm, first)) {
                gaps.add("Identity provider " + provider.getAlias() + ": first broker login flow " + alias(first)
                        + " has no required Gatehouse step-up; it may link an upstream account to a user a policy applies "
                        + "to without their verification (the sign-in itself is still verified or refused).");
            }
        });
        if (realm.isRegistrationAllowed() && !StepUpFlows.hasStepUp(realm, realm.getRegistrationFlow())) {
            gaps.add("Registration (flow " + alias(realm.getRegistrationFlow()) + ") has no step-up: a new user a policy "
                    + "applies to is refused by the backstop after registering and signs in again.");
        }
        if (realm.isResetPasswordAllowed() && !StepUpFlows.hasStepUp(realm, realm.getResetCredentialsFlow())) {
            gaps.add("Reset credentials (flow " + alias(realm.getResetCredentialsFlow()) + ") has no step-up: a user a "
                    + "policy applies to is refused by the backstop after resetting and signs in again.");
        }
        return gaps;
    }

    private static String alias(AuthenticationFlowModel flow) {
        return flow == null ? "(none)" : "'" + flow.getAlias() + "'";
    }
}
