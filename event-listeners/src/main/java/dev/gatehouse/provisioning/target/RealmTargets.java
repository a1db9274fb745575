package dev.gatehouse.provisioning.target;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The provisioning targets of one realm, read from its components (realm cache: no query per event) and parsed
 * once per node and configuration ({@link ParsedTargets}).
 */
public final class RealmTargets {

    /** The provider id of target components (the admin console's page of targets). */
    public static final String PROVIDER_ID = "gatehouse-provisioning-target";

    private RealmTargets() {
    }

    /** Every valid target; one imported broken is skipped and logged, never half-applied. */
    public static List<ProvisioningTarget> of(RealmModel realm) {
        ParsedTargets memo = memo();
        return components(realm).map(memo::parse).flatMap(Optional::stream).toList();
    }

    public static List<ProvisioningTarget> enabled(RealmModel realm) {
        return of(realm).stream().filter(ProvisioningTarget::enabled).toList();
    }

    public static Optional<ProvisioningTarget> byId(RealmModel realm, String id) {
        return of(realm).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    static Stream<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> PROVIDER_ID.equals(c.getProviderId()));
    }

    /** The node's memo, held by the target page's factory; a throwaway one outside a server. */
    private static ParsedTargets memo() {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session != null && session.getKeycloakSessionFactory()
                .getProviderFactory(UiPageProvider.class, PROVIDER_ID) instanceof ParsedTargets.Holder holder) {
            return holder.parsedTargets();
        }
        return new ParsedTargets();
    }
}
