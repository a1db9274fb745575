package dev.gatehouse.policy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.external.UserFacts;

/**
 * Who is external for governance (sponsors, invitations, access terms): a user whom any enabled policy's rules
 * classify as external ({@link ExternalUserPolicy#classifiesExternal}). Test-mode and report-only policies count
 * too: this is about who is external, not whom a policy acts on ({@link ExternalUserPolicy#counts}, which the
 * lifecycle condition asks).
 */
public final class ExternalUsers {

    private ExternalUsers() {
    }

    public static boolean isExternal(KeycloakSession session, RealmModel realm, UserModel user) {
        return isExternal(realm, new KeycloakUserFacts(session, realm, user));
    }

    public static boolean isExternal(RealmModel realm, UserFacts facts) {
        return RealmPolicies.of(realm).all().stream().anyMatch(p -> p.classifiesExternal(facts));
    }
}
