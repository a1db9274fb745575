package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/** Admin REST calls the admin client has no method for (workflows, Gatehouse endpoints), and Gatehouse's page components. */
final class AdminRest {

    private AdminRest() {
    }

    static String adminBase(ManagedRealm realm) {
        return realm.getBaseUrl().replace("/realms/", "/admin/realms/");
    }

    /** A request with the admin's bearer token; {@code json} null for no body. */
    static HttpResponse<String> send(Keycloak admin, String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + admin.tokenManager().getAccessTokenString());
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a Gatehouse page component (a policy, a provisioning target) and returns its id. */
    static String addPageComponent(ManagedRealm realm, String providerId, Map<String, String> config) {
        ComponentRepresentation c = new ComponentRepresentation();
        c.setName(config.get("name"));
        c.setProviderId(providerId);
        c.setProviderType("org.keycloak.services.ui.extend.UiPageProvider");
        c.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        config.forEach(values::putSingle);
        c.setConfig(values);
        try (Response response = realm.admin().components().add(c)) {
            assertEquals(201, response.getStatus(), () -> response.readEntity(String.class));
            String path = response.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }
}
