package dev.gatehouse.stepup.common;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Tells Keycloak's brute-force detection about a failed step-up. The flow's own report is dropped for
 * authenticators outside the password/OTP categories, so the step-up reports here, with no category.
 */
public final class FailedLogins {

    private FailedLogins() {
    }

    public static void report(AuthenticationFlowContext context) {
        if (context.getRealm().isBruteForceProtected()) {
            context.getSession().getProvider(BruteForceProtector.class).failedLogin(context.getRealm(), context.getUser(),
                    context.getConnection(), context.getSession().getContext().getHttpRequest().getUri(), null);
        }
    }
}
