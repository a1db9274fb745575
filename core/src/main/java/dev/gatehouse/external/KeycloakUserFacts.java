package dev.gatehouse.external;

import java.util.List;
import java.util.Set;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

/** {@link UserFacts} read from Keycloak's models; each method touches the store only when a rule asks. */
public final class KeycloakUserFacts implements UserFacts {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    public KeycloakUserFacts(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    @Override
    public String email() {
        return user.getEmail();
    }

    @Override
    public boolean emailVerified() {
        return user.isEmailVerified();
    }

    @Override
    public List<String> attributeValues(String name) {
        return user.getAttributeStream(name).toList();
    }

    @Override
    public boolean inGroupOrSubgroup(String groupPath) {
        GroupModel target = KeycloakModelUtils.findGroupByPath(session, realm, groupPath);
        if (target == null) {
            return false; // deleted since the policy was saved: the rule cannot match anyone
        }
        return user.getGroupsStream().anyMatch(group -> isSelfOrBelow(group, target.getId()));
    }

    private static boolean isSelfOrBelow(GroupModel group, String targetId) {
        for (GroupModel g = group; g != null; g = g.getParent()) {
            if (targetId.equals(g.getId())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean inOrganization(Set<String> aliases) {
        if (!realm.isOrganizationsEnabled()) {
            return false;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null) {
            return false; // the organization feature is off on this server
        }
        return organizations.getByMember(user)
                .anyMatch(org -> org.isEnabled() && (aliases.isEmpty() || aliases.contains(org.getAlias())));
    }

    @Override
    public boolean linkedToIdentityProvider(String alias) {
        return session.users().getFederatedIdentity(realm, user, alias) != null;
    }
}
