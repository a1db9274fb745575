package dev.gatehouse.external;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is external, as rules over a user's facts; any matching rule makes the user external. Users are never
 * listed one by one.
 *
 * <p>Email rules trust only what a user cannot claim for themselves: a managed domain proves "internal" only
 * when the email is verified, so a user without an email, with an unverified email or with an address that is
 * not a valid domain counts as external under the unmanaged-domain rule. A listed external domain matches
 * whether or not the email is verified: claiming a partner's domain can only make a user more restricted.
 */
public record ExternalUserRules(
        boolean unmanagedDomainIsExternal,
        List<String> managedDomains,
        List<String> externalDomains,
        List<String> groupPaths,
        boolean anyOrganization,
        Set<String> organizationAliases,
        String attributeName,
        String attributeValue,
        Pattern attributePattern,
        List<String> identityProviderAliases) {

    public ExternalUserRules {
        managedDomains = List.copyOf(managedDomains);
        externalDomains = List.copyOf(externalDomains);
        groupPaths = List.copyOf(groupPaths);
        organizationAliases = Set.copyOf(organizationAliases);
        identityProviderAliases = List.copyOf(identityProviderAliases);
    }

    /** True when at least one rule is set; a rule set that targets nobody is refused at save. */
    public boolean targetsAnyone() {
        return unmanagedDomainIsExternal || !externalDomains.isEmpty() || !groupPaths.isEmpty()
                || anyOrganization || !organizationAliases.isEmpty() || attributeName != null
                || !identityProviderAliases.isEmpty();
    }

    /** Cheap rules first (attributes, email), then those that read memberships and links. */
    public Classification classify(UserFacts user) {
        if (attributeName != null) {
            for (String value : user.attributeValues(attributeName)) {
                if (attributeMatches(value)) {
                    return Classification.external(ExternalRule.ATTRIBUTE, "attribute " + attributeName);
                }
            }
        }
        Optional<String> domain = EmailDomains.ofEmail(user.email());
        if (domain.isPresent()) {
            for (String listed : externalDomains) {
                if (EmailDomains.covers(listed, domain.get())) {
                    return Classification.external(ExternalRule.LISTED_DOMAIN, "email domain " + listed);
                }
            }
        }
        if (unmanagedDomainIsExternal) {
            if (domain.isEmpty()) {
                return Classification.external(ExternalRule.UNMANAGED_DOMAIN, "no valid email");
            }
            boolean managed = managedDomains.stream().anyMatch(m -> EmailDomains.covers(m, domain.get()));
            if (!managed) {
                return Classification.external(ExternalRule.UNMANAGED_DOMAIN, "email domain not managed");
            }
            if (!user.emailVerified()) {
                return Classification.external(ExternalRule.UNMANAGED_DOMAIN, "managed email domain not verified");
            }
        }
        for (String path : groupPaths) {
            if (user.inGroupOrSubgroup(path)) {
                return Classification.external(ExternalRule.GROUP, "group " + path);
            }
        }
        for (String alias : identityProviderAliases) {
            if (user.linkedToIdentityProvider(alias)) {
                return Classification.external(ExternalRule.IDENTITY_PROVIDER, "linked to " + alias);
            }
        }
        if ((anyOrganization || !organizationAliases.isEmpty())
                && user.inOrganization(anyOrganization ? Set.of() : organizationAliases)) {
            return Classification.external(ExternalRule.ORGANIZATION, "organization member");
        }
        return Classification.INTERNAL;
    }

    private boolean attributeMatches(String value) {
        if (value == null) {
            return false;
        }
        if (attributePattern != null) {
            return attributePattern.matcher(value).matches();
        }
        return value.equals(attributeValue);
    }
}
