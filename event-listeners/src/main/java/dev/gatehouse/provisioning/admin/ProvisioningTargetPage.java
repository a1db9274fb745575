package dev.gatehouse.provisioning.admin;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.provisioning.ProvisioningListenerFactory;
import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.clients.TargetReachability;
import dev.gatehouse.provisioning.outbox.Outbox;
import dev.gatehouse.provisioning.quarantine.TargetStatus;
import dev.gatehouse.provisioning.target.ParsedTargets;
import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.RealmIssuer;
import dev.gatehouse.provisioning.target.RealmTargets;
import dev.gatehouse.provisioning.target.ReceiverConfig;
import dev.gatehouse.provisioning.target.TargetAddressPolicy;
import dev.gatehouse.provisioning.target.TargetConfig;
import dev.gatehouse.provisioning.target.TargetSecrets;

/**
 * Where provisioning targets live: realm components of this provider, listed on an admin-console page
 * (declarative UI) and managed through {@code /admin/realms/{realm}/components}; exported with the realm.
 * A save is parsed and checked against the realm (group, policy, vault entry), its status recomputed from the
 * quarantine table, and, when an admin saves it, the target's connection tested, before it is stored.
 */
public final class ProvisioningTargetPage implements UiPageProviderFactory<ComponentModel>, ParsedTargets.Holder {

    public static final String ID = RealmTargets.PROVIDER_ID;

    private static final Logger LOG = Logger.getLogger(ProvisioningTargetPage.class);

    /** This node's parsed targets: {@link RealmTargets} finds them through this factory. */
    private final ParsedTargets parsed = new ParsedTargets();

    @Override
    public ParsedTargets parsedTargets() {
        return parsed;
    }

    /** The admin REST calls that save a component: the console's save, kcadm, the admin client. */
    private static final Pattern COMPONENT_SAVE = Pattern.compile("/admin/realms/[^/]+/components(/[^/]+)?/?$");

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Applications Gatehouse provisions users and groups to, over SCIM 2.0 or signed webhooks. Status shows "
                + "whether a target is quarantined (most calls failed: one probe per interval until one succeeds). Queue, "
                + "dead letters, quarantine release and a reachability test: /admin/realms/{realm}/gatehouse-provisioning/targets";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return TargetConfig.properties();
    }

    /** The columns of the console's list of targets. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(TargetConfig.NAME, TargetConfig.KIND, TargetConfig.URL, TargetConfig.STATUS));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (TargetStatus.isBeingWritten(session, model)) {
            return;
        }
        if (model.getId() == null) {
            // A new target gets its id now (Keycloak keeps an id set here): a receiver's connection test already
            // names its stream, whose id is the target's.
            model.setId(KeycloakModelUtils.generateId());
        }
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
        if (target.isReceiver() && target.receiver().streamClient() != null
                && realm.getClientByClientId(target.receiver().streamClient()) == null) {
            throw new ComponentValidationException("Unknown client " + target.receiver().streamClient() + " (stream client).");
        }
        if (target.secretRef() != null && !TargetSecrets.resolves(session, target.secretRef())) {
            throw new ComponentValidationException("The vault has no entry for '" + target.secretRef() + "'.");
        }
        if (target.kind() == ProvisioningTarget.Kind.WEBHOOK && target.secretRef() != null) {
            TargetSecrets.webhookSecrets(session, target.secretRef());
        }
        // Imports (realm files, new realms through the admin API) store targets as they are: they may be down then.
        if (target.enabled() && TargetConfig.testOnSave(model.getConfig()) && savedByAdmin(session)) {
            if (TargetReachability.test(session, realm, target) instanceof Reachability.Unreachable failed) {
                // The reason is a parameter, not part of the pattern: the target's answer may hold braces or quotes.
                throw new ComponentValidationException("Connection test failed: {0}. Fix the target or its settings, "
                        + "or turn off Test connection on save to save it anyway.", failed.reason());
            }
        }
        model.getConfig().putSingle(TargetConfig.STATUS, TargetStatus.onSave(session, target));
        if (target.isReceiver() && savedByAdmin(session)) {
            // Where this realm is served, as the admin's request shows it: the issuer of SETs made without a request.
            model.getConfig().putSingle(ReceiverConfig.ISSUER, RealmIssuer.ofRequest(session, realm));
        }
    }

    /** True when this save is an admin's request to the components endpoint (not an import, not a background job). */
    private static boolean savedByAdmin(KeycloakSession session) {
        HttpRequest request;
        try {
            request = session.getContext().getHttpRequest();
        } catch (RuntimeException noRequest) {
            return false; // a background task, e.g. the delivery worker
        }
        if (request == null) {
            return false;
        }
        String method = request.getHttpMethod();
        return ("POST".equals(method) || "PUT".equals(method))
                && COMPONENT_SAVE.matcher(request.getUri().getRequestUri().getPath()).find();
    }

    /**
     * A target enabled (by an admin, an import, any component update): the rows it queued while disabled — a full
     * sync's, or rows the worker met while it was disabled, which wait for this — are due at once, in the transaction
     * that enables it, and the worker is woken after the commit. (A node whose cache still sees the target disabled
     * checks the database before it defers them again.)
     */
    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        if (!TargetConfig.enabled(oldModel.getConfig()) && TargetConfig.enabled(newModel.getConfig())) {
            int due = new Outbox(session).dueOnEnabling(newModel.getId());
            LOG.infof("Gatehouse provisioning target %s enabled; %d waiting rows due now", newModel.getName(), due);
            ProvisioningListenerFactory.wakeWorkerAfterCommit(session);
        }
    }

    /**
     * A target deleted: its rows (pending, waiting for an enabling that cannot come, dead), enrolments and health go
     * with it, in the transaction that deletes it.
     */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        int dropped = new Outbox(session).dropTarget(model.getId());
        if (dropped > 0) {
            LOG.infof("Gatehouse provisioning target %s deleted with %d queued rows", model.getName(), dropped);
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
