package dev.gatehouse.policy;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Everything Gatehouse wires into a realm with policies so each policy holds on every way in: the session guard
 * on the token endpoint, the step-up in the identity providers' flows, and the backstop after every browser
 * sign-in. Idempotent; called on policy save, identity-provider create and update, realm import and server start.
 * What the admin's own flows leave to the backstop alone is logged as a warning.
 */
public final class Enforcement {

    /** The step-up authenticator's provider id (its factory lives in the authenticators module). */
    public static final String STEP_UP_ID = "gatehouse-external-user-step-up";
    /** The backstop required action's provider id and alias (its provider lives in the authenticators module). */
    public static final String BACKSTOP_ID = "gatehouse-verification-check";

    private static final Logger LOG = Logger.getLogger(Enforcement.class);
    private static final String WIRING = Enforcement.class.getName() + ".wiring";

    private Enforcement() {
    }

    public static void ensureIfPolicies(KeycloakSession session, RealmModel realm) {
        if (RealmPolicies.components(realm).findAny().isPresent()) {
            ensure(session, realm);
        }
    }

    public static void ensure(KeycloakSession session, RealmModel realm) {
        if (session.getAttribute(WIRING) != null) {
            return; // wiring updates providers, which fires provider events that would wire again
        }
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm); // identity providers are looked up in the context's realm
        session.setAttribute(WIRING, Boolean.TRUE);
        try {
            SessionGuardClientPolicy.ensure(session, realm);
            Backstop.ensure(realm);
            StepUpFlows.ensure(session, realm);
            EnforcementGaps.of(session, realm).forEach(gap -> LOG.warnf("Gatehouse, realm %s: %s", realm.getName(), gap));
        } finally {
            session.removeAttribute(WIRING);
            session.getContext().setRealm(previous);
        }
    }
}
