package dev.gatehouse.mapper;

import java.util.List;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserModel;

/**
 * A user's selected groups, computed once per request and mapper: a token response builds the access token, the
 * ID token (and maybe userinfo) with the same mapper, and walking thousands of memberships once is enough. Kept
 * as an attribute of the Keycloak session, which ends with the request.
 */
public final class GroupListsOfRequest {

    private GroupListsOfRequest() {
    }

    @SuppressWarnings("unchecked")
    public static List<String> all(KeycloakSession session, ProtocolMapperModel mapper, GroupListSettings settings,
                                   UserModel user, ClientModel client) {
        String key = "gatehouse.group-list." + (mapper.getId() != null ? mapper.getId() : mapper.getName()) + "."
                + user.getId() + "." + (client == null ? "" : client.getId());
        Object cached = session.getAttribute(key);
        if (cached instanceof List<?> list) {
            return (List<String>) list;
        }
        List<String> all = List.copyOf(GroupListSelector.all(settings, user, client));
        session.setAttribute(key, all);
        return all;
    }

    public static GroupList limited(KeycloakSession session, ProtocolMapperModel mapper, GroupListSettings settings,
                                    UserModel user, ClientModel client) {
        return GroupListSelector.limit(all(session, mapper, settings, user, client), settings.maxGroups());
    }
}
