package dev.gatehouse.policy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.external.UserFacts;

/**
 * Who counts as external for governance (lifecycle, sponsors, invitations): a user whom any enabled policy's rules
 * classify as external. Test-mode and report-only policies count too: this is about who is external, not whether
 * the login rules of a policy apply to them.
 */
public final class ExternalUsers {

    private ExternalUsers() {
    }

    public static boolean isExternal(KeycloakSession session, RealmModel realm, UserModel user) {
        return isExternal(realm, new KeycloakUserFacts(session, realm, user));
    }

    public static boolean isExternal(RealmModel realm, UserFacts facts) {
        return RealmPolicies.of(realm).all().stream()
                .filter(ExternalUserPolicy::enabled)
                .anyMatch(p -> p.rules().classify(facts).isExternal());
    }
}
