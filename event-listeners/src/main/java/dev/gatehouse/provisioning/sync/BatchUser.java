package dev.gatehouse.provisioning.sync;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.adapter.AbstractInMemoryUserAdapter;

/**
 * A local user as one batch read them from Keycloak's tables: a read-only {@link org.keycloak.models.UserModel},
 * so the snapshot, the audience and the change decided for a full sync are computed by the same code as for one
 * user's change. Attributes as Keycloak's JPA adapter shows them (stored ones, then name and email), groups by id
 * through the realm (cached), a group deleted meanwhile left out.
 */
final class BatchUser extends AbstractInMemoryUserAdapter {

    private final List<String> groupIds;

    BatchUser(KeycloakSession session, RealmModel realm, UserRow row, List<AttributeRow> attributes, List<String> groupIds) {
        super(session, realm, row.id());
        setCreatedTimestamp(row.createdTimestamp());
        setEnabled(row.enabled());
        setEmailVerified(row.emailVerified());
        java.util.Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        attributes.forEach(a -> values.computeIfAbsent(a.name(), n -> new java.util.ArrayList<>()).add(a.value()));
        values.forEach(this::setAttribute);
        getAttributes().add(FIRST_NAME, row.firstName());
        getAttributes().add(LAST_NAME, row.lastName());
        getAttributes().add(EMAIL, row.email());
        getAttributes().add(USERNAME, row.username());
        this.groupIds = List.copyOf(groupIds);
        setReadonly(true);
    }

    @Override
    public org.keycloak.common.util.MultivaluedHashMap<String, String> getAttributes() {
        return (org.keycloak.common.util.MultivaluedHashMap<String, String>) super.getAttributes();
    }

    /** A sync reads no credentials. */
    @Override
    public org.keycloak.models.SubjectCredentialManager credentialManager() {
        throw new UnsupportedOperationException("A full sync reads no credentials");
    }

    @Override
    public Stream<GroupModel> getGroupsStream() {
        return groupIds.stream().map(realm::getGroupById).filter(Objects::nonNull);
    }

    @Override
    public boolean isMemberOf(GroupModel group) {
        return groupIds.contains(group.getId()) || org.keycloak.models.utils.RoleUtils.isMember(getGroupsStream(), group);
    }

    /** One row of USER_ENTITY. */
    record UserRow(String id, String username, String email, boolean emailVerified, String firstName, String lastName,
                   boolean enabled, String federationLink, Long createdTimestamp) {
    }

    /** One value of USER_ATTRIBUTE (a long value is in its own column). */
    record AttributeRow(String userId, String name, String value) {
    }
}
