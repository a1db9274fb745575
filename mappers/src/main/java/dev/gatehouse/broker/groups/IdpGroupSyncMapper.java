package dev.gatehouse.broker.groups;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.KeycloakOIDCIdentityProviderFactory;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLIdentityProviderFactory;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ErrorPageException;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.events.GatehouseError;

/**
 * One identity-provider mapper that makes a SAML or OIDC provider the source of truth for a user's groups:
 * every group the provider sends (after renaming, ignoring and the hostile-input rules of {@link GroupNames}) is
 * joined, created under a parent group when missing, and memberships it granted before are removed once the
 * provider stops sending them. Memberships granted locally are never touched; provenance lives in
 * {@link GroupGrantEntity}. It can also take the username from an attribute through a regular expression.
 */
public final class IdpGroupSyncMapper extends AbstractIdentityProviderMapper {

    public static final String ID = "gatehouse-idp-group-sync";

    static final String ERROR_USERNAME = GatehouseError.IDP_USERNAME_INVALID.code();
    static final String ERROR_TOO_MANY_GROUPS = GatehouseError.IDP_TOO_MANY_GROUPS.code();
    static final String ERROR_MISCONFIGURED = GatehouseError.IDP_GROUP_SYNC_MISCONFIGURED.code();
    /** Refused groups named on one event, at most; the count is always there. */
    private static final int REFUSED_NAMED = 20;

    private static final Logger LOG = Logger.getLogger(IdpGroupSyncMapper.class);
    private static final String[] PROVIDERS = {SAMLIdentityProviderFactory.PROVIDER_ID,
            OIDCIdentityProviderFactory.PROVIDER_ID, KeycloakOIDCIdentityProviderFactory.PROVIDER_ID};
    private static final List<ProviderConfigProperty> PROPERTIES = GroupSyncProperties.all();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return PROVIDERS.clone();
    }

    @Override
    public String getDisplayCategory() {
        return "Group Importer";
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: group sync";
    }

    @Override
    public String getHelpText() {
        return "All of the provider's groups in one mapper: created under a parent group, renamed, ignored groups left alone, "
                + "re-synced on every login (sync mode force or legacy) removing only memberships this provider granted. "
                + "The provider places users only in groups it created or that you allow.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    /** Import: first login only. Force and legacy: every login (Keycloak's own group mappers do the same in legacy). */
    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        factory.register(new GroupSyncHousekeeping());
    }

    /**
     * Runs before Keycloak looks the user up, so everything that can refuse a login is checked here: nothing is
     * written for a refused login.
     */
    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
                                            BrokeredIdentityContext context) {
        GroupSyncSettings settings = settings(session, realm, mapperModel, context);
        if (settings.parentPath() != null && KeycloakModelUtils.findGroupByPath(session, realm, settings.parentPath()) == null) {
            throw refuse(session, realm, context, ERROR_MISCONFIGURED, "gatehouseIdpGroupSyncMisconfigured",
                    "parent group " + settings.parentPath() + " does not exist");
        }
        if (settings.usernamePattern() != null) {
            context.setModelUsername(username(session, realm, settings, context));
        }
        try {
            GroupNames.Result names = localNames(settings, context);
            if (names.hostileCount() > 0) {
                LOG.infof("Identity provider %s sent %d group value(s) the hostile-input rules left out: %s",
                        context.getIdpConfig().getAlias(), names.hostileCount(), names.rejected());
            }
        } catch (TooManyGroupsException e) {
            throw refuse(session, realm, context, ERROR_TOO_MANY_GROUPS, "gatehouseIdpTooManyGroups", e.getMessage());
        }
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                              BrokeredIdentityContext context) {
        GroupSyncSettings settings = GroupSyncSettings.parse(mapperModel.getConfig(), UpstreamValues.isSaml(context));
        GroupSync sync = sync(session, realm, settings);
        reportRefused(session, realm, user, context, sync.apply(user, context.getIdpConfig().getAlias(), localNames(settings, context).names()));
        sync.joinDefaults(user);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                                   BrokeredIdentityContext context) {
        GroupSyncSettings settings = GroupSyncSettings.parse(mapperModel.getConfig(), UpstreamValues.isSaml(context));
        reportRefused(session, realm, user, context,
                sync(session, realm, settings).apply(user, context.getIdpConfig().getAlias(), localNames(settings, context).names()));
    }

    /**
     * Keycloak reads a mapper saved without {@code syncMode} as legacy, while its console pre-fills inherit. Left
     * out means what the console shows: the provider's own mode decides, so an import provider syncs only once.
     */
    @Override
    public void updateBrokeredUserLegacy(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                                         BrokeredIdentityContext context) {
        boolean inherits = mapperModel.getConfig().get(IdentityProviderMapperModel.SYNC_MODE) == null;
        if (inherits && context.getIdpConfig().getSyncMode() == IdentityProviderSyncMode.IMPORT) {
            return;
        }
        updateBrokeredUser(session, realm, user, mapperModel, context);
    }

    /**
     * Checks what only the realm can tell (the groups named in the settings exist, allowed groups are where the
     * provider's names are looked up).
     *
     * @throws IllegalArgumentException naming the setting and what is wrong with it
     */
    static GroupSyncSettings validate(KeycloakSession session, RealmModel realm, Map<String, String> config, boolean saml) {
        GroupSyncSettings settings = GroupSyncSettings.parse(config, saml);
        GroupModel parent = null;
        if (settings.parentPath() != null) {
            parent = KeycloakModelUtils.findGroupByPath(session, realm, settings.parentPath());
            if (parent == null) {
                throw new IllegalArgumentException("The parent group " + settings.parentPath() + " does not exist.");
            }
        }
        for (String path : settings.defaultGroups()) {
            if (KeycloakModelUtils.findGroupByPath(session, realm, path) == null) {
                throw new IllegalArgumentException("The default group " + path + " does not exist.");
            }
        }
        String parentId = parent == null ? null : parent.getId();
        for (String path : settings.allowedGroups()) {
            GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path);
            if (group == null) {
                throw new IllegalArgumentException("The allowed group " + path + " does not exist.");
            }
            if (!Objects.equals(group.getParentId(), parentId)) {
                throw new IllegalArgumentException("The allowed group " + path + " is not directly "
                        + (parentId == null ? "at the top level" : "below the parent group " + settings.parentPath())
                        + ", where the provider's group names are looked up.");
            }
        }
        return settings;
    }

    private static GroupSync sync(KeycloakSession session, RealmModel realm, GroupSyncSettings settings) {
        return new GroupSync(session, realm, settings, new JpaGrantedGroups(session), new JpaGroupOrigins(session));
    }

    /**
     * Existing groups the provider named but may not use: skipped (the rest of the sync goes on, the sign-in too,
     * as for any other value the rules leave out), with an error event naming them for the admin.
     */
    private static void reportRefused(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context,
                                      GroupSync.Outcome outcome) {
        if (outcome.refused().isEmpty()) {
            return;
        }
        String alias = context.getIdpConfig().getAlias();
        List<String> refused = outcome.refused();
        String named = String.join(",", refused.subList(0, Math.min(REFUSED_NAMED, refused.size())))
                + (refused.size() > REFUSED_NAMED ? ",…" : "");
        LOG.infof("Identity provider %s named %d existing group(s) it may not place user %s in (realm %s): %s",
                alias, refused.size(), user.getId(), realm.getName(), named);
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_LOGIN)
                .user(user)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(GatehouseDetail.REFUSED_GROUPS, named)
                .detail(Details.REASON, refused.size() + " existing group(s) the provider neither created nor is allowed to use");
        if (session.getContext().getClient() != null) {
            event.client(session.getContext().getClient());
        }
        if (context.getUsername() != null) {
            event.detail(Details.IDENTITY_PROVIDER_USERNAME, context.getUsername());
        }
        event.error(GatehouseError.IDP_GROUP_NOT_ALLOWED.code());
    }

    private static GroupNames.Result localNames(GroupSyncSettings settings, BrokeredIdentityContext context) {
        List<String> raw = UpstreamValues.read(context, settings.groupsAttribute(UpstreamValues.isSaml(context)));
        return GroupNames.localNames(GroupNames.split(raw, settings.delimiter()), settings);
    }

    private static GroupSyncSettings settings(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
                                              BrokeredIdentityContext context) {
        try {
            return GroupSyncSettings.parse(mapperModel.getConfig(), UpstreamValues.isSaml(context));
        } catch (IllegalArgumentException invalid) {
            throw refuse(session, realm, context, ERROR_MISCONFIGURED, "gatehouseIdpGroupSyncMisconfigured",
                    "mapper " + mapperModel.getName() + ": " + invalid.getMessage());
        }
    }

    private static String username(KeycloakSession session, RealmModel realm, GroupSyncSettings settings, BrokeredIdentityContext context) {
        List<String> values = UpstreamValues.read(context, settings.usernameAttribute());
        String value = values.isEmpty() ? "" : GroupNames.normalise(values.get(0));
        Matcher m = settings.usernamePattern().matcher(value);
        String username = m.matches() && m.group(1) != null ? m.group(1).strip() : "";
        if (username.isEmpty() || GroupNames.hasControlCharacter(username) || LookAlikes.hasInvisible(username)
                || username.length() > GroupNames.MAX_LENGTH) {
            throw refuse(session, realm, context, ERROR_USERNAME, "gatehouseIdpUsernameInvalid",
                    values.isEmpty() ? "attribute " + settings.usernameAttribute() + " missing"
                            : "attribute " + settings.usernameAttribute() + " does not match the username expression");
        }
        return username;
    }

    /** An error event for the admin, a plain error page for the user; the reason never carries upstream values. */
    private static ErrorPageException refuse(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context,
                                             String error, String messageKey, String reason) {
        String alias = context.getIdpConfig().getAlias();
        LOG.warnf("Login through identity provider %s refused in realm %s: %s", alias, realm.getName(), reason);
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(Details.REASON, reason);
        if (session.getContext().getClient() != null) {
            event.client(session.getContext().getClient());
        }
        if (context.getUsername() != null) {
            event.detail(Details.IDENTITY_PROVIDER_USERNAME, context.getUsername());
        }
        event.error(error);
        String displayName = context.getIdpConfig().getDisplayName() != null ? context.getIdpConfig().getDisplayName() : alias;
        return new ErrorPageException(session, context.getAuthenticationSession(), Response.Status.FORBIDDEN, messageKey, displayName);
    }
}
