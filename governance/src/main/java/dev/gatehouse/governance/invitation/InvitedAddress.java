package dev.gatehouse.governance.invitation;

import java.util.List;
import java.util.Set;

import dev.gatehouse.external.UserFacts;

/**
 * The facts of a person known only by the address they were invited at: the email, which redeeming the link proves
 * they hold (so it counts as verified), and nothing else — no groups, organizations, attributes or links yet.
 */
record InvitedAddress(String email) implements UserFacts {

    @Override
    public boolean emailVerified() {
        return true;
    }

    @Override
    public List<String> attributeValues(String name) {
        return List.of();
    }

    @Override
    public boolean inGroupOrSubgroup(String groupPath) {
        return false;
    }

    @Override
    public boolean inOrganization(Set<String> aliases) {
        return false;
    }

    @Override
    public boolean linkedToIdentityProvider(String alias) {
        return false;
    }
}
