package dev.gatehouse.provisioning.target;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.gatehouse.policy.RealmPolicies;

/**
 * Where provisioning targets live: realm components of this provider, listed on an admin-console page
 * (declarative UI) and managed through {@code /admin/realms/{realm}/components}; exported with the realm.
 * A save is parsed and checked against the realm (group, policy, vault entry) before it is stored.
 */
public final class ProvisioningTargetPage implements UiPageProviderFactory<ComponentModel> {

    public static final String ID = "gatehouse-provisioning-target";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Applications Gatehouse provisions users and groups to, over SCIM 2.0 or signed webhooks. Queue, dead "
                + "letters, quarantine (a target where most calls fail gets one probe per interval until one succeeds; "
                + "since when and why, release) and a reachability test: /admin/realms/{realm}/gatehouse-provisioning/targets";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return TargetConfig.properties();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        TargetAddressPolicy addresses = TargetAddressPolicy.fromServerConfig();
        ProvisioningTarget target = TargetConfig.parse(model.getId(), model.getName(), model.getConfig(), addresses);
        // What the hosts resolve to now; checked again before every call.
        for (var url : target.oauth() == null ? List.of(Map.entry("URL", target.url()))
                : List.of(Map.entry("URL", target.url()), Map.entry("Token URL", target.oauth().tokenUrl()))) {
            String refused = addresses.refusalOfResolved(url.getValue(), url.getKey(), InetAddress::getAllByName);
            if (refused != null) {
                throw new ComponentValidationException(refused);
            }
        }
        if (target.audience() == ProvisioningTarget.Audience.GROUP
                && KeycloakModelUtils.findGroupByPath(session, realm, target.audienceValue()) == null) {
            throw new ComponentValidationException("Unknown group " + target.audienceValue() + ".");
        }
        if (target.audience() == ProvisioningTarget.Audience.POLICY && RealmPolicies.of(realm).all().stream()
                .noneMatch(p -> p.name().equals(target.audienceValue()))) {
            throw new ComponentValidationException("Unknown policy " + target.audienceValue() + ".");
        }
        if (target.secretRef() != null && !TargetSecrets.resolves(session, target.secretRef())) {
            throw new ComponentValidationException("The vault has no entry for '" + target.secretRef() + "'.");
        }
        if (target.kind() == ProvisioningTarget.Kind.WEBHOOK && target.secretRef() != null) {
            TargetSecrets.webhookSecrets(session, target.secretRef());
        }
    }

    @Override
    public void init(org.keycloak.Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
