package dev.gatehouse.provisioning.target;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.component.ComponentValidationException;

import dev.gatehouse.provisioning.change.UserSnapshot;

/**
 * Which custom Keycloak user attributes a SCIM target receives, and where (RFC 7643 §4.1 core User, §4.3 Enterprise
 * User). Parsed once from entries {@code keycloakAttribute=scimPath}; only paths a User resource really has and that
 * Gatehouse does not fill itself are accepted, so a typo is refused on save instead of dead-lettered on delivery.
 */
public record ScimAttributeMap(List<Mapping> mappings) {

    public static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final ScimAttributeMap NONE = new ScimAttributeMap(List.of());

    /** RFC 7643 §4.1.1 singular string attributes Gatehouse leaves to the admin (displayName: overrides "first last"). */
    private static final List<String> CORE = List.of("displayName", "nickName", "profileUrl", "title", "userType",
            "preferredLanguage", "locale", "timezone");
    /** Sub-attributes of {@code name} besides givenName and familyName, which come from Keycloak's own fields. */
    private static final List<String> NAME_PARTS = List.of("middleName", "honorificPrefix", "honorificSuffix");
    /** RFC 7643 §4.1.2 canonical types; an email of type work is the Keycloak email, so only the others. */
    private static final Map<String, List<String>> TYPED = Map.of(
            "phoneNumbers", List.of("work", "home", "mobile", "fax", "pager", "other"),
            "emails", List.of("home", "other"));
    /** RFC 7643 §4.3; manager is left out: its value is the manager's id at the target, which Keycloak does not know. */
    private static final List<String> ENTERPRISE = List.of("employeeNumber", "costCenter", "organization", "division",
            "department");
    /** What Gatehouse sends from the user itself: mapping onto them would fight the core fields. */
    private static final List<String> RESERVED = List.of("id", "externalId", "userName", "active", "emails", "emails[work]",
            "name", "name.givenName", "name.familyName", "password", "groups", "meta", "schemas");
    private static final Pattern TYPED_PATH = Pattern.compile("([A-Za-z]+)\\[([A-Za-z]+)]");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[^\\s=]+");

    /** Where a mapped value goes in the User resource. */
    public enum Place { CORE, NAME, TYPED, ENTERPRISE }

    /** One entry: the Keycloak attribute, the SCIM path as written canonically, and its parts. */
    public record Mapping(String keycloakAttribute, String scimPath, Place place, String attribute, String type) {
    }

    public ScimAttributeMap {
        mappings = List.copyOf(mappings);
    }

    public boolean isEmpty() {
        return mappings.isEmpty();
    }

    /** Parses the stored entries; every wrong one is refused with a message naming it and what is allowed. */
    public static ScimAttributeMap parse(List<String> entries) {
        List<Mapping> mappings = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw invalid("Attribute mapping " + entry + " must be keycloakAttribute=scimPath, e.g. department="
                        + ENTERPRISE_SCHEMA + ":department.");
            }
            String attribute = entry.substring(0, eq).strip();
            String path = entry.substring(eq + 1).strip();
            if (!ATTRIBUTE_NAME.matcher(attribute).matches()) {
                throw invalid("Attribute mapping " + entry + ": the Keycloak attribute name is missing or has spaces.");
            }
            if (!UserSnapshot.isCustomAttribute(attribute)) {
                throw invalid("Attribute mapping " + entry + ": " + attribute + " is not a custom attribute; Gatehouse "
                        + "already sends the username, email, first and last name as userName, emails and name.");
            }
            Mapping mapping = mapping(attribute, path, entry);
            if (!paths.add(mapping.scimPath())) {
                throw invalid("Attribute mapping " + entry + ": " + mapping.scimPath() + " is mapped twice.");
            }
            mappings.add(mapping);
        }
        return new ScimAttributeMap(mappings);
    }

    private static Mapping mapping(String attribute, String path, String entry) {
        for (String reserved : RESERVED) {
            if (reserved.equalsIgnoreCase(path)) {
                throw invalid("Attribute mapping " + entry + ": " + reserved + " is sent by Gatehouse from the Keycloak "
                        + "user itself and cannot be mapped.");
            }
        }
        String core = canonical(CORE, path);
        if (core != null) {
            return new Mapping(attribute, core, Place.CORE, core, null);
        }
        if (path.regionMatches(true, 0, "name.", 0, 5)) {
            String part = canonical(NAME_PARTS, path.substring(5));
            if (part != null) {
                return new Mapping(attribute, "name." + part, Place.NAME, part, null);
            }
        }
        Matcher typed = TYPED_PATH.matcher(path);
        if (typed.matches()) {
            String multi = canonical(List.copyOf(TYPED.keySet()), typed.group(1));
            String type = multi == null ? null : canonical(TYPED.get(multi), typed.group(2));
            if (type != null) {
                return new Mapping(attribute, multi + "[" + type + "]", Place.TYPED, multi, type);
            }
        }
        if (path.regionMatches(true, 0, ENTERPRISE_SCHEMA + ":", 0, ENTERPRISE_SCHEMA.length() + 1)) {
            String name = canonical(ENTERPRISE, path.substring(ENTERPRISE_SCHEMA.length() + 1));
            if (name != null) {
                return new Mapping(attribute, ENTERPRISE_SCHEMA + ":" + name, Place.ENTERPRISE, name, null);
            }
        }
        throw invalid("Attribute mapping " + entry + ": " + path + " is not a SCIM path Gatehouse can send. Allowed: "
                + String.join(", ", CORE) + ", name." + String.join(", name.", NAME_PARTS)
                + ", phoneNumbers[" + String.join("|", TYPED.get("phoneNumbers")) + "], emails["
                + String.join("|", TYPED.get("emails")) + "], " + ENTERPRISE_SCHEMA + ":" + String.join("|", ENTERPRISE) + ".");
    }

    /** SCIM attribute names are case-insensitive (RFC 7643 §2.1): matched so, sent as the RFC spells them. */
    private static String canonical(List<String> allowed, String name) {
        return allowed.stream().filter(a -> a.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private static ComponentValidationException invalid(String message) {
        return new ComponentValidationException(message);
    }

    /**
     * Adds the user's mapped attributes to a User resource that has its core fields already. An attribute the user
     * does not have (or has blank) is left out, so the PUT of an update removes it at the target.
     */
    public void addTo(ObjectNode user, UserSnapshot snapshot) {
        for (Mapping m : mappings) {
            String value = value(snapshot, m.keycloakAttribute());
            if (value == null) {
                continue;
            }
            switch (m.place()) {
                case CORE -> user.put(m.attribute(), value);
                case NAME -> object(user, "name").put(m.attribute(), value);
                case TYPED -> {
                    JsonNode existing = user.get(m.attribute());
                    ArrayNode values = existing instanceof ArrayNode a ? a : user.putArray(m.attribute());
                    values.addObject().put("value", value).put("type", m.type());
                }
                case ENTERPRISE -> {
                    if (!user.has(ENTERPRISE_SCHEMA)) {
                        ((ArrayNode) user.get("schemas")).add(ENTERPRISE_SCHEMA);
                    }
                    object(user, ENTERPRISE_SCHEMA).put(m.attribute(), value);
                }
            }
        }
    }

    /** The value at each mapped path of a User resource (sent or read from the target), "" where there is none. */
    public Map<String, String> read(JsonNode user) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Mapping m : mappings) {
            JsonNode node = switch (m.place()) {
                case CORE -> user.path(m.attribute());
                case NAME -> user.path("name").path(m.attribute());
                case ENTERPRISE -> user.path(ENTERPRISE_SCHEMA).path(m.attribute());
                case TYPED -> typed(user.path(m.attribute()), m.type());
            };
            values.put(m.scimPath(), node.isValueNode() ? node.asText() : "");
        }
        return values;
    }

    private static JsonNode typed(JsonNode values, String type) {
        for (JsonNode v : values) {
            if (type.equalsIgnoreCase(v.path("type").asText())) {
                return v.path("value");
            }
        }
        return MissingNode.getInstance();
    }

    /** The attribute's first non-blank value: a SCIM path here holds one value. */
    private static String value(UserSnapshot user, String attribute) {
        List<String> values = user.attributes() == null ? null : user.attributes().get(attribute);
        if (values == null) {
            return null;
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing instanceof ObjectNode o ? o : parent.putObject(field);
    }
}
