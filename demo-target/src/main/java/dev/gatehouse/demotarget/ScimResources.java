package dev.gatehouse.demotarget;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ScimException;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.filter.OrExpressionNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;

/**
 * The test server's in-memory storage of one resource type. The library does PATCH and validation; this class keeps
 * the resources, answers the {@code eq} filters a provisioning client sends from an index, enforces the uniqueness a
 * real provider enforces ({@code userName}, a group's {@code displayName}), and refuses writes of users a test
 * names ({@link #refuse}) — in a single request and inside a bulk request alike.
 */
abstract class ScimResources<T extends ResourceNode> extends ResourceHandler<T> {

    private final Map<String, T> store;
    private final Class<T> type;
    /** externalId, userName and displayName (lower case) to the resource id. */
    private final Map<String, String> index = new ConcurrentHashMap<>();
    /** userName (lower case) to the status its next creates and replacements get. */
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();

    ScimResources(Map<String, T> store, Class<T> type) {
        this.store = store;
        this.type = type;
    }

    /** Writes (create, replace) of the user with this userName are answered with {@code status} (0: no longer) until {@link #clear}. */
    void refuse(String userName, int status) {
        if (status > 0) {
            refused.put(userName.toLowerCase(), status);
        } else {
            refused.remove(userName.toLowerCase());
        }
    }

    private void refusal(T resource) {
        JsonNode userName = resource.get("userName");
        Integer status = userName == null ? null : refused.get(userName.asText().toLowerCase());
        if (status != null) {
            throw new Refused(userName.asText(), status);
        }
    }

    /**
     * Groups are unique by {@code displayName} here, as at many real service providers: a second create answers
     * 409, as a client that looked the group up just before may meet when another client created it meanwhile.
     */
    @Override
    public synchronized T createResource(T resource, Context context) {
        refusal(resource);
        JsonNode userName = resource.get("userName");
        if (userName != null && index.containsKey("username=" + userName.asText().toLowerCase())) {
            // RFC 7643 §4.1.1: userName is unique; RFC 7644 §3.3: a duplicate is a 409 "uniqueness".
            throw new ConflictException("userName " + userName.asText() + " exists", null, "uniqueness");
        }
        JsonNode displayName = resource.get("displayName");
        if (type == Group.class && displayName != null && index.containsKey("displayname=" + displayName.asText().toLowerCase())) {
            throw new ConflictException("group " + displayName.asText() + " exists");
        }
        String id = UUID.randomUUID().toString();
        resource.setId(id);
        stamp(resource, Instant.now());
        store.put(id, copy(resource));
        indexed(resource, true);
        return resource;
    }

    @Override
    public T getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded, Context context) {
        T found = store.get(id);
        return found == null ? null : copy(found);
    }

    /**
     * Pages, and the {@code eq} filters (joined by {@code or}) a provisioning client sends, answered from an
     * index so a lookup costs the same with 100,000 users as with one.
     */
    @Override
    public PartialListResponse<T> listResources(long startIndex, int count, FilterNode filter, SchemaAttribute sortBy,
                                                SortOrder sortOrder, List<SchemaAttribute> attributes,
                                                List<SchemaAttribute> excluded, Context context) {
        List<T> found;
        long total;
        if (filter == null) {
            List<String> ids = store.keySet().stream().sorted().toList();
            total = ids.size();
            found = ids.stream().skip(Math.max(0, startIndex - 1)).limit(count).map(store::get)
                    .filter(java.util.Objects::nonNull).map(this::copy).toList();
        } else {
            java.util.Set<String> ids = new java.util.LinkedHashSet<>();
            matching(filter, ids);
            found = ids.stream().map(store::get).filter(java.util.Objects::nonNull).map(this::copy).toList();
            total = found.size();
        }
        return PartialListResponse.<T>builder().resources(found).totalResults(total).build();
    }

    private void matching(FilterNode filter, java.util.Set<String> ids) {
        if (filter instanceof OrExpressionNode or) {
            matching(or.getLeftNode(), ids);
            matching(or.getRightNode(), ids);
        } else if (filter instanceof AttributeExpressionLeaf leaf) {
            String id = index.get(leaf.getAttributeName().toLowerCase() + "=" + leaf.getValue().toLowerCase());
            if (id != null) {
                ids.add(id);
            }
        } else {
            throw new IllegalArgumentException("filter not supported by the test server: " + filter);
        }
    }

    private void indexed(T resource, boolean add) {
        String id = resource.getId().orElseThrow();
        for (String attribute : List.of("externalId", "userName", "displayName")) {
            JsonNode value = resource.get(attribute);
            if (value != null && value.isTextual()) {
                String key = attribute.toLowerCase() + "=" + value.asText().toLowerCase();
                if (add) {
                    index.put(key, id);
                } else {
                    index.remove(key, id);
                }
            }
        }
    }

    @Override
    public T updateResource(T resource, Context context) {
        refusal(resource);
        String id = resource.getId().orElseThrow();
        T before = store.get(id);
        if (before == null) {
            return null;
        }
        stamp(resource, before.getMeta().flatMap(Meta::getCreated).orElse(Instant.now()));
        indexed(before, false);
        store.put(id, copy(resource));
        indexed(resource, true);
        return resource;
    }

    @Override
    public void deleteResource(String id, Context context) {
        T removed = store.remove(id);
        if (removed != null) {
            indexed(removed, false);
        }
    }

    /** The library may already have put a meta object on the resource: fill it in rather than replace it. */
    private void stamp(T resource, Instant created) {
        if (resource.getMeta().isEmpty()) {
            resource.setMeta(Meta.builder().resourceType(type.getSimpleName()).build());
        }
        Meta meta = resource.getMeta().orElseThrow();
        meta.setCreated(created);
        meta.setLastModified(Instant.now());
        meta.setResourceType(type.getSimpleName());
    }

    void clear() {
        index.clear();
        refused.clear();
    }

    private T copy(T resource) {
        return JsonHelper.copyResourceToObject(resource.deepCopy(), type);
    }

    /** A write a test asked to refuse ({@link #refuse}). */
    private static final class Refused extends ScimException {
        Refused(String userName, int status) {
            super("refused by the test: " + userName, null, status, status == 400 ? "invalidValue" : null);
        }
    }

    /** The library reads the resource type from the handler's generic superclass: one concrete class per type. */
    static final class Users extends ScimResources<User> {
        Users(Map<String, User> store) {
            super(store, User.class);
        }
    }

    static final class Groups extends ScimResources<Group> {
        Groups(Map<String, Group> store) {
            super(store, Group.class);
        }
    }
}
