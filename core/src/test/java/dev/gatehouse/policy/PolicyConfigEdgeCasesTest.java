package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentValidationException;

/** Parsing and refusals of {@link PolicyConfig} beyond {@link PolicyConfigTest}. */
class PolicyConfigEdgeCasesTest {

    /** Stored config: key, value, key, value... Each value is one stored string. */
    private static Map<String, List<String>> stored(String... keyValues) {
        Map<String, List<String>> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.computeIfAbsent(keyValues[i], k -> new ArrayList<>()).add(keyValues[i + 1]);
        }
        return config;
    }

    /** A policy with a group rule so that it targets someone, plus the given settings. */
    private static ExternalUserPolicy withGroupRule(String... keyValues) {
        Map<String, List<String>> config = stored(keyValues);
        config.putIfAbsent(PolicyConfig.GROUPS, List.of("/partners"));
        return PolicyConfig.parse("id-1", "Partners", config);
    }

    private static ComponentValidationException refused(Map<String, List<String>> config) {
        return assertThrows(ComponentValidationException.class, () -> PolicyConfig.parse("id-1", "Partners", config));
    }

    private static ComponentValidationException refusedWithGroupRule(String... keyValues) {
        Map<String, List<String>> config = stored(keyValues);
        config.putIfAbsent(PolicyConfig.GROUPS, List.of("/partners"));
        return refused(config);
    }

    private static void assertMentions(ComponentValidationException e, String... words) {
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        for (String word : words) {
            assertTrue(message.contains(word.toLowerCase(Locale.ROOT)), "'" + e.getMessage() + "' should mention " + word);
        }
    }

    // --- happy path ----------------------------------------------------------------------------------------

    @Test
    void minimalPolicyGetsAllDefaults() {
        ExternalUserPolicy p = withGroupRule();
        assertEquals("id-1", p.id());
        assertEquals("Partners", p.name());
        assertTrue(p.enabled());
        assertEquals(0, p.priority());
        assertEquals(StepUpMethod.EMAIL_OTP, p.method());
        assertEquals("email-otp", p.method().id());
        assertEquals(EmailOtpSettings.DEFAULTS, p.emailOtp());
        assertEquals(PolicyMode.ENFORCE, p.mode());
        assertEquals(Set.of(), p.testUsers());
        assertNull(p.reason());
        assertFalse(p.rules().unmanagedDomainIsExternal());
        assertEquals(List.of(), p.rules().managedDomains());
        assertEquals(List.of(), p.rules().externalDomains());
        assertFalse(p.rules().anyOrganization());
        assertNull(p.rules().attributeName());
        assertNull(p.rules().attributePattern());
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        EmailOtpSettings d = EmailOtpSettings.DEFAULTS;
        assertEquals(6, d.codeLength());
        assertEquals(Duration.ofMinutes(5), d.lifetime());
        assertEquals(5, d.maxAttempts());
        assertEquals(Duration.ofSeconds(30), d.resendCooldown());
        assertEquals(3, d.maxResends());
        assertEquals(new OtpBudget(10, 20, Duration.ofHours(24)), d.budget());
    }

    @Test
    void theBudgetAcrossSignInsIsReadAndBounded() {
        ExternalUserPolicy p = withGroupRule(PolicyConfig.OTP_BUDGET_WRONG_CODES, "4", PolicyConfig.OTP_BUDGET_MAILS, "3",
                PolicyConfig.OTP_BUDGET_WINDOW_MINUTES, "60");
        assertEquals(new OtpBudget(4, 3, Duration.ofMinutes(60)), p.emailOtp().budget());
        for (String[] bad : new String[][] {{PolicyConfig.OTP_BUDGET_WRONG_CODES, "0"}, {PolicyConfig.OTP_BUDGET_WRONG_CODES, "101"},
                {PolicyConfig.OTP_BUDGET_MAILS, "0"}, {PolicyConfig.OTP_BUDGET_WINDOW_MINUTES, "0"},
                {PolicyConfig.OTP_BUDGET_WINDOW_MINUTES, "10081"}, {PolicyConfig.OTP_BUDGET_MAILS, "many"}}) {
            ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> withGroupRule(bad[0], bad[1]));
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }

    @Test
    void blankStoredValuesCountAsUnset() {
        ExternalUserPolicy p = withGroupRule(PolicyConfig.OTP_LENGTH, " ", PolicyConfig.METHOD, "", PolicyConfig.ENABLED, "  ",
                PolicyConfig.PRIORITY, "");
        assertEquals(EmailOtpSettings.DEFAULTS, p.emailOtp());
        assertEquals(StepUpMethod.EMAIL_OTP, p.method());
        assertTrue(p.enabled());
        assertEquals(0, p.priority());
    }

    @Test
    void everyOtpSettingIsRead() {
        ExternalUserPolicy p = withGroupRule(PolicyConfig.OTP_LENGTH, "8", PolicyConfig.OTP_LIFETIME_SECONDS, "120",
                PolicyConfig.OTP_MAX_ATTEMPTS, "3", PolicyConfig.OTP_RESEND_COOLDOWN_SECONDS, "45", PolicyConfig.OTP_MAX_RESENDS, "0");
        assertEquals(new EmailOtpSettings(8, Duration.ofSeconds(120), 3, Duration.ofSeconds(45), 0), p.emailOtp());
    }

    @Test
    void numbersAroundWhitespaceAreAccepted() {
        assertEquals(7, withGroupRule(PolicyConfig.OTP_LENGTH, " 7 ").emailOtp().codeLength());
    }

    @Test
    void methodNoneIsAccepted() {
        assertEquals(StepUpMethod.NONE, withGroupRule(PolicyConfig.METHOD, "none").method());
    }

    @Test
    void enabledFalseAndCaseInsensitiveBooleansAreAccepted() {
        assertFalse(withGroupRule(PolicyConfig.ENABLED, "false").enabled());
        assertFalse(withGroupRule(PolicyConfig.ENABLED, "FALSE").enabled());
        assertTrue(withGroupRule(PolicyConfig.ENABLED, "True").enabled());
    }

    @Test
    void negativeAndLargePrioritiesAreAccepted() {
        assertEquals(-5, withGroupRule(PolicyConfig.PRIORITY, "-5").priority());
        assertEquals(Integer.MAX_VALUE, withGroupRule(PolicyConfig.PRIORITY, String.valueOf(Integer.MAX_VALUE)).priority());
    }

    // --- numeric bounds ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource({"otpLength, 6", "otpLength, 10", "otpLifetimeSeconds, 60", "otpLifetimeSeconds, 3600",
            "otpMaxAttempts, 1", "otpMaxAttempts, 10", "otpResendCooldownSeconds, 0", "otpResendCooldownSeconds, 600",
            "otpMaxResends, 0", "otpMaxResends, 10"})
    void boundaryValueIsAccepted(String key, String value) {
        withGroupRule(key, value);
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({"otpLength, 5", "otpLength, 11", "otpLifetimeSeconds, 59", "otpLifetimeSeconds, 3601",
            "otpMaxAttempts, 0", "otpMaxAttempts, 11", "otpResendCooldownSeconds, -1", "otpResendCooldownSeconds, 601",
            "otpMaxResends, -1", "otpMaxResends, 11"})
    void outOfRangeValueIsRefusedNamingSettingAndBounds(String key, String value) {
        ComponentValidationException e = refusedWithGroupRule(key, value);
        assertMentions(e, key, "between", value);
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({"otpLength, six", "otpLifetimeSeconds, 5m", "otpMaxAttempts, 2.5", "otpResendCooldownSeconds, 0x10",
            "otpMaxResends, 99999999999", "priority, first"})
    void nonNumericValueIsRefusedNamingSetting(String key, String value) {
        assertMentions(refusedWithGroupRule(key, value), key, "whole number");
    }

    // --- other refusals ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "maybe"})
    void enabledMustBeTrueOrFalse(String value) {
        assertMentions(refusedWithGroupRule(PolicyConfig.ENABLED, value), "enabled", "true or false");
    }

    @Test
    void unmanagedDomainFlagMustBeTrueOrFalse() {
        assertMentions(refused(stored(PolicyConfig.UNMANAGED_DOMAIN_IS_EXTERNAL, "yes", PolicyConfig.MANAGED_DOMAINS, "corp.example")),
                "unmanagedDomainIsExternal");
    }

    @Test
    void unknownMethodIsRefusedNamingIt() {
        assertMentions(refusedWithGroupRule(PolicyConfig.METHOD, "sms"), "verification method", "sms");
    }

    @Test
    void methodIdIsCaseSensitive() {
        refusedWithGroupRule(PolicyConfig.METHOD, "EMAIL-OTP");
    }

    @Test
    void badRegexIsRefusedNamingSetting() {
        assertMentions(refused(stored(PolicyConfig.ATTRIBUTE_NAME, "kind", PolicyConfig.ATTRIBUTE_REGEX, "[unclosed")),
                PolicyConfig.ATTRIBUTE_REGEX, "regular expression");
    }

    @Test
    void attributeNameWithoutValueOrRegexIsRefusedNamingAttribute() {
        assertMentions(refused(stored(PolicyConfig.ATTRIBUTE_NAME, "kind")), "attribute value", "kind");
    }

    @Test
    void attributeValueAndRegexTogetherAreRefused() {
        assertMentions(refused(stored(PolicyConfig.ATTRIBUTE_NAME, "kind", PolicyConfig.ATTRIBUTE_VALUE, "partner",
                PolicyConfig.ATTRIBUTE_REGEX, "partner.*")), "attribute value", "regular expression", "not both");
    }

    @Test
    void attributeValueWithoutNameIsRefused() {
        assertMentions(refusedWithGroupRule(PolicyConfig.ATTRIBUTE_VALUE, "partner"), "attribute name");
    }

    @Test
    void attributeRegexWithoutNameIsRefused() {
        assertMentions(refusedWithGroupRule(PolicyConfig.ATTRIBUTE_REGEX, "partner.*"), "attribute name");
    }

    @Test
    void attributeRuleWithValueIsParsed() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Attr", stored(PolicyConfig.ATTRIBUTE_NAME, " kind ",
                PolicyConfig.ATTRIBUTE_VALUE, "partner"));
        assertEquals("kind", p.rules().attributeName());
        assertEquals("partner", p.rules().attributeValue());
        assertNull(p.rules().attributePattern());
    }

    @Test
    void attributeRuleWithRegexIsParsed() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Attr", stored(PolicyConfig.ATTRIBUTE_NAME, "kind",
                PolicyConfig.ATTRIBUTE_REGEX, "ext-\\d+"));
        assertNull(p.rules().attributeValue());
        assertEquals("ext-\\d+", p.rules().attributePattern().pattern());
    }

    @Test
    void policyThatTargetsNobodyIsRefusedNamingIt() {
        assertMentions(refused(stored(PolicyConfig.METHOD, "email-otp", PolicyConfig.MANAGED_DOMAINS, "corp.example")),
                "Partners", "targets nobody");
    }

    @Test
    void emptyConfigTargetsNobody() {
        assertMentions(refused(Map.of()), "targets nobody");
    }

    @Test
    void unmanagedRuleWithoutManagedDomainsIsRefused() {
        assertMentions(refused(stored(PolicyConfig.UNMANAGED_DOMAIN_IS_EXTERNAL, "true")), "managed email domains");
    }

    @Test
    void unmanagedRuleWithManagedDomainsIsAccepted() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Unmanaged", stored(PolicyConfig.UNMANAGED_DOMAIN_IS_EXTERNAL, "true",
                PolicyConfig.MANAGED_DOMAINS, "Corp.Example"));
        assertTrue(p.rules().unmanagedDomainIsExternal());
        assertEquals(List.of("corp.example"), p.rules().managedDomains());
    }

    @ParameterizedTest
    @ValueSource(strings = {"under_score.example", "two..dots.example", ".leading.example", "@", "*.", "*.*.corp.example"})
    void invalidExternalDomainIsRefusedNamingSettingAndValue(String domain) {
        assertMentions(refused(stored(PolicyConfig.EXTERNAL_DOMAINS, domain)), PolicyConfig.EXTERNAL_DOMAINS, domain,
                "not a valid domain");
    }

    @Test
    void invalidManagedDomainIsRefusedNamingSetting() {
        assertMentions(refused(stored(PolicyConfig.UNMANAGED_DOMAIN_IS_EXTERNAL, "true", PolicyConfig.MANAGED_DOMAINS, "corp_example")),
                PolicyConfig.MANAGED_DOMAINS, "corp_example");
    }

    @Test
    void overlongDomainIsRefused() {
        String label = "a".repeat(63);
        String domain = String.join(".", label, label, label, label); // 255 characters
        refused(stored(PolicyConfig.EXTERNAL_DOMAINS, domain));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t"})
    void blankOrMissingNameIsRefused(String name) {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> PolicyConfig.parse("id", name, stored(PolicyConfig.GROUPS, "/partners")));
        assertMentions(e, "name");
    }

    @Test
    void unknownModeIsRefusedNamingIt() {
        assertMentions(refusedWithGroupRule(PolicyConfig.MODE, "dry-run"), "mode", "dry-run");
    }

    @Test
    void reasonOfExactly500CharactersIsAccepted() {
        assertEquals(500, withGroupRule(PolicyConfig.REASON, "x".repeat(500)).reason().length());
    }

    @Test
    void fiveTestUsersAreAcceptedAndDuplicatesCountOnce() {
        ExternalUserPolicy p = withGroupRule(PolicyConfig.MODE, "test", PolicyConfig.TEST_USERS, "a b c d e",
                PolicyConfig.TEST_USERS, "A, E");
        assertEquals(Set.of("a", "b", "c", "d", "e"), p.testUsers());
    }

    // --- lists ---------------------------------------------------------------------------------------------

    @Test
    void listValuesSplitOnCommasWhitespaceAndDoubleHash() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Idps", stored(PolicyConfig.IDENTITY_PROVIDERS,
                "github, google\tazure\n okta##saml-partner,,  ##"));
        assertEquals(List.of("github", "google", "azure", "okta", "saml-partner"), p.rules().identityProviderAliases());
    }

    @Test
    void severalStoredValuesAreJoinedInOrderWithoutDuplicates() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Idps", stored(PolicyConfig.IDENTITY_PROVIDERS, "github google",
                PolicyConfig.IDENTITY_PROVIDERS, "google", PolicyConfig.IDENTITY_PROVIDERS, "okta,github"));
        assertEquals(List.of("github", "google", "okta"), p.rules().identityProviderAliases());
    }

    @Test
    void nullStoredValuesAreSkipped() {
        Map<String, List<String>> config = new HashMap<>();
        config.put(PolicyConfig.IDENTITY_PROVIDERS, Arrays.asList(null, "github", null));
        config.put(PolicyConfig.GROUPS, Arrays.asList((String) null));
        ExternalUserPolicy p = PolicyConfig.parse("id", "Nulls", config);
        assertEquals(List.of("github"), p.rules().identityProviderAliases());
        assertEquals(List.of(), p.rules().groupPaths());
    }

    @Test
    void domainsAreNormalisedAndDeduplicated() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "Domains", stored(PolicyConfig.UNMANAGED_DOMAIN_IS_EXTERNAL, "true",
                PolicyConfig.MANAGED_DOMAINS, "@corp.example *.corp.example CORP.example. corp.example",
                PolicyConfig.MANAGED_DOMAINS, "bücher.example##xn--bcher-kva.example"));
        assertEquals(List.of("corp.example", "xn--bcher-kva.example"), p.rules().managedDomains());
    }

    @Test
    void atPrefixAndWildcardPrefixAreNormalisedForExternalDomains() {
        assertEquals(List.of("partner.example"), PolicyConfig.parse("id", "D", stored(PolicyConfig.EXTERNAL_DOMAINS, "@partner.example"))
                .rules().externalDomains());
        assertEquals(List.of("partner.example"), PolicyConfig.parse("id", "D", stored(PolicyConfig.EXTERNAL_DOMAINS, "*.partner.example"))
                .rules().externalDomains());
    }

    @Test
    void groupPathsGetALeadingSlash() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "G", stored(PolicyConfig.GROUPS, "partners", PolicyConfig.GROUPS, "/guests"));
        assertEquals(List.of("/partners", "/guests"), p.rules().groupPaths());
    }

    @Test
    void groupNameWithSpaceOrCommaStaysWhole() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "G", stored(PolicyConfig.GROUPS, "/External partners",
                PolicyConfig.GROUPS, "/Sales, EMEA/Guests"));
        assertEquals(List.of("/External partners", "/Sales, EMEA/Guests"), p.rules().groupPaths());
    }

    @Test
    void groupPathsSplitOnlyOnDoubleHashTrimmedAndDeduplicated() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "G", stored(PolicyConfig.GROUPS, " /a b ## c,d ##/a b####"));
        assertEquals(List.of("/a b", "/c,d"), p.rules().groupPaths());
    }

    @Test
    void wildcardOrganizationSetsAnyAndKeepsNamedAliases() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "O", stored(PolicyConfig.ORGANIZATIONS, "acme, * globex"));
        assertTrue(p.rules().anyOrganization());
        assertEquals(Set.of("acme", "globex"), p.rules().organizationAliases());
    }

    @Test
    void namedOrganizationsWithoutWildcardDoNotMeanAny() {
        ExternalUserPolicy p = PolicyConfig.parse("id", "O", stored(PolicyConfig.ORGANIZATIONS, "acme##globex"));
        assertFalse(p.rules().anyOrganization());
        assertEquals(Set.of("acme", "globex"), p.rules().organizationAliases());
    }

    @Test
    void blankListValuesDoNotCountAsRules() {
        assertMentions(refused(stored(PolicyConfig.GROUPS, " ## ", PolicyConfig.IDENTITY_PROVIDERS, " , ",
                PolicyConfig.ORGANIZATIONS, "")), "targets nobody");
    }

    @Test
    void propertiesDeclareEverySettingParseReads() {
        Set<String> declared = new java.util.HashSet<>();
        PolicyConfig.properties().forEach(p -> declared.add(p.getName()));
        for (String key : List.of(PolicyConfig.ENABLED, PolicyConfig.PRIORITY, PolicyConfig.METHOD, PolicyConfig.MODE,
                PolicyConfig.TEST_USERS, PolicyConfig.REASON, PolicyConfig.UNMANAGED_DOMAIN_IS_EXTERNAL,
                PolicyConfig.MANAGED_DOMAINS, PolicyConfig.EXTERNAL_DOMAINS, PolicyConfig.GROUPS, PolicyConfig.ORGANIZATIONS,
                PolicyConfig.ATTRIBUTE_NAME, PolicyConfig.ATTRIBUTE_VALUE, PolicyConfig.ATTRIBUTE_REGEX,
                PolicyConfig.IDENTITY_PROVIDERS, PolicyConfig.OTP_LENGTH, PolicyConfig.OTP_LIFETIME_SECONDS,
                PolicyConfig.OTP_MAX_ATTEMPTS, PolicyConfig.OTP_RESEND_COOLDOWN_SECONDS, PolicyConfig.OTP_MAX_RESENDS)) {
            assertTrue(declared.contains(key), key);
        }
    }

    @Test
    void declaredOtpDefaultsEqualParsedDefaults() {
        Map<String, Object> defaults = new HashMap<>();
        PolicyConfig.properties().forEach(p -> defaults.put(p.getName(), p.getDefaultValue()));
        ExternalUserPolicy p = withGroupRule(
                PolicyConfig.OTP_LENGTH, String.valueOf(defaults.get(PolicyConfig.OTP_LENGTH)),
                PolicyConfig.OTP_LIFETIME_SECONDS, String.valueOf(defaults.get(PolicyConfig.OTP_LIFETIME_SECONDS)),
                PolicyConfig.OTP_MAX_ATTEMPTS, String.valueOf(defaults.get(PolicyConfig.OTP_MAX_ATTEMPTS)),
                PolicyConfig.OTP_RESEND_COOLDOWN_SECONDS, String.valueOf(defaults.get(PolicyConfig.OTP_RESEND_COOLDOWN_SECONDS)),
                PolicyConfig.OTP_MAX_RESENDS, String.valueOf(defaults.get(PolicyConfig.OTP_MAX_RESENDS)),
                PolicyConfig.METHOD, String.valueOf(defaults.get(PolicyConfig.METHOD)),
                PolicyConfig.ENABLED, String.valueOf(defaults.get(PolicyConfig.ENABLED)),
                PolicyConfig.PRIORITY, String.valueOf(defaults.get(PolicyConfig.PRIORITY)));
        assertEquals(withGroupRule(), p);
    }
}
