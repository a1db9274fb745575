package dev.gatehouse.lifecycle;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import dev.gatehouse.external.UserFacts;

/**
 * A user known only by email and one attribute value: how the parts of a rule SQL cannot decide (unusual emails,
 * regular expressions) are classified in Java by the classifier itself.
 */
record ValueOnlyFacts(String email, boolean emailVerified, String attributeName, String attributeValue) implements UserFacts {

    @Override
    public List<String> attributeValues(String name) {
        return name.equals(attributeName) ? Collections.singletonList(attributeValue) : List.of();
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
