package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.component.ComponentValidationException;

class PolicyConfigTest {

    private static Map<String, List<String>> config(String... keyValues) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(PolicyConfig.GROUPS, List.of("/partners"));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return config;
    }

    private static ExternalUserPolicy parse(String... keyValues) {
        return PolicyConfig.parse("id", "Partners", config(keyValues));
    }

    @Test
    void defaultsApplyToUnsetSettings() {
        ExternalUserPolicy p = parse();
        assertEquals(EmailOtpSettings.DEFAULTS, p.emailOtp());
        assertEquals(StepUpMethod.EMAIL_OTP, p.method());
        assertEquals(PolicyMode.ENFORCE, p.mode());
        assertTrue(p.enabled());
        assertEquals(0, p.priority());
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
            "otpLength, 5", "otpLength, 11", "otpLifetimeSeconds, 59", "otpLifetimeSeconds, 3601", "otpLength, six",
            "otpMaxAttempts, 0", "otpMaxAttempts, 11", "otpResendCooldownSeconds, -1", "otpResendCooldownSeconds, 601",
            "otpMaxResends, 11", "enabled, yes", "priority, high", "sessionDurationMinutes, 14",
            "sessionDurationMinutes, 43201", "idleDurationMinutes, 14", "idleDurationMinutes, 43201",
            "refreshTokenMaxMinutes, 14", "refreshTokenMaxMinutes, 43201", "offlineTokenMaxDays, 0", "offlineTokenMaxDays, 366",
            "offlineTokenMaxDays, week"})
    void outOfRangeOrMalformedSettingIsRefusedNamingIt(String key, String value) {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> parse(key, value));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource({"otpLength, 6", "otpLength, 10", "otpLifetimeSeconds, 60", "otpLifetimeSeconds, 3600", "otpResendCooldownSeconds, 0",
            "sessionDurationMinutes, 15", "sessionDurationMinutes, 43200", "idleDurationMinutes, 15",
            "refreshTokenMaxMinutes, 15", "refreshTokenMaxMinutes, 43200", "offlineTokenMaxDays, 1", "offlineTokenMaxDays, 365"})
    void boundaryValuesAreAccepted(String key, String value) {
        parse(key, value);
    }

    @Test
    void unknownMethodOrModeIsRefused() {
        assertThrows(ComponentValidationException.class, () -> parse("method", "carrier-pigeon"));
        assertThrows(ComponentValidationException.class, () -> parse("mode", "sometimes"));
    }

    @Test
    void badRegularExpressionIsRefused() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> parse("attributeName", "kind", "attributeRegex", "(unclosed"));
        assertTrue(e.getMessage().contains("attributeRegex"));
    }

    @Test
    void attributeRuleNeedsNameAndExactlyOneCondition() {
        assertThrows(ComponentValidationException.class, () -> parse("attributeName", "kind"));
        assertThrows(ComponentValidationException.class, () -> parse("attributeValue", "partner"));
        assertThrows(ComponentValidationException.class, () -> parse("attributeName", "kind", "attributeValue", "a", "attributeRegex", "b"));
    }

    @Test
    void policyWithoutRulesIsRefused() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> PolicyConfig.parse("id", "Nobody", Map.of(PolicyConfig.METHOD, List.of("email-otp"))));
        assertTrue(e.getMessage().contains("targets nobody"));
    }

    @Test
    void unmanagedRuleNeedsManagedDomains() {
        assertThrows(ComponentValidationException.class, () -> parse("unmanagedDomainIsExternal", "true"));
    }

    @Test
    void invalidDomainIsRefusedAndValidOnesAreNormalised() {
        assertThrows(ComponentValidationException.class, () -> parse("externalDomains", "bad_domain.example"));
        ExternalUserPolicy p = parse("externalDomains", "@Partner.Example, *.vendor.example vendor.example##partner.example.");
        assertEquals(List.of("partner.example", "vendor.example"), p.rules().externalDomains());
    }

    @Test
    void groupPathsSplitOnlyOnKeycloaksSeparator() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Groups", Map.of(PolicyConfig.GROUPS, List.of("partners, emea##/guest users")));
        assertEquals(List.of("/partners, emea", "/guest users"), p.rules().groupPaths());
    }

    @Test
    void wildcardOrganizationMeansAny() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Orgs", Map.of(PolicyConfig.ORGANIZATIONS, List.of("*")));
        assertTrue(p.rules().anyOrganization());
        assertTrue(p.rules().organizationAliases().isEmpty());
    }

    @Test
    void testModeNeedsOneToFiveUsersCompareLowerCase() {
        assertThrows(ComponentValidationException.class, () -> parse("mode", "test"));
        ComponentValidationException six = assertThrows(ComponentValidationException.class,
                () -> parse("mode", "test", "testUsers", "a,b,c,d,e,f"));
        assertTrue(six.getMessage().contains("at most 5"));
        assertEquals(Set.of("tess", "ada"), parse("mode", "test", "testUsers", "Tess ada").testUsers());
        assertEquals(Set.of(), parse("testUsers", "tess").testUsers(), "test users matter only in test mode");
    }

    @Test
    void reasonIsLimitedInLength() {
        assertThrows(ComponentValidationException.class, () -> parse("reason", "x".repeat(501)));
        assertEquals("Partners confirm by email.", parse("reason", "Partners confirm by email.").reason());
    }

    @Test
    void verificationLastsTheWholeSessionUnlessLimited() {
        assertTrue(parse().sessionLimit().isEmpty());
        assertEquals(java.time.Duration.ofHours(8), parse("sessionDurationMinutes", "480").sessionLimit().orElseThrow());
    }

    @Test
    void blankNameIsRefused() {
        assertThrows(ComponentValidationException.class, () -> PolicyConfig.parse("id", " ", config()));
    }

    @Test
    void tokenCapsAreReadPerKindOfToken() {
        ExternalUserPolicy p = parse("refreshTokenMaxMinutes", "60", "offlineTokenMaxDays", "7");
        assertEquals(java.time.Duration.ofMinutes(60), p.tokenCap(false).orElseThrow());
        assertEquals(java.time.Duration.ofDays(7), p.tokenCap(true).orElseThrow());
        assertTrue(parse().tokenCap(false).isEmpty() && parse().tokenCap(true).isEmpty(), "no cap unless set");
    }

    @Test
    void anOfflineTokenCapContradictsBlockingTokenAccess() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> parse("blockTokenAccess", "true", "offlineTokenMaxDays", "7"));
        assertTrue(e.getMessage().contains("Offline tokens are blocked"), e.getMessage());
        parse("blockTokenAccess", "true", "refreshTokenMaxMinutes", "60");
    }

    @Test
    void onlyAMethodOtherThanNoneVerifiesInTheBrowser() {
        assertTrue(parse().verifiesInBrowser());
        assertTrue(!parse("method", "none").verifiesInBrowser());
    }
}
