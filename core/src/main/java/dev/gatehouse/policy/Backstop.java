package dev.gatehouse.policy;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Registers the backstop: a required action (its provider lives in the authenticators module) that Keycloak
 * evaluates after every browser sign-in, whatever the protocol and whatever flow ran, before it makes the SSO
 * session, a code or an assertion. It refuses a user a policy applies to whose sign-in carries no verification.
 * It runs last, so actions a sign-in needs first (a new password after a reset, a verified email) still happen.
 * A registered but disabled backstop is the admin's decision and stays as it is (reported as a gap).
 */
final class Backstop {

    static final String ID = Enforcement.BACKSTOP_ID;
    /** After every other required action. */
    static final int PRIORITY = 1_000_000;

    private static final Logger LOG = Logger.getLogger(Backstop.class);

    private Backstop() {
    }

    static void ensure(RealmModel realm) {
        if (realm.getRequiredActionProviderByAlias(ID) != null) {
            return;
        }
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(ID);
        model.setProviderId(ID);
        model.setName("Gatehouse: verification check");
        model.setEnabled(true);
        model.setDefaultAction(false);
        model.setPriority(PRIORITY);
        realm.addRequiredActionProvider(model);
        LOG.infof("Gatehouse registered its verification check in realm %s", realm.getName());
    }
}
