package dev.gatehouse.provisioning.target;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.external.KeycloakUserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;

/**
 * Whether a target receives a user. Deliberately separate from who may sign in: a user can sign in without being
 * provisioned anywhere, and a target's audience never changes a login.
 */
public final class UserAudience {

    private UserAudience() {
    }

    public static boolean includes(KeycloakSession session, RealmModel realm, ProvisioningTarget target, UserModel user) {
        return switch (target.audience()) {
            case ALL -> true;
            case EXTERNAL -> RealmPolicies.of(realm).all().stream()
                    .anyMatch(policy -> counts(session, realm, policy, user));
            case GROUP -> inGroup(session, realm, target.audienceValue(), user);
            case POLICY -> RealmPolicies.of(realm).all().stream()
                    .filter(policy -> policy.name().equals(target.audienceValue()))
                    .anyMatch(policy -> counts(session, realm, policy, user));
        };
    }

    private static boolean counts(KeycloakSession session, RealmModel realm, ExternalUserPolicy policy, UserModel user) {
        return policy.counts(new KeycloakUserFacts(session, realm, user), user.getUsername());
    }

    private static boolean inGroup(KeycloakSession session, RealmModel realm, String path, UserModel user) {
        GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path);
        return group != null && user.getGroupsStream().anyMatch(g -> isSelfOrDescendant(g, group));
    }

    private static boolean isSelfOrDescendant(GroupModel candidate, GroupModel ancestor) {
        for (GroupModel g = candidate; g != null; g = g.getParent()) {
            if (g.getId().equals(ancestor.getId())) {
                return true;
            }
        }
        return false;
    }
}
