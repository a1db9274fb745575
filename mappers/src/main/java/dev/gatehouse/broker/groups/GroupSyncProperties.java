package dev.gatehouse.broker.groups;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The group-sync mapper's settings as the admin console shows them (keys and meaning: {@link GroupSyncSettings}). */
final class GroupSyncProperties {

    private GroupSyncProperties() {
    }

    static List<ProviderConfigProperty> all() {
        return ProviderConfigurationBuilder.create()
                .property().name(GroupSyncSettings.GROUPS_ATTRIBUTE).label("Groups attribute or claim").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("SAML: attribute name or friendly name; empty: " + GroupSyncSettings.SAML_DEFAULT_ATTRIBUTE
                        + ". OIDC: claim name, dots for nested claims (org.groups); empty: " + GroupSyncSettings.OIDC_DEFAULT_CLAIM + ".").add()
                .property().name(GroupSyncSettings.DELIMITER).label("Delimiter").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("When the provider sends several groups in one value, the text between them, e.g. ; or a comma. Empty: every value is one group.").add()
                .property().name(GroupSyncSettings.PARENT).label("Parent group").type(ProviderConfigProperty.GROUP_TYPE)
                .helpText("The provider's groups are looked up and created below this group, e.g. /partners/acme. "
                        + "The provider places users only in groups it created itself or that you list under Allowed existing groups.").add()
                .property().name(GroupSyncSettings.TOP_LEVEL).label("Create at the top level").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("Instead of a parent group: the provider's groups live at the realm's top level, next to your own groups. "
                        + "A provider name equal to one of your existing groups (such as one a policy targets or one granting roles) is refused, "
                        + "not joined, unless you list that group under Allowed existing groups.").add()
                .property().name(GroupSyncSettings.ALLOWED_GROUPS).label("Allowed existing groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Paths of existing groups (directly below the parent, or at the top level) the provider may place users in "
                        + "although it did not create them, e.g. /partners/acme/support. Any other existing group the provider names is refused, with an event.").add()
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
                .property().name(GroupSyncSettings.MAX_GROUPS).label("Group limit").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("A login sending more group values than this (1 to " + GroupSyncSettings.MAX_MAX_GROUPS + ") is refused and nothing is changed. "
                        + "Empty: " + GroupSyncSettings.DEFAULT_MAX_GROUPS + ", or " + GroupSyncSettings.SAML_DEFAULT_MAX_GROUPS
                        + " for a SAML provider (Keycloak refuses a SAML response over 128 KiB, about 550 short group names, before any mapper runs).").add()
                .property().name(GroupSyncSettings.USERNAME_ATTRIBUTE).label("Username attribute or claim").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Optional: the attribute or claim the username is taken from, e.g. mail.").add()
                .property().name(GroupSyncSettings.USERNAME_PATTERN).label("Username regular expression").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Must match the whole value; its first capture group is the username, e.g. ^([^@]+)@partner\\.example$. No match: the login is refused.").add()
                .build();
    }
}
