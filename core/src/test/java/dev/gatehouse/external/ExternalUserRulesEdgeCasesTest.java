package dev.gatehouse.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Edge cases and rule order of {@link ExternalUserRules} beyond {@link ExternalUserRulesTest}. */
class ExternalUserRulesEdgeCasesTest {

    /** A user whose facts are set field by field, recording which facts the classifier asked for. */
    private static final class User implements UserFacts {
        String email;
        boolean verified;
        final Map<String, List<String>> attributes = new HashMap<>();
        final Set<String> groups = new HashSet<>();
        final Set<String> organizations = new HashSet<>();
        final Set<String> identityProviders = new HashSet<>();
        final List<String> asked = new ArrayList<>();
        final List<Set<String>> organizationQueries = new ArrayList<>();

        User(String email, boolean verified) {
            this.email = email;
            this.verified = verified;
        }

        User attribute(String name, String... values) {
            attributes.put(name, Arrays.asList(values));
            return this;
        }

        User group(String path) {
            groups.add(path);
            return this;
        }

        User organization(String alias) {
            organizations.add(alias);
            return this;
        }

        User idp(String alias) {
            identityProviders.add(alias);
            return this;
        }

        @Override
        public String email() {
            asked.add("email");
            return email;
        }

        @Override
        public boolean emailVerified() {
            asked.add("emailVerified");
            return verified;
        }

        @Override
        public List<String> attributeValues(String name) {
            asked.add("attribute:" + name);
            return attributes.getOrDefault(name, List.of());
        }

        @Override
        public boolean inGroupOrSubgroup(String groupPath) {
            asked.add("group:" + groupPath);
            return groups.contains(groupPath);
        }

        @Override
        public boolean inOrganization(Set<String> aliases) {
            asked.add("organization");
            organizationQueries.add(aliases);
            return aliases.isEmpty() ? !organizations.isEmpty() : aliases.stream().anyMatch(organizations::contains);
        }

        @Override
        public boolean linkedToIdentityProvider(String alias) {
            asked.add("idp:" + alias);
            return identityProviders.contains(alias);
        }
    }

    /** Builder for rule sets, all rules off by default. */
    private static final class Rules {
        boolean unmanaged;
        List<String> managed = List.of();
        List<String> external = List.of();
        List<String> groups = List.of();
        boolean anyOrg;
        Set<String> orgs = Set.of();
        String attrName;
        String attrValue;
        Pattern attrPattern;
        List<String> idps = List.of();

        Rules unmanaged(String... managedDomains) {
            unmanaged = true;
            managed = List.of(managedDomains);
            return this;
        }

        Rules external(String... domains) {
            external = List.of(domains);
            return this;
        }

        Rules groups(String... paths) {
            groups = List.of(paths);
            return this;
        }

        Rules anyOrganization() {
            anyOrg = true;
            return this;
        }

        Rules organizations(String... aliases) {
            orgs = Set.of(aliases);
            return this;
        }

        Rules attributeEquals(String name, String value) {
            attrName = name;
            attrValue = value;
            return this;
        }

        Rules attributeMatches(String name, String regex) {
            attrName = name;
            attrPattern = Pattern.compile(regex);
            return this;
        }

        Rules idps(String... aliases) {
            idps = List.of(aliases);
            return this;
        }

        ExternalUserRules build() {
            return new ExternalUserRules(unmanaged, managed, external, groups, anyOrg, orgs, attrName, attrValue,
                    attrPattern, idps);
        }
    }

    private static Rules rules() {
        return new Rules();
    }

    // --- unmanaged-domain rule -----------------------------------------------------------------------------

    @Test
    void verifiedManagedEmailIsInternalUnderUnmanagedRule() {
        Classification c = rules().unmanaged("corp.example").build().classify(new User("olivia@Corp.Example", true));
        assertSame(Classification.INTERNAL, c);
        assertFalse(c.isExternal());
        assertNull(c.rule());
    }

    @Test
    void verifiedEmailInSubdomainOfManagedDomainIsInternal() {
        assertFalse(rules().unmanaged("corp.example").build().classify(new User("o@dept.eu.corp.example", true)).isExternal());
    }

    @Test
    void verifiedEmailInAnyOfSeveralManagedDomainsIsInternal() {
        ExternalUserRules r = rules().unmanaged("corp.example", "corp-group.example").build();
        assertFalse(r.classify(new User("o@corp-group.example", true)).isExternal());
    }

    @Test
    void unverifiedManagedEmailIsExternalWithReason() {
        Classification c = rules().unmanaged("corp.example").build().classify(new User("m@corp.example", false));
        assertEquals(ExternalRule.UNMANAGED_DOMAIN, c.rule());
        assertEquals("managed email domain not verified", c.reason());
    }

    @Test
    void verifiedEmailOutsideManagedDomainsIsExternalWithReason() {
        Classification c = rules().unmanaged("corp.example").build().classify(new User("a@partner.example", true));
        assertEquals(ExternalRule.UNMANAGED_DOMAIN, c.rule());
        assertEquals("email domain not managed", c.reason());
    }

    @Test
    void lookAlikeOfManagedDomainIsExternal() {
        assertEquals("email domain not managed",
                rules().unmanaged("corp.example").build().classify(new User("e@notcorp.example", true)).reason());
    }

    @Test
    void userWithoutEmailIsExternalUnderUnmanagedRule() {
        Classification c = rules().unmanaged("corp.example").build().classify(new User(null, true));
        assertEquals(ExternalRule.UNMANAGED_DOMAIN, c.rule());
        assertEquals("no valid email", c.reason());
    }

    @Test
    void invalidEmailIsExternalUnderUnmanagedRuleEvenIfVerified() {
        ExternalUserRules r = rules().unmanaged("corp.example").build();
        for (String email : List.of("", "not-an-email", "a@", "@corp.example", "a@corp..example", "a@corp_x.example")) {
            Classification c = r.classify(new User(email, true));
            assertEquals(ExternalRule.UNMANAGED_DOMAIN, c.rule(), email);
            assertEquals("no valid email", c.reason(), email);
        }
    }

    @Test
    void managedEmailClaimingManagedDomainAfterAnotherAtIsJudgedByLastAt() {
        ExternalUserRules r = rules().unmanaged("corp.example").build();
        assertTrue(r.classify(new User("o@corp.example@partner.example", true)).isExternal());
        assertFalse(r.classify(new User("o@partner.example@corp.example", true)).isExternal());
    }

    @Test
    void unicodeSpellingOfManagedPunycodeDomainIsInternal() {
        assertFalse(rules().unmanaged("xn--bcher-kva.example").build().classify(new User("a@bücher.example", true)).isExternal());
    }

    // --- listed external domains ---------------------------------------------------------------------------

    @Test
    void listedExternalDomainMatchesEvenIfUnverified() {
        Classification c = rules().external("partner.example").build().classify(new User("a@partner.example", false));
        assertEquals(ExternalRule.LISTED_DOMAIN, c.rule());
        assertEquals("email domain partner.example", c.reason());
    }

    @Test
    void subdomainOfListedDomainIsExternal() {
        assertEquals(ExternalRule.LISTED_DOMAIN,
                rules().external("partner.example").build().classify(new User("a@EU.Partner.Example.", true)).rule());
    }

    @Test
    void lookAlikeOfListedDomainIsInternal() {
        assertFalse(rules().external("partner.example").build().classify(new User("a@notpartner.example", true)).isExternal());
    }

    @Test
    void listedExternalSubdomainOfManagedDomainWinsOverVerifiedManagedEmail() {
        ExternalUserRules r = rules().unmanaged("corp.example").external("guests.corp.example").build();
        assertEquals(ExternalRule.LISTED_DOMAIN, r.classify(new User("g@guests.corp.example", true)).rule());
        assertFalse(r.classify(new User("o@corp.example", true)).isExternal());
    }

    @Test
    void listedDomainIsCheckedBeforeUnmanagedDomain() {
        ExternalUserRules r = rules().unmanaged("corp.example").external("partner.example").build();
        assertEquals(ExternalRule.LISTED_DOMAIN, r.classify(new User("a@partner.example", false)).rule());
    }

    // --- group, organization, attribute, identity provider -------------------------------------------------

    @Test
    void memberOfListedGroupPathIsExternal() {
        ExternalUserRules r = rules().groups("/partners", "/guests").build();
        Classification c = r.classify(new User("a@corp.example", true).group("/guests"));
        assertEquals(ExternalRule.GROUP, c.rule());
        assertEquals("group /guests", c.reason());
        assertFalse(r.classify(new User("a@corp.example", true).group("/staff")).isExternal());
    }

    @Test
    void anyOrganizationRuleAsksWithEmptyAliasSet() {
        User user = new User("a@corp.example", true).organization("globex");
        Classification c = rules().anyOrganization().build().classify(user);
        assertEquals(ExternalRule.ORGANIZATION, c.rule());
        assertEquals(List.of(Set.of()), user.organizationQueries);
    }

    @Test
    void namedOrganizationRuleAsksWithItsAliases() {
        User user = new User("a@corp.example", true).organization("acme");
        assertEquals(ExternalRule.ORGANIZATION, rules().organizations("acme", "initech").build().classify(user).rule());
        assertEquals(List.of(Set.of("acme", "initech")), user.organizationQueries);
    }

    @Test
    void memberOfOtherOrganizationIsInternalUnderNamedOrganizationRule() {
        assertFalse(rules().organizations("acme").build().classify(new User("a@corp.example", true).organization("globex")).isExternal());
    }

    @Test
    void anyOrganizationTakesPrecedenceOverNamedAliases() {
        User user = new User("a@corp.example", true).organization("globex");
        assertTrue(rules().anyOrganization().organizations("acme").build().classify(user).isExternal());
        assertEquals(List.of(Set.of()), user.organizationQueries);
    }

    @Test
    void nonMemberIsInternalUnderAnyOrganizationRule() {
        assertFalse(rules().anyOrganization().build().classify(new User("a@corp.example", true)).isExternal());
    }

    @Test
    void organizationsAreNotAskedWithoutOrganizationRule() {
        User user = new User("a@corp.example", true).organization("acme");
        assertFalse(rules().groups("/partners").build().classify(user).isExternal());
        assertTrue(user.organizationQueries.isEmpty());
    }

    @Test
    void attributeEqualsIsExactAndCaseSensitive() {
        ExternalUserRules r = rules().attributeEquals("kind", "partner").build();
        Classification c = r.classify(new User("a@corp.example", true).attribute("kind", "partner"));
        assertEquals(ExternalRule.ATTRIBUTE, c.rule());
        assertEquals("attribute kind", c.reason());
        assertFalse(r.classify(new User("a@corp.example", true).attribute("kind", "Partner")).isExternal());
        assertFalse(r.classify(new User("a@corp.example", true).attribute("kind", "partners")).isExternal());
        assertFalse(r.classify(new User("a@corp.example", true).attribute("other", "partner")).isExternal());
    }

    @Test
    void attributeRegexMustMatchTheWholeValue() {
        ExternalUserRules r = rules().attributeMatches("kind", "partner|vendor").build();
        assertTrue(r.classify(new User("a@corp.example", true).attribute("kind", "vendor")).isExternal());
        assertFalse(r.classify(new User("a@corp.example", true).attribute("kind", "partners")).isExternal(), "prefix only");
        assertFalse(r.classify(new User("a@corp.example", true).attribute("kind", "my-vendor")).isExternal(), "suffix only");
    }

    @Test
    void anyOfSeveralAttributeValuesMayMatch() {
        ExternalUserRules r = rules().attributeMatches("kind", "ext-\\d+").build();
        assertTrue(r.classify(new User("a@corp.example", true).attribute("kind", "staff", "ext-42")).isExternal());
    }

    @Test
    void nullAttributeValueNeverMatches() {
        ExternalUserRules r = rules().attributeMatches("kind", ".*").build();
        assertFalse(r.classify(new User("a@corp.example", true).attribute("kind", (String) null)).isExternal());
        assertFalse(r.classify(new User("a@corp.example", true)).isExternal(), "attribute absent");
    }

    @Test
    void userLinkedToListedIdentityProviderIsExternal() {
        ExternalUserRules r = rules().idps("partner-idp", "github").build();
        Classification c = r.classify(new User("a@corp.example", true).idp("github"));
        assertEquals(ExternalRule.IDENTITY_PROVIDER, c.rule());
        assertEquals("linked to github", c.reason());
        assertFalse(r.classify(new User("a@corp.example", true).idp("google")).isExternal());
    }

    @Test
    void noRuleMatchedIsInternal() {
        ExternalUserRules r = rules().unmanaged("corp.example").external("partner.example").groups("/partners")
                .anyOrganization().attributeEquals("kind", "partner").idps("partner-idp").build();
        Classification c = r.classify(new User("o@corp.example", true).attribute("kind", "staff").group("/staff"));
        assertSame(Classification.INTERNAL, c);
        assertEquals("no rule matched", c.reason());
    }

    // --- rule order ----------------------------------------------------------------------------------------

    private static final ExternalUserRules ALL_RULES = rules().unmanaged("corp.example").external("partner.example")
            .groups("/partners").anyOrganization().attributeEquals("kind", "partner").idps("partner-idp").build();

    @Test
    void attributeRuleComesBeforeEmailRules() {
        User user = new User("a@partner.example", false).attribute("kind", "partner").group("/partners")
                .organization("acme").idp("partner-idp");
        assertEquals("attribute", ALL_RULES.classify(user).rule().id());
    }

    @Test
    void listedDomainRuleComesBeforeUnmanagedGroupIdpAndOrganization() {
        User user = new User("a@partner.example", false).group("/partners").organization("acme").idp("partner-idp");
        assertEquals("listed-domain", ALL_RULES.classify(user).rule().id());
    }

    @Test
    void unmanagedDomainRuleComesBeforeGroupIdpAndOrganization() {
        User user = new User("a@other.example", true).group("/partners").organization("acme").idp("partner-idp");
        assertEquals("unmanaged-domain", ALL_RULES.classify(user).rule().id());
    }

    @Test
    void groupRuleComesBeforeIdentityProviderAndOrganization() {
        User user = new User("a@corp.example", true).group("/partners").organization("acme").idp("partner-idp");
        assertEquals("group", ALL_RULES.classify(user).rule().id());
    }

    @Test
    void identityProviderRuleComesBeforeOrganization() {
        User user = new User("a@corp.example", true).organization("acme").idp("partner-idp");
        assertEquals("identity-provider", ALL_RULES.classify(user).rule().id());
    }

    @Test
    void organizationRuleIsCheckedLast() {
        User user = new User("a@corp.example", true).organization("acme");
        assertEquals("organization", ALL_RULES.classify(user).rule().id());
    }

    @Test
    void membershipsAreNotAskedOnceAnEmailRuleMatched() {
        User user = new User("a@partner.example", true).group("/partners");
        ALL_RULES.classify(user);
        assertTrue(user.asked.stream().noneMatch(a -> a.startsWith("group:") || a.startsWith("idp:") || a.equals("organization")),
                user.asked.toString());
    }

    @Test
    void attributesAreNotAskedWithoutAttributeRule() {
        User user = new User("a@partner.example", true);
        rules().external("partner.example").build().classify(user);
        assertTrue(user.asked.stream().noneMatch(a -> a.startsWith("attribute:")), user.asked.toString());
    }

    @Test
    void ruleIdsAreTheDocumentedNames() {
        assertEquals(List.of("unmanaged-domain", "listed-domain", "group", "organization", "attribute", "identity-provider"),
                Arrays.stream(ExternalRule.values()).map(ExternalRule::id).toList());
    }

    // --- targetsAnyone -------------------------------------------------------------------------------------

    @Test
    void emptyRuleSetTargetsNobody() {
        assertFalse(rules().build().targetsAnyone());
    }

    @Test
    void managedDomainsAloneTargetNobody() {
        Rules r = rules();
        r.managed = List.of("corp.example");
        assertFalse(r.build().targetsAnyone());
    }

    @Test
    void eachRuleAloneTargetsSomeone() {
        assertTrue(rules().unmanaged("corp.example").build().targetsAnyone(), "unmanaged");
        assertTrue(rules().external("partner.example").build().targetsAnyone(), "listed");
        assertTrue(rules().groups("/partners").build().targetsAnyone(), "group");
        assertTrue(rules().anyOrganization().build().targetsAnyone(), "any organization");
        assertTrue(rules().organizations("acme").build().targetsAnyone(), "named organization");
        assertTrue(rules().attributeEquals("kind", "partner").build().targetsAnyone(), "attribute value");
        assertTrue(rules().attributeMatches("kind", "p.*").build().targetsAnyone(), "attribute regex");
        assertTrue(rules().idps("partner-idp").build().targetsAnyone(), "identity provider");
    }

    @Test
    void rulesCopyTheirListsDefensively() {
        List<String> groups = new ArrayList<>(List.of("/partners"));
        ExternalUserRules r = new ExternalUserRules(false, List.of(), List.of(), groups, false, Set.of(), null, null, null, List.of());
        groups.clear();
        assertEquals(List.of("/partners"), r.groupPaths());
    }
}
