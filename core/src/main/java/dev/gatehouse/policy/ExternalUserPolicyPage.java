package dev.gatehouse.policy;

import java.util.List;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * Where policies live: realm components of this provider, listed on an admin-console page (declarative UI)
 * and managed through the admin REST API ({@code /admin/realms/{realm}/components}). The realm cache and its
 * cluster invalidation come with components, and so does realm export and import. Every save is parsed and
 * checked against the realm here, before it is stored.
 */
public final class ExternalUserPolicyPage implements UiPageProviderFactory<ComponentModel> {

    public static final String ID = "gatehouse-external-user-policy";

    private final ParsedPolicies parsed = new ParsedPolicies();

    ParsedPolicies parsed() {
        return parsed;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Who counts as external and how they verify after the password. The enabled policy with the highest "
                + "priority that targets a user applies. To see why a policy does or does not apply to a user: "
                + "GET /admin/realms/{realm}/gatehouse/what-if?username=...";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PolicyConfig.properties();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ExternalUserPolicy policy = PolicyConfig.parse(model.getId(), model.getName(), model.getConfig());
        for (String path : policy.rules().groupPaths()) {
            if (KeycloakModelUtils.findGroupByPath(session, realm, path) == null) {
                throw new ComponentValidationException("Unknown group " + path + ".");
            }
        }
        for (String alias : policy.rules().identityProviderAliases()) {
            if (session.identityProviders().getByAlias(alias) == null) {
                throw new ComponentValidationException("Unknown identity provider " + alias + ".");
            }
        }
        if (policy.method() == StepUpMethod.SSO) {
            IdentityProviderModel provider = session.identityProviders().getByAlias(policy.sso().identityProvider());
            if (provider == null) {
                throw new ComponentValidationException("Unknown identity provider " + policy.sso().identityProvider()
                        + " for the sso method.");
            }
            if (Boolean.TRUE.equals(provider.isLinkOnly())) {
                // Keycloak refuses sign-ins through link-only providers, so the step could never succeed.
                throw new ComponentValidationException("Identity provider " + provider.getAlias()
                        + " is link-only; the sso method needs a provider users can sign in at.");
            }
        }
        // A realm import stores policies before users; a realm without users yet is such an import.
        boolean realmHasUsers = session.users().getUsersCount(realm) > 0;
        for (String username : policy.testUsers()) {
            if (realmHasUsers && session.users().getUserByUsername(realm, username) == null) {
                throw new ComponentValidationException("Unknown test user " + username + ".");
            }
        }
        if (policy.enabled()) {
            RealmPolicies.components(realm)
                    .filter(other -> !other.getId().equals(model.getId()))
                    .filter(other -> samePriorityAndEnabled(other, policy.priority()))
                    .findFirst()
                    .ifPresent(other -> {
                        throw new ComponentValidationException("Policy " + other.getName() + " already has priority "
                                + policy.priority() + "; give each enabled policy its own priority.");
                    });
        }
        if (!policy.rules().organizationAliases().isEmpty() || policy.rules().anyOrganization()) {
            // Organization aliases are not looked up: a realm import stores components before its
            // organizations, so a valid export would be refused. An alias that does not exist matches nobody.
            if (session.getProvider(OrganizationProvider.class) == null || !realm.isOrganizationsEnabled()) {
                throw new ComponentValidationException("Organizations are not enabled in this realm.");
            }
        }
    }

    private static void installGuards(KeycloakSession session, RealmModel realm) {
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm); // identity providers are looked up in the context's realm
        try {
            RealmPolicies.of(realm).all().forEach(policy -> installGuard(session, policy));
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    /** Saving an sso policy equips its provider with the guard, so the admin sees it on the provider's mappers. */
    private static void installGuard(KeycloakSession session, ExternalUserPolicy policy) {
        if (policy.method() == StepUpMethod.SSO) {
            SsoAnswerGuard.ensureInstalled(session, policy.sso().identityProvider());
        }
    }

    private static boolean samePriorityAndEnabled(ComponentModel other, int priority) {
        try {
            ExternalUserPolicy parsed = PolicyConfig.parse(other.getId(), other.getName(), other.getConfig());
            return parsed.enabled() && parsed.priority() == priority;
        } catch (ComponentValidationException invalid) {
            return false;
        }
    }

    /**
     * A saved policy needs the session guard on the token endpoint, the step-up in the identity providers' flows
     * and the backstop ({@link Enforcement}), and an sso policy the guard mapper on its provider: all are added now.
     */
    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        Enforcement.ensure(session, realm);
        installGuard(session, PolicyConfig.parse(model.getId(), model.getName(), model.getConfig()));
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        onCreate(session, realm, newModel);
    }

    @Override
    public void init(org.keycloak.Config.Scope config) {
    }

    /**
     * An imported realm stores its components without onCreate, and a realm from before this version may lack the
     * wiring: both are wired once the import, or the server start, has finished; so is a realm whose identity
     * provider changed (a new provider arrives through {@link IdentityProviderWatch}).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                Enforcement.ensureIfPolicies(created.getKeycloakSession(), created.getCreatedRealm());
                installGuards(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof RealmModel.IdentityProviderUpdatedEvent updated) {
                Enforcement.ensureIfPolicies(updated.getKeycloakSession(), updated.getRealm());
            } else if (event instanceof PostMigrationEvent migrated) {
                KeycloakModelUtils.runJobInTransaction(migrated.getFactory(), session -> session.realms().getRealmsStream()
                        .forEach(realm -> {
                            Enforcement.ensureIfPolicies(session, realm);
                        }));
            }
        });
    }

    @Override
    public void close() {
    }
}
