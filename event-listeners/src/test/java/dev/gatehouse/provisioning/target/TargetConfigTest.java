package dev.gatehouse.provisioning.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

class TargetConfigTest {

    private static Map<String, List<String>> config(String... pairs) {
        Map<String, List<String>> config = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], List.of(pairs[i + 1]));
        }
        return config;
    }

    @Test
    void scimTargetWithDefaults() {
        ProvisioningTarget t = TargetConfig.parse("id", "app", config("url", "https://app.example/scim/v2/",
                "secret", "${vault.app-token}"));
        assertEquals(ProvisioningTarget.Kind.SCIM, t.kind());
        assertEquals(ProvisioningTarget.Auth.BEARER, t.auth());
        assertEquals("https://app.example/scim/v2", t.url().toString(), "a trailing slash is dropped");
        assertEquals(ProvisioningTarget.Audience.ALL, t.audience());
        assertEquals(ProvisioningTarget.Deprovision.DEACTIVATE, t.deprovision());
        assertEquals(12, t.maxAttempts());
        assertTrue(t.enabled() && t.pushGroups() && !t.resyncOnLogin());
    }

    @Test
    void secretMustBeAVaultReference() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> TargetConfig.parse("id", "app", config("url", "https://app.example", "secret", "hunter2")));
        assertTrue(e.getMessage().contains("vault reference"));
        assertFalse(e.getMessage().contains("hunter2"), "the refused secret is not echoed");
    }

    @Test
    void httpOnlyForLoopbackWhenPrivateTargetsAreAllowedAndNoCredentialsInUrl() {
        assertThrows(ComponentValidationException.class,
                () -> TargetConfig.parse("id", "app", config("url", "http://app.example/scim", "auth", "none")));
        assertThrows(ComponentValidationException.class,
                () -> TargetConfig.parse("id", "app", config("url", "https://u:p@app.example/scim", "auth", "none")));
        assertThrows(ComponentValidationException.class,
                () -> TargetConfig.parse("id", "app", config("url", "ftp://app.example", "auth", "none")));
        assertThrows(ComponentValidationException.class,
                () -> TargetConfig.parse("id", "app", config("url", "http://localhost:8081/scim", "auth", "none")),
                "not even localhost by default");
        assertEquals("http://localhost:8081/scim", TargetConfig.parse("id", "app", config("url", "http://localhost:8081/scim",
                "auth", "none"), TargetAddressPolicy.ALLOW_PRIVATE).url().toString());
    }

    @Test
    void audienceNeedsItsGroupOrPolicy() {
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                config("url", "https://a.example", "auth", "none", "users", "group")));
        ProvisioningTarget t = TargetConfig.parse("id", "app",
                config("url", "https://a.example", "auth", "none", "users", "group", "usersGroup", "partners/acme"));
        assertEquals("/partners/acme", t.audienceValue());
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                config("url", "https://a.example", "auth", "none", "users", "everyone")));
    }

    @Test
    void webhookNeedsASecretAndBasicNeedsAUsername() {
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "hook",
                config("kind", "webhook", "url", "https://siem.example/hooks")));
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                config("url", "https://a.example", "auth", "basic", "secret", "${vault.pw}")));
    }

    @Test
    void ignoredGroupsByNameOrPath() {
        ProvisioningTarget t = TargetConfig.parse("id", "app", config("url", "https://a.example", "auth", "none",
                "ignoredGroups", "internal-only##/partners/secret"));
        assertFalse(t.pushes("internal-only", "/internal-only"));
        assertFalse(t.pushes("secret", "/partners/secret"));
        assertTrue(t.pushes("acme", "/partners/acme"));
    }

    @Test
    void oauth2NeedsAnHttpsTokenUrlAClientIdAndAVaultSecret() {
        ProvisioningTarget t = TargetConfig.parse("id", "app", config("url", "https://app.example/scim/v2", "auth", "oauth2",
                "tokenUrl", "https://idp.example/token", "clientId", "gatehouse", "secret", "${vault.app-client}", "scope", "scim"));
        assertEquals(ProvisioningTarget.Auth.OAUTH2, t.auth());
        assertEquals("https://idp.example/token", t.oauth().tokenUrl().toString());
        assertEquals("gatehouse", t.oauth().clientId());
        assertEquals("scim", t.oauth().scope());
        assertEquals("${vault.app-client}", t.secretRef());
        assertEquals("http://localhost:8080/realms/as/token", TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "oauth2", "tokenUrl", "http://localhost:8080/realms/as/token", "clientId", "c", "secret", "${vault.s}"),
                TargetAddressPolicy.ALLOW_PRIVATE).oauth().tokenUrl().toString());

        ComponentValidationException http = assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                config("url", "https://app.example", "auth", "oauth2", "tokenUrl", "http://idp.example/token", "clientId", "c",
                        "secret", "${vault.s}")));
        assertTrue(http.getMessage().startsWith("Token URL must use https"), http.getMessage());
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "oauth2", "clientId", "c", "secret", "${vault.s}")));
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "oauth2", "tokenUrl", "https://idp.example/token", "secret", "${vault.s}")));
        ComponentValidationException plain = assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                config("url", "https://app.example", "auth", "oauth2", "tokenUrl", "https://idp.example/token", "clientId", "c",
                        "secret", "s3cret")));
        assertTrue(plain.getMessage().contains("vault reference"));
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "oauth2", "tokenUrl", "https://idp.example/token", "clientId", "c")));
    }

    @Test
    void quarantineThresholdsHaveDefaultsAndRanges() {
        ProvisioningTarget t = TargetConfig.parse("id", "app", config("url", "https://app.example", "auth", "none"));
        assertEquals(dev.gatehouse.provisioning.target.QuarantineSettings.DEFAULTS, t.quarantine());
        ProvisioningTarget tuned = TargetConfig.parse("id", "app", config("url", "https://app.example", "auth", "none",
                "quarantineMinCalls", "5", "quarantineFailurePercent", "50", "quarantineWindowSeconds", "60",
                "quarantineProbeSeconds", "10"));
        assertEquals(5, tuned.quarantine().minCalls());
        assertEquals(50, tuned.quarantine().failurePercent());
        assertEquals(60, tuned.quarantine().window().toSeconds());
        assertEquals(10, tuned.quarantine().probeInterval().toSeconds());
        assertFalse(TargetConfig.parse("id", "app", config("url", "https://app.example", "auth", "none",
                "quarantineMinCalls", "0")).quarantine().enabled());
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "none", "quarantineFailurePercent", "0")));
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "none", "quarantineFailurePercent", "101")));
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "none", "quarantineWindowSeconds", "5")));
        assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app", config("url", "https://app.example",
                "auth", "none", "quarantineProbeSeconds", "soon")));
    }

    @Test
    void attributeMappingIsParsedOnSaveAndOnlyForScimTargets() {
        ProvisioningTarget t = TargetConfig.parse("id", "app", config("url", "https://a.example", "auth", "none",
                "attributeMap", "job=title##phone=phoneNumbers[work]"));
        assertEquals(2, t.attributeMap().mappings().size());
        assertTrue(TargetConfig.parse("id", "app", config("url", "https://a.example", "auth", "none")).attributeMap().isEmpty());
        ComponentValidationException bad = assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "app",
                config("url", "https://a.example", "auth", "none", "attributeMap", "login=userName")));
        assertTrue(bad.getMessage().contains("userName is sent by Gatehouse"), bad.getMessage());
        ComponentValidationException hook = assertThrows(ComponentValidationException.class, () -> TargetConfig.parse("id", "hook",
                config("kind", "webhook", "url", "https://siem.example/hooks", "secret", "${vault.w}", "attributeMap", "job=title")));
        assertTrue(hook.getMessage().contains("for SCIM targets"), hook.getMessage());
    }
}
