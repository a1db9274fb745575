package dev.gatehouse.provisioning.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.TargetSecrets;

/**
 * Who calls a stream endpoint, from its {@code Authorization: Bearer} header: an access token of this realm (a
 * client-credentials token of the receiver's stream client) or the receiver's own bearer secret (the vault entry
 * Gatehouse pushes with). A caller may use a stream only as one of those two.
 */
final class StreamCaller {

    private final KeycloakSession session;
    private final String bearer;
    /** The client an access token was issued to, or null when the bearer is no valid token of this realm. */
    private final String tokenClient;

    private StreamCaller(KeycloakSession session, String bearer, String tokenClient) {
        this.session = session;
        this.bearer = bearer;
        this.tokenClient = tokenClient;
    }

    /** Null when the request carries no bearer at all. */
    static StreamCaller of(KeycloakSession session, RealmModel realm) {
        String bearer = AppAuthManager.extractAuthorizationHeaderToken(session.getContext().getRequestHeaders());
        if (bearer == null || bearer.isBlank()) {
            return null;
        }
        AuthenticationManager.AuthResult token;
        try {
            token = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(bearer).authenticate();
        } catch (RuntimeException notAToken) {
            token = null;
        }
        return new StreamCaller(session, bearer, token == null || token.client() == null ? null : token.client().getClientId());
    }

    boolean mayUse(ProvisioningTarget receiver) {
        if (tokenClient != null && tokenClient.equals(receiver.receiver().streamClient())) {
            return true;
        }
        if (receiver.secretRef() == null) {
            return false;
        }
        return TargetSecrets.resolve(session, receiver.secretRef())
                .map(secret -> MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), bearer.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
