package dev.gatehouse.governance.link;

import java.net.URI;
import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Where the realm lives, for links in mails sent by the scheduled task (no request to read it from): the realm's
 * Frontend URL, else the server's {@code hostname} option, else Gatehouse's {@code link-base-url} option, else the
 * current request's address. Without any, no link mail is sent (and nobody is staged for a mail never sent).
 */
public final class LinkBase {

    private LinkBase() {
    }

    /** The server's base address (e.g. {@code https://sso.example.com}), without the realm part. */
    public static Optional<String> of(KeycloakSession session, RealmModel realm, Optional<String> configured) {
        return frontendUrl(realm).or(LinkBase::hostnameOption).or(() -> configured).or(() -> fromRequest(session))
                .map(LinkBase::withoutTrailingSlash);
    }

    private static Optional<String> frontendUrl(RealmModel realm) {
        return Optional.ofNullable(realm.getAttribute("frontendUrl")).filter(s -> !s.isBlank());
    }

    private static Optional<String> hostnameOption() {
        try {
            Config.Scope scope = Config.scope("hostname", "v2");
            String hostname = scope == null ? null : scope.get("hostname");
            if (hostname == null || hostname.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(hostname.contains("://") ? hostname : "https://" + hostname);
        } catch (RuntimeException unavailable) {
            return Optional.empty();
        }
    }

    private static Optional<String> fromRequest(KeycloakSession session) {
        try {
            URI base = session.getContext().getUri().getBaseUri();
            return Optional.of(base.toString());
        } catch (RuntimeException noRequest) {
            return Optional.empty();
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The realm's issuer under this base, as Keycloak writes it. */
    static String issuer(String base, RealmModel realm) {
        return base + "/realms/" + realm.getName();
    }
}
