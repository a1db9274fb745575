package dev.gatehouse.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ExternalUserRulesTest {

    private static final ExternalUserRules UNMANAGED = new ExternalUserRules(true, List.of("corp.example"), List.of(),
            List.of(), false, Set.of(), null, null, null, List.of());

    private static ExternalUserRules listed(String... domains) {
        return new ExternalUserRules(false, List.of(), List.of(domains), List.of(), false, Set.of(), null, null, null, List.of());
    }

    @Test
    void verifiedEmailInManagedDomainIsInternal() {
        assertFalse(UNMANAGED.classify(FakeUser.withEmail("olivia@corp.example", true)).isExternal());
        assertFalse(UNMANAGED.classify(FakeUser.withEmail("olivia@eu.corp.example", true)).isExternal(), "subdomain");
    }

    @Test
    void unverifiedEmailInManagedDomainIsExternal() {
        Classification c = UNMANAGED.classify(FakeUser.withEmail("mallory@corp.example", false));
        assertEquals(ExternalRule.UNMANAGED_DOMAIN, c.rule());
        assertEquals("managed email domain not verified", c.reason());
    }

    @Test
    void emailOutsideManagedDomainsIsExternal() {
        assertEquals(ExternalRule.UNMANAGED_DOMAIN, UNMANAGED.classify(FakeUser.withEmail("ada@partner.example", true)).rule());
        assertTrue(UNMANAGED.classify(FakeUser.withEmail("eve@notcorp.example", true)).isExternal(), "look-alike");
    }

    @Test
    void userWithoutUsableEmailIsExternalUnderTheUnmanagedRule() {
        assertEquals("no valid email", UNMANAGED.classify(FakeUser.withEmail(null, false)).reason());
        assertEquals("no valid email", UNMANAGED.classify(FakeUser.withEmail("broken@", true)).reason());
    }

    @Test
    void listedDomainMatchesWhetherOrNotVerified() {
        ExternalUserRules rules = listed("partner.example");
        assertEquals(ExternalRule.LISTED_DOMAIN, rules.classify(FakeUser.withEmail("ada@eu.partner.example", false)).rule());
        assertFalse(rules.classify(FakeUser.withEmail("ada@notpartner.example", true)).isExternal());
        assertFalse(rules.classify(FakeUser.withEmail(null, false)).isExternal(), "no email, no listed domain");
    }

    @Test
    void groupRuleCoversSubgroups() {
        ExternalUserRules rules = new ExternalUserRules(false, List.of(), List.of(), List.of("/partners"), false, Set.of(), null, null, null, List.of());
        assertEquals(ExternalRule.GROUP, rules.classify(FakeUser.withEmail("a@corp.example", true).inGroups("/partners/emea")).rule());
        assertFalse(rules.classify(FakeUser.withEmail("a@corp.example", true).inGroups("/partnership")).isExternal());
    }

    @Test
    void organizationRuleForAnyOrNamedOrganizations() {
        ExternalUserRules any = new ExternalUserRules(false, List.of(), List.of(), List.of(), true, Set.of(), null, null, null, List.of());
        ExternalUserRules acme = new ExternalUserRules(false, List.of(), List.of(), List.of(), false, Set.of("acme"), null, null, null, List.of());
        FakeUser member = FakeUser.withEmail("m@corp.example", true).inOrganizations("globex");
        assertEquals(ExternalRule.ORGANIZATION, any.classify(member).rule());
        assertFalse(acme.classify(member).isExternal());
        assertTrue(acme.classify(member.inOrganizations("acme")).isExternal());
    }

    @Test
    void attributeRuleEqualsOrMatchesTheWholeValue() {
        ExternalUserRules equals = new ExternalUserRules(false, List.of(), List.of(), List.of(), false, Set.of(), "kind", "partner", null, List.of());
        ExternalUserRules regex = new ExternalUserRules(false, List.of(), List.of(), List.of(), false, Set.of(), "kind", null, Pattern.compile("contractor-.*"), List.of());
        FakeUser user = FakeUser.withEmail("u@corp.example", true);
        assertTrue(equals.classify(user.withAttribute("kind", "staff", "partner")).isExternal(), "any value counts");
        assertFalse(equals.classify(user.withAttribute("kind", "partner-2")).isExternal());
        assertEquals(ExternalRule.ATTRIBUTE, regex.classify(user.withAttribute("kind", "contractor-2024")).rule());
        assertFalse(regex.classify(user.withAttribute("kind", "x-contractor-2024")).isExternal(), "a partial match does not count");
    }

    @Test
    void identityProviderLink() {
        ExternalUserRules rules = new ExternalUserRules(false, List.of(), List.of(), List.of(), false, Set.of(), null, null, null, List.of("partner-idp"));
        assertEquals(ExternalRule.IDENTITY_PROVIDER, rules.classify(FakeUser.withEmail("l@corp.example", true).linkedTo("partner-idp")).rule());
        assertFalse(rules.classify(FakeUser.withEmail("l@corp.example", true).linkedTo("other")).isExternal());
    }

    @Test
    void attributeIsCheckedBeforeEmail() {
        ExternalUserRules rules = new ExternalUserRules(true, List.of("corp.example"), List.of(), List.of(), false, Set.of(), "kind", "partner", null, List.of());
        assertEquals(ExternalRule.ATTRIBUTE, rules.classify(FakeUser.withEmail("ada@partner.example", true).withAttribute("kind", "partner")).rule());
    }

    @Test
    void noRuleMatchedIsInternal() {
        assertEquals(Classification.INTERNAL, listed("partner.example").classify(FakeUser.withEmail("o@corp.example", true)));
    }

    @Test
    void aRuleSetWithoutRulesTargetsNobody() {
        assertFalse(new ExternalUserRules(false, List.of("corp.example"), List.of(), List.of(), false, Set.of(), null, null, null, List.of()).targetsAnyone());
        assertTrue(UNMANAGED.targetsAnyone());
    }
}
