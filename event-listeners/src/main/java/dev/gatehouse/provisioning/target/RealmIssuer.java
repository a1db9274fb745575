package dev.gatehouse.provisioning.target;

import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * The realm's issuer URL, the {@code iss} of its tokens and of Gatehouse's Security Event Tokens: what receivers
 * compare with the issuer of the ID tokens they hold and where they find the JWKS. Known from the HTTP request being
 * served; a background job (a Keycloak Workflow step, the lifecycle) has none and uses, in order, the server's
 * {@code --hostname} when it is a full URL, then the issuer noted on the receiver at its last save.
 */
public final class RealmIssuer {

    private RealmIssuer() {
    }

    /** From the request being served (frontend URL); null when there is none. */
    public static String ofRequest(KeycloakSession session, RealmModel realm) {
        try {
            if (session.getContext().getHttpRequest() == null) {
                return null;
            }
            return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        } catch (RuntimeException noRequest) {
            return null; // a background job: Keycloak's context has no request to read the host from
        }
    }

    /** The issuer for a SET made now for this receiver, if it can be known. */
    public static Optional<String> resolve(KeycloakSession session, RealmModel realm, ReceiverSettings receiver) {
        String fromRequest = ofRequest(session, realm);
        if (fromRequest != null) {
            return Optional.of(fromRequest);
        }
        String hostname = Config.scope("hostname", "v2").get("hostname");
        if (hostname != null && (hostname.startsWith("https://") || hostname.startsWith("http://"))) {
            return Optional.of((hostname.endsWith("/") ? hostname : hostname + "/") + "realms/" + realm.getName());
        }
        return Optional.ofNullable(receiver.issuer());
    }
}
