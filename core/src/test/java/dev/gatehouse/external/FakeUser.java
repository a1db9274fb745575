package dev.gatehouse.external;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A user as the classifier sees it, built in one line per test. */
record FakeUser(String email, boolean emailVerified, Map<String, List<String>> attributes, Set<String> groupPaths,
                Set<String> organizations, Set<String> identityProviders) implements UserFacts {

    static FakeUser withEmail(String email, boolean verified) {
        return new FakeUser(email, verified, Map.of(), Set.of(), Set.of(), Set.of());
    }

    FakeUser inGroups(String... paths) {
        return new FakeUser(email, emailVerified, attributes, Set.of(paths), organizations, identityProviders);
    }

    FakeUser inOrganizations(String... aliases) {
        return new FakeUser(email, emailVerified, attributes, groupPaths, Set.of(aliases), identityProviders);
    }

    FakeUser linkedTo(String... aliases) {
        return new FakeUser(email, emailVerified, attributes, groupPaths, organizations, Set.of(aliases));
    }

    FakeUser withAttribute(String name, String... values) {
        return new FakeUser(email, emailVerified, Map.of(name, List.of(values)), groupPaths, organizations, identityProviders);
    }

    @Override
    public List<String> attributeValues(String name) {
        return attributes.getOrDefault(name, List.of());
    }

    /** The fake is told the exact group paths; the real adapter walks subgroups. */
    @Override
    public boolean inGroupOrSubgroup(String groupPath) {
        return groupPaths.stream().anyMatch(p -> p.equals(groupPath) || p.startsWith(groupPath + "/"));
    }

    @Override
    public boolean inOrganization(Set<String> aliases) {
        return aliases.isEmpty() ? !organizations.isEmpty() : organizations.stream().anyMatch(aliases::contains);
    }

    @Override
    public boolean linkedToIdentityProvider(String alias) {
        return identityProviders.contains(alias);
    }
}
