package dev.gatehouse.external;

import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A person known only by an email and at most one attribute value, with no groups, organizations or links: an
 * invitee known by the address they were invited at, or a user whose one value the classifier is asked about
 * apart (what SQL cannot decide). {@code attributeName} null: no attribute.
 */
public record PartialUserFacts(String email, boolean emailVerified, String attributeName, String attributeValue) implements UserFacts {

    public static PartialUserFacts ofEmail(String email, boolean emailVerified) {
        return new PartialUserFacts(email, emailVerified, null, null);
    }

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
