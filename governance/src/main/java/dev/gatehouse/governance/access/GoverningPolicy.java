package dev.gatehouse.governance.access;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.ExternalUsers;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.Verdict;

/**
 * The policy whose governance settings rule a user: the one that applies at sign-in (enabled, highest priority,
 * test mode only for its test users). A report-only policy governs nobody: the dry run shows what it would do.
 */
public final class GoverningPolicy {

    private GoverningPolicy() {
    }

    public static Optional<ExternalUserPolicy> of(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || user.getServiceAccountClientLink() != null) {
            return Optional.empty();
        }
        return RealmPolicies.of(realm).evaluate(new KeycloakUserFacts(session, realm, user), user.getUsername(), false)
                .applied().map(Verdict::policy);
    }

    /** Whether any enabled policy of the realm classifies the user as external, whatever its mode. */
    public static boolean isExternal(KeycloakSession session, RealmModel realm, UserModel user) {
        return ExternalUsers.isExternal(session, realm, user);
    }
}
