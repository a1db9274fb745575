package dev.gatehouse.provisioning.scim;

import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.gatehouse.provisioning.change.UserSnapshot;
import dev.gatehouse.provisioning.target.ScimAttributeMap;

/** The JSON Gatehouse sends a SCIM service provider (RFC 7643, RFC 7644): User and Group resources, PATCH requests. */
public final class ScimResources {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimResources() {
    }

    /** The User resource a PUT or POST sends: the core fields, then the target's mapped attributes. */
    public static ObjectNode user(UserSnapshot user, boolean active, ScimAttributeMap attributes) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(USER_SCHEMA);
        body.put("externalId", user.id());
        body.put("userName", user.username());
        ObjectNode name = body.putObject("name");
        if (user.firstName() != null) {
            name.put("givenName", user.firstName());
        }
        if (user.lastName() != null) {
            name.put("familyName", user.lastName());
        }
        String display = String.join(" ", Stream.of(user.firstName(), user.lastName())
                .filter(s -> s != null && !s.isBlank()).toList());
        if (!display.isEmpty()) {
            body.put("displayName", display);
        }
        if (user.email() != null) {
            body.putArray("emails").addObject().put("value", user.email()).put("type", "work").put("primary", true);
        }
        body.put("active", active);
        attributes.addTo(body, user);
        return body;
    }

    /** A new group, with the Keycloak group's id as its {@code externalId}. */
    static ObjectNode group(UserSnapshot.Group group) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(GROUP_SCHEMA);
        body.put("displayName", group.name());
        body.put("externalId", group.id());
        return body;
    }

    /** A PATCH request of one operation; {@code value} may be null (a remove). */
    static ObjectNode patch(String op, String path, JsonNode value) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putArray("schemas").add(PATCH_SCHEMA);
        ObjectNode operation = patch.putArray("Operations").addObject();
        operation.put("op", op).put("path", path);
        if (value != null) {
            operation.set("value", value);
        }
        return patch;
    }
}
