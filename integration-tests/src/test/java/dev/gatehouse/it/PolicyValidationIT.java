package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** A policy is checked when saved, through the same admin REST call the console makes; bad input is refused whole. */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class PolicyValidationIT {

    @InjectRealm(fromJson = "rules-realm.json")
    ManagedRealm realm;

    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
            "otpLength | 5 | otpLength",
            "otpLength | 11 | otpLength",
            "otpLifetimeSeconds | 5000 | otpLifetimeSeconds",
            "otpMaxAttempts | 0 | otpMaxAttempts",
            "otpResendCooldownSeconds | soon | otpResendCooldownSeconds",
            "method | carrier-pigeon | carrier-pigeon",
            "groups | /no-such-group | Unknown group",
            "identityProviders | no-such-idp | Unknown identity provider",
            "externalDomains | bad_domain..example | not a valid domain",
            "attributeRegex | (unclosed | regular expression",
    })
    void invalidSettingIsRefusedWithAMessageNamingIt(String key, String value, String expected) {
        MultivaluedHashMap<String, String> config = validConfig();
        config.putSingle(key, value);
        if (key.equals("attributeRegex")) {
            config.putSingle("attributeName", "employmentType");
        }
        try (Response response = realm.admin().components().add(policy("Broken", config))) {
            assertEquals(400, response.getStatus());
            String body = response.readEntity(String.class);
            assertTrue(body.contains(expected), body);
        }
        assertEquals(1, storedPolicies(), "nothing was stored");
    }

    @Test
    void policyThatTargetsNobodyIsRefused() {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("method", "email-otp");
        try (Response response = realm.admin().components().add(policy("Nobody", config))) {
            assertEquals(400, response.getStatus());
            assertTrue(response.readEntity(String.class).contains("targets nobody"));
        }
    }

    @Test
    void validPolicyIsStoredAndReadBack() {
        try (Response response = realm.admin().components().add(policy("Valid", validConfig()))) {
            assertEquals(201, response.getStatus());
        }
        ComponentRepresentation stored = realm.admin().components()
                .query(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider").stream()
                .filter(c -> c.getName().equals("Valid")).findFirst().orElseThrow();
        assertEquals(List.of("/partners"), stored.getConfig().get("groups"));
        realm.admin().components().component(stored.getId()).remove();
    }

    private long storedPolicies() {
        return realm.admin().components().query(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider").size();
    }

    private static MultivaluedHashMap<String, String> validConfig() {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (Map.Entry<String, String> e : Map.of("method", "email-otp", "groups", "/partners", "otpLength", "8").entrySet()) {
            config.putSingle(e.getKey(), e.getValue());
        }
        return config;
    }

    private ComponentRepresentation policy(String name, MultivaluedHashMap<String, String> config) {
        ComponentRepresentation rep = new ComponentRepresentation();
        rep.setName(name);
        rep.setProviderId("gatehouse-external-user-policy");
        rep.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        rep.setParentId(realm.getId());
        rep.setConfig(config);
        return rep;
    }
}
