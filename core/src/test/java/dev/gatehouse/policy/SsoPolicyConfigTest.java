package dev.gatehouse.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

class SsoPolicyConfigTest {

    private static ExternalUserPolicy parse(Map<String, List<String>> extra) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(PolicyConfig.GROUPS, List.of("/partners"));
        config.put(PolicyConfig.METHOD, List.of("sso"));
        config.putAll(extra);
        return PolicyConfig.parse("id", "Partners", config);
    }

    @Test
    void ssoMethodReadsProviderAndDefaultsToExistingLinksOnly() {
        SsoSettings sso = parse(Map.of(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of(" partner-idp "))).sso();
        assertEquals("partner-idp", sso.identityProvider());
        assertFalse(sso.linkByEmail());
        assertTrue(sso.acceptedContexts().isEmpty());
        assertFalse(sso.fallbackToEmailOtp());
        assertTrue(sso.forceLogin(), "by default the provider signs the user in again");
        assertEquals(Duration.ofMinutes(5), sso.maxAuthAge(), "by default an upstream sign-in may be 5 minutes old");
        assertTrue(sso.accepts(List.of()), "no accepted contexts: any answer counts");
    }

    @Test
    void ssoMethodWithoutProviderIsRefused() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> parse(Map.of()));
        assertTrue(e.getMessage().contains("alias of an identity provider"), e.getMessage());
    }

    @Test
    void acceptedContextsAndEmailFallbackAreRead() {
        SsoSettings sso = parse(Map.of(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"),
                PolicyConfig.SSO_ACCEPTED_CONTEXTS, List.of("mfa, gold", "urn:oasis:names:tc:SAML:2.0:ac:classes:X509"),
                PolicyConfig.SSO_FALLBACK, List.of("email-otp"), PolicyConfig.SSO_LINK_BY_EMAIL, List.of("true"))).sso();
        assertEquals(Set.of("mfa", "gold", "urn:oasis:names:tc:SAML:2.0:ac:classes:X509"), sso.acceptedContexts());
        assertTrue(sso.fallbackToEmailOtp());
        assertTrue(sso.linkByEmail());
        assertTrue(sso.accepts(List.of("pwd", "mfa")));
        assertFalse(sso.accepts(List.of("1")));
        assertFalse(sso.accepts(List.of()));
    }

    @Test
    void forcedLoginAtTheProviderIsRead() {
        assertTrue(parse(Map.of(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"),
                PolicyConfig.SSO_FORCE_LOGIN, List.of("true"))).sso().forceLogin());
        assertThrows(ComponentValidationException.class, () -> parse(Map.of(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"),
                PolicyConfig.SSO_FORCE_LOGIN, List.of("always"))));
    }

    @Test
    void freshSignInCanBeTurnedOffAndItsAgeIsBounded() {
        SsoSettings off = parse(Map.of(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"),
                PolicyConfig.SSO_FORCE_LOGIN, List.of("false"), PolicyConfig.SSO_MAX_AUTH_AGE_MINUTES, List.of("0"))).sso();
        assertFalse(off.forceLogin());
        assertTrue(off.authAgeLimit().isEmpty(), "0: any age");
        assertEquals(Duration.ofMinutes(30), parse(Map.of(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"),
                PolicyConfig.SSO_MAX_AUTH_AGE_MINUTES, List.of("30"))).sso().maxAuthAge());
        for (String bad : List.of("-1", "1441", "soon")) {
            ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> parse(Map.of(
                    PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"), PolicyConfig.SSO_MAX_AUTH_AGE_MINUTES, List.of(bad))));
            assertTrue(e.getMessage().contains(PolicyConfig.SSO_MAX_AUTH_AGE_MINUTES), e.getMessage());
        }
    }

    @Test
    void emailFallbackWithoutAcceptedContextsIsRefused() {
        assertThrows(ComponentValidationException.class, () -> parse(Map.of(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"),
                PolicyConfig.SSO_FALLBACK, List.of("email-otp"))));
    }

    @Test
    void unknownFallbackIsRefusedNamingTheSetting() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> parse(Map.of(
                PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"), PolicyConfig.SSO_FALLBACK, List.of("allow"))));
        assertTrue(e.getMessage().contains(PolicyConfig.SSO_FALLBACK), e.getMessage());
    }

    @Test
    void otherMethodsCarryNoSsoSettings() {
        Map<String, List<String>> config = new HashMap<>();
        config.put(PolicyConfig.GROUPS, List.of("/partners"));
        config.put(PolicyConfig.SSO_IDENTITY_PROVIDER, List.of("idp"));
        assertNull(PolicyConfig.parse("id", "Partners", config).sso());
    }
}
