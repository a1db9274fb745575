package dev.gatehouse.provisioning.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.target.ScimAttributeMap;

class ScimAttributeMapTest {

    private static final String ENTERPRISE = ScimAttributeMap.ENTERPRISE_SCHEMA;

    private static UserSnapshot user(Map<String, List<String>> attributes) {
        return new UserSnapshot("kc-1", "ada", "ada@example.org", true, "Ada", "Lovelace", true, attributes, List.of());
    }

    private static String refusal(String... entries) {
        return assertThrows(ComponentValidationException.class, () -> ScimAttributeMap.parse(List.of(entries))).getMessage();
    }

    @Test
    void pathsAreMatchedCaseInsensitivelyAndKeptAsTheRfcSpellsThem() {
        ScimAttributeMap map = ScimAttributeMap.parse(List.of("job=TITLE", "mobile=phonenumbers[Mobile]",
                "dept=" + ENTERPRISE.toUpperCase() + ":DEPARTMENT", "middle=name.middlename", "private=emails[home]"));
        assertEquals(List.of("title", "phoneNumbers[mobile]", ENTERPRISE + ":department", "name.middleName", "emails[home]"),
                map.mappings().stream().map(ScimAttributeMap.Mapping::scimPath).toList());
    }

    @Test
    void unknownPathsAndTypesAreRefusedNamingWhatIsAllowed() {
        String message = refusal("dept=department");
        assertTrue(message.contains("department is not a SCIM path"), message);
        assertTrue(message.contains(ENTERPRISE + ":employeeNumber|costCenter|organization|division|department"), message);
        assertTrue(refusal("fax=phoneNumbers[satellite]").contains("not a SCIM path"));
        assertTrue(refusal("boss=" + ENTERPRISE + ":manager").contains("not a SCIM path"), "manager needs the target's id");
        assertTrue(refusal("x=addresses[work]").contains("not a SCIM path"));
    }

    @Test
    void whatGatehouseSendsItselfCannotBeMappedOnto() {
        for (String path : List.of("userName", "externalId", "active", "emails", "emails[work]", "name.givenName", "id")) {
            String message = refusal("login=" + path);
            assertTrue(message.contains("cannot be mapped"), path + ": " + message);
        }
        assertTrue(refusal("email=title").contains("not a custom attribute"), "Keycloak's own fields are not attributes");
        assertTrue(refusal("firstName=nickName").contains("not a custom attribute"));
    }

    @Test
    void malformedAndDuplicateEntriesAreRefused() {
        assertTrue(refusal("department").contains("must be keycloakAttribute=scimPath"));
        assertTrue(refusal("=title").contains("Keycloak attribute name is missing"));
        assertTrue(refusal("my job=title").contains("has spaces"));
        assertTrue(refusal("job=title", "role=Title").contains("title is mapped twice"));
        assertEquals(2, ScimAttributeMap.parse(List.of("phone=phoneNumbers[work]", "phone=phoneNumbers[mobile]")).mappings().size(),
                "one attribute may go to two places");
    }

    @Test
    void mappedAttributesAreAddedAndTheEnterpriseSchemaDeclared() {
        ScimAttributeMap map = ScimAttributeMap.parse(List.of("department=" + ENTERPRISE + ":department", "phone=phoneNumbers[work]",
                "job=title", "shown=displayName"));
        ObjectNode body = ScimResources.user(user(Map.of("department", List.of("", "Research"), "phone", List.of("+44 20 1234"),
                "job", List.of("Analyst"), "shown", List.of("Countess"))), true, map);
        assertEquals(List.of(ScimResources.USER_SCHEMA, ENTERPRISE), List.of(body.get("schemas").get(0).asText(),
                body.get("schemas").get(1).asText()));
        assertEquals("Research", body.path(ENTERPRISE).path("department").asText(), "the first non-blank value");
        assertEquals("+44 20 1234", body.path("phoneNumbers").path(0).path("value").asText());
        assertEquals("work", body.path("phoneNumbers").path(0).path("type").asText());
        assertEquals("Analyst", body.path("title").asText());
        assertEquals("Countess", body.path("displayName").asText(), "a mapped displayName replaces first and last name");
        assertEquals("ada@example.org", body.path("emails").path(0).path("value").asText(), "core fields untouched");
    }

    @Test
    void aMissingOrBlankAttributeIsLeftOutSoAPutRemovesIt() {
        ScimAttributeMap map = ScimAttributeMap.parse(List.of("department=" + ENTERPRISE + ":department", "phone=phoneNumbers[work]",
                "job=title"));
        ObjectNode body = ScimResources.user(user(Map.of("job", List.of(" "))), true, map);
        assertFalse(body.has(ENTERPRISE));
        assertEquals(1, body.get("schemas").size(), "no extension schema without an extension attribute");
        assertFalse(body.has("phoneNumbers"));
        assertFalse(body.has("title"));
        assertEquals("Ada Lovelace", body.path("displayName").asText());
    }

    @Test
    void readFindsTheValuesAtTheMappedPathsOfAResource() {
        ScimAttributeMap map = ScimAttributeMap.parse(List.of("department=" + ENTERPRISE + ":department", "mobile=phoneNumbers[mobile]",
                "job=title"));
        ObjectNode sent = ScimResources.user(user(Map.of("department", List.of("Research"), "mobile", List.of("+1 555"))), true, map);
        assertEquals(Map.of(ENTERPRISE + ":department", "Research", "phoneNumbers[mobile]", "+1 555", "title", ""), map.read(sent));
    }
}
