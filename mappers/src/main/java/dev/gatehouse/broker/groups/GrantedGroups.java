package dev.gatehouse.broker.groups;

import java.util.Collection;
import java.util.Set;

/** Which of a user's group memberships an identity provider's group sync granted (the provenance). */
interface GrantedGroups {

    /** Group ids granted to the user through this identity provider. */
    Set<String> of(String userId, String identityProvider);

    void record(String realmId, String userId, String identityProvider, String groupId);

    void forget(String userId, String identityProvider, Collection<String> groupIds);
}
