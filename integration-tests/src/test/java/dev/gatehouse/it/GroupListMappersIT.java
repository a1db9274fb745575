package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Real tokens and real SAML responses carry the groups as configured. Mia is in /apps/jira/jira-developers,
 * /staff (which grants oidc-app's role app-user), /admins, /sales-eu and /Engineering/Backend; every mapper
 * variant is on the clients of mappers-realm.json.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class GroupListMappersIT {

    private static final String SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

    @InjectRealm(fromJson = "mappers-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    private static JsonNode accessToken;
    private static JsonNode idToken;
    private static JsonNode introspection;
    private static Map<String, Object> userInfo;

    private void tokens() throws Exception {
        if (accessToken != null) {
            return;
        }
        oauth.client("oidc-app", "oidc-secret");
        AccessTokenResponse response = oauth.doPasswordGrantRequest("mia", "mia-pw");
        assertEquals(200, response.getStatusCode(), response.getErrorDescription());
        accessToken = payload(response.getAccessToken());
        idToken = payload(response.getIdToken());
        introspection = oauth.doIntrospectionAccessTokenRequest(response.getAccessToken()).asJsonNode();
        userInfo = oauth.doUserInfoRequest(response.getAccessToken()).getUserInfo().getOtherClaims();
    }

    @Test
    void groupNamesAreSortedAlphabeticallyAndWithoutPath() throws Exception {
        tokens();
        assertEquals(List.of("admins", "Backend", "jira-developers", "sales-eu", "staff"), list(accessToken, "groups_plain"));
        assertEquals(list(accessToken, "groups_plain"), list(idToken, "groups_plain"));
        assertEquals(list(accessToken, "groups_plain"), list(introspection, "groups_plain"));
    }

    @Test
    void fullPathAndInheritedMembership() throws Exception {
        tokens();
        assertEquals(List.of("/admins", "/apps/jira/jira-developers", "/Engineering/Backend", "/sales-eu", "/staff"),
                list(accessToken, "groups_full"));
        assertEquals(List.of("/admins", "/apps", "/apps/jira", "/apps/jira/jira-developers",
                "/Engineering", "/Engineering/Backend", "/sales-eu", "/staff"), list(accessToken, "groups_inherited"));
    }

    @Test
    void ignoredGroupsNeverAppear() throws Exception {
        tokens();
        assertEquals(List.of("Backend", "jira-developers", "staff"), list(accessToken, "groups_ignored"));
        assertEquals(List.of("Backend", "jira-developers", "staff"), list(idToken, "groups_ignored"));
    }

    @Test
    void filtersParentAndPrefixStripping() throws Exception {
        tokens();
        assertEquals(List.of("developers"), list(accessToken, "groups_under"));
        assertEquals(List.of("sales-eu", "staff"), list(accessToken, "groups_starts"));
        assertEquals(List.of("jira-developers"), list(accessToken, "groups_contains"));
        assertEquals(List.of("admins", "staff"), list(accessToken, "groups_regex"));
        assertEquals(List.of("Backend", "staff"), list(accessToken, "groups_allow"));
    }

    @Test
    void onlyGroupsGrantingTheClientsRoles() throws Exception {
        tokens();
        assertEquals(List.of("staff"), list(accessToken, "groups_clientroles"));
    }

    @Test
    void nestedClaimName() throws Exception {
        tokens();
        assertEquals(5, accessToken.get("org").get("groups").size());
    }

    @Test
    void overageSendsADeterministicSubsetAndTheTotalWhileUserinfoKeepsAll() throws Exception {
        tokens();
        assertEquals(List.of("admins", "Backend"), list(accessToken, "groups_limit"));
        assertEquals(5, accessToken.get("groups_limit_overage").asInt());
        assertEquals(List.of("admins", "Backend"), list(idToken, "groups_limit"));
        assertEquals(List.of("admins", "Backend", "jira-developers", "sales-eu", "staff"), userInfo.get("groups_limit"));
        assertFalse(accessToken.has("groups_plain_overage"));
    }

    @Test
    void tokenSwitchesAreHonoured() throws Exception {
        tokens();
        assertTrue(accessToken.has("groups_access_only"));
        assertFalse(idToken.has("groups_access_only"));
        assertNull(userInfo.get("groups_access_only"));
    }

    @Test
    void lightweightAccessTokensCarryOnlyMappersMarkedForThem() throws Exception {
        oauth.client("light-app", "light-secret");
        try {
            AccessTokenResponse response = oauth.doPasswordGrantRequest("mia", "mia-pw");
            JsonNode light = payload(response.getAccessToken());
            assertEquals(5, light.get("groups_light").size());
            assertFalse(light.has("groups_heavy"));
        } finally {
            oauth.client("oidc-app", "oidc-secret");
        }
    }

    @Test
    void invalidMapperConfigIsRefusedOnSave() {
        String clientId = realm.admin().clients().findByClientId("oidc-app").get(0).getId();
        ProtocolMapperRepresentation bad = new ProtocolMapperRepresentation();
        bad.setName("bad-regex");
        bad.setProtocol("openid-connect");
        bad.setProtocolMapper("gatehouse-oidc-group-list");
        bad.setConfig(Map.of("claim.name", "g", "gatehouse.filter.regex", "(unclosed"));
        try (Response response = realm.admin().clients().get(clientId).getProtocolMappers().createMapper(bad)) {
            assertEquals(400, response.getStatus());
            assertTrue(response.readEntity(String.class).contains("regular expression"));
        }
        bad.setName("no-claim");
        bad.setConfig(Map.of("claim.name", " "));
        try (Response response = realm.admin().clients().get(clientId).getProtocolMappers().createMapper(bad)) {
            assertEquals(400, response.getStatus());
        }
        String samlId = realm.admin().clients().findByClientId("saml-app").get(0).getId();
        ProtocolMapperRepresentation badSaml = new ProtocolMapperRepresentation();
        badSaml.setName("bad-format");
        badSaml.setProtocol("saml");
        badSaml.setProtocolMapper("gatehouse-saml-group-list");
        badSaml.setConfig(Map.of("attribute.nameformat", "Fancy", "gatehouse.ignored.patterns", "ok##[broken"));
        try (Response response = realm.admin().clients().get(samlId).getProtocolMappers().createMapper(badSaml)) {
            assertEquals(400, response.getStatus());
            assertTrue(response.readEntity(String.class).contains("NameFormat"));
        }
    }

    @Test
    void oidcMapperSavedThroughRestWithOnlyItsClaimNameBehavesAsTheConsoleDefaults() throws Exception {
        ProtocolMapperRepresentation empty = mapper("rest-empty", "openid-connect", "gatehouse-oidc-group-list", Map.of());
        try (Response response = mappersOf("rest-oidc-app").createMapper(empty)) {
            assertEquals(400, response.getStatus(), "an OIDC mapper needs its claim name");
            assertTrue(response.readEntity(String.class).contains("claim name"));
        }
        Map<String, String> onlyClaim = Map.of("claim.name", "groups_rest");
        try (Response response = mappersOf("rest-oidc-app").createMapper(mapper("rest", "openid-connect", "gatehouse-oidc-group-list", onlyClaim));
             Response light = mappersOf("light-app").createMapper(mapper("rest", "openid-connect", "gatehouse-oidc-group-list", onlyClaim))) {
            assertEquals(201, response.getStatus());
            assertEquals(201, light.getStatus());
        }
        List<String> names = List.of("admins", "Backend", "jira-developers", "sales-eu", "staff");
        oauth.client("rest-oidc-app", "rest-secret");
        try {
            AccessTokenResponse response = oauth.doPasswordGrantRequest("mia", "mia-pw");
            assertEquals(200, response.getStatusCode(), response.getErrorDescription());
            assertEquals(names, list(payload(response.getAccessToken()), "groups_rest"), "names, not paths, in the access token");
            assertEquals(names, list(payload(response.getIdToken()), "groups_rest"), "and in the ID token");
            assertEquals(names, list(oauth.doIntrospectionAccessTokenRequest(response.getAccessToken()).asJsonNode(), "groups_rest"),
                    "and in introspection");
            assertEquals(names, oauth.doUserInfoRequest(response.getAccessToken()).getUserInfo().getOtherClaims().get("groups_rest"),
                    "and from userinfo");
            oauth.client("light-app", "light-secret");
            AccessTokenResponse lightweight = oauth.doPasswordGrantRequest("mia", "mia-pw");
            assertFalse(payload(lightweight.getAccessToken()).has("groups_rest"), "not in a lightweight access token");
        } finally {
            oauth.client("oidc-app", "oidc-secret");
        }
    }

    @Test
    void samlMapperSavedThroughRestWithAnEmptyConfigBehavesAsTheConsoleDefaults() throws Exception {
        try (Response response = mappersOf("rest-saml-app").createMapper(mapper("rest", "saml", "gatehouse-saml-group-list", Map.of()))) {
            assertEquals(201, response.getStatus());
        }
        List<Element> groups = samlAttributes("rest-saml-app").get("urn:oid:2.5.4.31");
        assertEquals(1, groups.size(), "one multi-valued attribute");
        assertEquals("urn:oasis:names:tc:SAML:2.0:attrname-format:uri", groups.get(0).getAttribute("NameFormat"));
        assertEquals(List.of("admins", "Backend", "jira-developers", "sales-eu", "staff"), values(groups.get(0)),
                "group names, not paths, none left out");
    }

    private org.keycloak.admin.client.resource.ProtocolMappersResource mappersOf(String clientId) {
        String id = realm.admin().clients().findByClientId(clientId).get(0).getId();
        return realm.admin().clients().get(id).getProtocolMappers();
    }

    private static ProtocolMapperRepresentation mapper(String name, String protocol, String type, Map<String, String> config) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol(protocol);
        mapper.setProtocolMapper(type);
        mapper.setConfig(new java.util.HashMap<>(config));
        return mapper;
    }

    @Test
    void samlResponseCarriesTheGroupsAsRelyingApplicationsExpect() throws Exception {
        Map<String, List<Element>> attributes = samlAttributes("saml-app");

        List<Element> seed = attributes.get("urn:oid:2.5.4.31");
        assertEquals(1, seed.size(), "one multi-valued attribute");
        assertEquals("urn:oasis:names:tc:SAML:2.0:attrname-format:uri", seed.get(0).getAttribute("NameFormat"));
        assertEquals(List.of("admins", "Backend", "jira-developers", "sales-eu", "staff"), values(seed.get(0)));

        List<Element> perGroup = attributes.get("groupPer");
        assertEquals(5, perGroup.size(), "one attribute per group");
        assertEquals(List.of("admins"), values(perGroup.get(0)));

        Element basic = attributes.get("memberOf").get(0);
        assertEquals("urn:oasis:names:tc:SAML:2.0:attrname-format:basic", basic.getAttribute("NameFormat"));
        assertEquals("member-of", basic.getAttribute("FriendlyName"));
        assertEquals(List.of("Backend", "jira-developers", "staff"), values(basic), "ignored groups never appear");

        assertEquals(List.of("/admins", "/apps/jira/jira-developers", "/Engineering/Backend", "/sales-eu", "/staff"),
                values(attributes.get("groupPaths").get(0)));

        assertEquals(List.of("admins", "Backend"), values(attributes.get("groupLimited").get(0)));
        assertEquals(List.of("5"), values(attributes.get("groupLimitedTotal").get(0)));
    }

    private Map<String, List<Element>> samlAttributes(String client) throws Exception {
        HtmlUnitDriver htmlUnit = (HtmlUnitDriver) driver.driver();
        htmlUnit.setJavascriptEnabled(false); // keep the auto-posting SAML form on the page to read it
        try {
            new Browser(realm, driver, oauth, loginPage).fresh(); // each call signs in anew
            driver.open(realm.getBaseUrl() + "/protocol/saml/clients/" + client);
            loginPage.fillLogin("mia", "mia-pw");
            loginPage.submit();
            String encoded = driver.findElement(By.name("SAMLResponse")).getAttribute("value");
            byte[] xml = Base64.getMimeDecoder().decode(encoded);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList nodes = doc.getElementsByTagNameNS(SAML_ASSERTION_NS, "Attribute");
            Map<String, List<Element>> byName = new LinkedHashMap<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element attribute = (Element) nodes.item(i);
                byName.computeIfAbsent(attribute.getAttribute("Name"), k -> new ArrayList<>()).add(attribute);
            }
            return byName;
        } finally {
            htmlUnit.setJavascriptEnabled(true);
        }
    }

    private static List<String> values(Element attribute) {
        NodeList values = attribute.getElementsByTagNameNS(SAML_ASSERTION_NS, "AttributeValue");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < values.getLength(); i++) {
            result.add(values.item(i).getTextContent());
        }
        return result;
    }

    private static JsonNode payload(String jwt) throws Exception {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonSerialization.mapper.readTree(json);
    }

    private static List<String> list(JsonNode token, String claim) {
        JsonNode node = token.get(claim);
        assertTrue(node != null && node.isArray(), claim + " in " + token);
        List<String> result = new ArrayList<>();
        node.forEach(n -> result.add(n.asText()));
        return result;
    }
}
