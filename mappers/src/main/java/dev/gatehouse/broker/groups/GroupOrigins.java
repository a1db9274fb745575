package dev.gatehouse.broker.groups;

import java.util.Collection;
import java.util.Set;

/** Which groups an identity provider's group sync created (so that provider may place users in them). */
interface GroupOrigins {

    /** Of {@code groupIds}, those this provider created. */
    Set<String> createdBy(String identityProvider, Collection<String> groupIds);

    void recordCreated(String realmId, String identityProvider, String groupId);
}
