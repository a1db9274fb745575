package dev.gatehouse.provisioning.target;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/** The provisioning targets of one realm, read from its components (realm cache: no query per event). */
public final class RealmTargets {

    private static final Logger LOG = Logger.getLogger(RealmTargets.class);

    private RealmTargets() {
    }

    /** Every valid target; one imported broken is skipped and logged, never half-applied. */
    public static List<ProvisioningTarget> of(RealmModel realm) {
        return components(realm).map(RealmTargets::parseOrSkip).flatMap(Optional::stream).toList();
    }

    public static List<ProvisioningTarget> enabled(RealmModel realm) {
        return of(realm).stream().filter(ProvisioningTarget::enabled).toList();
    }

    public static Optional<ProvisioningTarget> byId(RealmModel realm, String id) {
        return of(realm).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    static Stream<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> ProvisioningTargetPage.ID.equals(c.getProviderId()));
    }

    private static Optional<ProvisioningTarget> parseOrSkip(ComponentModel component) {
        try {
            return Optional.of(TargetConfig.parse(component.getId(), component.getName(), component.getConfig()));
        } catch (ComponentValidationException invalid) {
            LOG.warnf("Gatehouse provisioning target %s is invalid and ignored: %s", component.getName(), invalid.getMessage());
            return Optional.empty();
        }
    }
}
