package dev.gatehouse.broker.groups;

import java.util.List;
import java.util.Map;
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
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ErrorPageException;

/**
 * One identity-provider mapper that makes a SAML or OIDC provider the source of truth for a user's groups:
 * every group the provider sends (after renaming, ignoring and the hostile-input rules of {@link GroupNames}) is
 * joined, created under a parent group when missing, and memberships it granted before are removed once the
 * provider stops sending them. Memberships granted locally are never touched; provenance lives in
 * {@link GroupGrantEntity}. It can also take the username from an attribute through a regular expression.
 */
public final class IdpGroupSyncMapper extends AbstractIdentityProviderMapper {

    public static final String ID = "gatehouse-idp-group-sync";

    static final String ERROR_USERNAME = "gatehouse_idp_username_invalid";
    static final String ERROR_TOO_MANY_GROUPS = "gatehouse_idp_too_many_groups";
    static final String ERROR_MISCONFIGURED = "gatehouse_idp_group_sync_misconfigured";

    private static final Logger LOG = Logger.getLogger(IdpGroupSyncMapper.class);
    private static final String[] PROVIDERS = {SAMLIdentityProviderFactory.PROVIDER_ID,
            OIDCIdentityProviderFactory.PROVIDER_ID, KeycloakOIDCIdentityProviderFactory.PROVIDER_ID};
    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    private static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(GroupSyncSettings.GROUPS_ATTRIBUTE).label("Groups attribute or claim").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("SAML: attribute name or friendly name; empty: " + GroupSyncSettings.SAML_DEFAULT_ATTRIBUTE
                        + ". OIDC: claim name, dots for nested claims (org.groups); empty: " + GroupSyncSettings.OIDC_DEFAULT_CLAIM + ".").add()
                .property().name(GroupSyncSettings.DELIMITER).label("Delimiter").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("When the provider sends several groups in one value, the text between them, e.g. ; or a comma. Empty: every value is one group.").add()
                .property().name(GroupSyncSettings.PARENT).label("Parent group").type(ProviderConfigProperty.GROUP_TYPE)
                .helpText("The provider's groups are looked up and created below this group, e.g. /partners/acme.").add()
                .property().name(GroupSyncSettings.TOP_LEVEL).label("Create at the top level").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("Instead of a parent group: the provider's groups live at the realm's top level, next to your own groups.").add()
                .property().name(GroupSyncSettings.CREATE_MISSING).label("Create missing groups").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true").helpText("Off: only groups that already exist under the parent are granted; other names are skipped.").add()
                .property().name(GroupSyncSettings.RENAMES).label("Rename table").type(ProviderConfigProperty.MAP_TYPE)
                .helpText("Key: the provider's group name (letter case ignored). Value: the local group name.").add()
                .property().name(GroupSyncSettings.RENAME_PATTERN).label("Rename regular expression").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Names not in the table that match this whole are renamed by the template, e.g. ^jira-(.+)$.").add()
                .property().name(GroupSyncSettings.RENAME_TEMPLATE).label("Rename template").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The local name for a matching name, with $1 or ${name} for the expression's groups, e.g. app-$1.").add()
                .property().name(GroupSyncSettings.ONLY_RENAMED).label("Only renamed groups").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("On: names matching neither the table nor the expression are not synced.").add()
                .property().name(GroupSyncSettings.IGNORED).label("Ignored groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Group names (letter case ignored) the provider can never grant nor remove, such as admins.").add()
                .property().name(GroupSyncSettings.IGNORED_PATTERNS).label("Ignored group patterns").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Regular expressions; a group whose whole name matches one (letter case ignored) is never granted nor removed.").add()
                .property().name(GroupSyncSettings.DEFAULT_GROUPS).label("Default groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Group paths joined on the user's first login; afterwards they are ordinary local memberships.").add()
                .property().name(GroupSyncSettings.MAX_GROUPS).label("Group limit").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(GroupSyncSettings.DEFAULT_MAX_GROUPS))
                .helpText("A login sending more group values than this (1 to " + GroupSyncSettings.MAX_MAX_GROUPS + ") is refused and nothing is changed.").add()
                .property().name(GroupSyncSettings.USERNAME_ATTRIBUTE).label("Username attribute or claim").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Optional: the attribute or claim the username is taken from, e.g. mail.").add()
                .property().name(GroupSyncSettings.USERNAME_PATTERN).label("Username regular expression").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Must match the whole value; its first capture group is the username, e.g. ^([^@]+)@partner\\.example$. No match: the login is refused.").add()
                .build();
    }

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
                + "re-synced on every login (sync mode force or legacy) removing only memberships this provider granted.";
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
        GroupSyncSettings settings = GroupSyncSettings.parse(mapperModel.getConfig());
        GroupSync sync = new GroupSync(session, realm, settings, new JpaGrantedGroups(session));
        sync.apply(user, context.getIdpConfig().getAlias(), localNames(settings, context).names());
        sync.joinDefaults(user);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                                   BrokeredIdentityContext context) {
        GroupSyncSettings settings = GroupSyncSettings.parse(mapperModel.getConfig());
        new GroupSync(session, realm, settings, new JpaGrantedGroups(session))
                .apply(user, context.getIdpConfig().getAlias(), localNames(settings, context).names());
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
     * Checks what only the realm can tell (the groups named in the settings exist).
     *
     * @throws IllegalArgumentException naming the setting and what is wrong with it
     */
    static GroupSyncSettings validate(KeycloakSession session, RealmModel realm, Map<String, String> config) {
        GroupSyncSettings settings = GroupSyncSettings.parse(config);
        if (settings.parentPath() != null && KeycloakModelUtils.findGroupByPath(session, realm, settings.parentPath()) == null) {
            throw new IllegalArgumentException("The parent group " + settings.parentPath() + " does not exist.");
        }
        for (String path : settings.defaultGroups()) {
            GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path);
            if (group == null) {
                throw new IllegalArgumentException("The default group " + path + " does not exist.");
            }
        }
        return settings;
    }

    private static GroupNames.Result localNames(GroupSyncSettings settings, BrokeredIdentityContext context) {
        List<String> raw = UpstreamValues.read(context, settings.groupsAttribute(UpstreamValues.isSaml(context)));
        return GroupNames.localNames(GroupNames.split(raw, settings.delimiter()), settings);
    }

    private static GroupSyncSettings settings(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
                                              BrokeredIdentityContext context) {
        try {
            return GroupSyncSettings.parse(mapperModel.getConfig());
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
        if (username.isEmpty() || GroupNames.hasControlCharacter(username) || username.length() > GroupNames.MAX_LENGTH) {
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
