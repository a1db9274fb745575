package dev.gatehouse.external;

import java.util.List;
import java.util.Set;

/** What the classifier may ask about a user; each answer is fetched only when a rule needs it. */
public interface UserFacts {

    String email();

    boolean emailVerified();

    List<String> attributeValues(String name);

    /** Member of the group at this path or of any group below it. */
    boolean inGroupOrSubgroup(String groupPath);

    /** Member of one of these organizations (by alias); an empty set means any organization. */
    boolean inOrganization(Set<String> aliases);

    boolean linkedToIdentityProvider(String alias);
}
