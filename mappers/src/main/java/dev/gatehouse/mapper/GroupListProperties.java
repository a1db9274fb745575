package dev.gatehouse.mapper;

import java.util.List;

import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin-console fields both group-list mappers share. */
public final class GroupListProperties {

    private GroupListProperties() {
    }

    /**
     * The admin API formats the message with {@link java.text.MessageFormat} under a message key, so both must be
     * set, and quotes and braces (common in regular expressions) escaped.
     */
    public static ProtocolMapperConfigException configError(String message) {
        String escaped = message.replace("'", "''").replace("{", "'{'").replace("}", "'}'");
        return new ProtocolMapperConfigException(escaped, escaped);
    }

    public static List<ProviderConfigProperty> shared() {
        return ProviderConfigurationBuilder.create()
                .property().name(GroupListSettings.FULL_PATH).label("Full group path").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("On: /top/level1/level2. Off: level2.").add()
                .property().name(GroupListSettings.MEMBERSHIP).label("Membership").type(ProviderConfigProperty.LIST_TYPE)
                .options(GroupListSettings.DIRECT, GroupListSettings.INHERITED).defaultValue(GroupListSettings.DIRECT)
                .helpText("direct: the groups the user is a member of. inherited: also every parent of those groups (a member of /a/b counts in /a). Subgroups of the user's groups are never added.").add()
                .property().name(GroupListSettings.IGNORED_GROUPS).label("Ignored groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Group names or full paths that are never sent.").add()
                .property().name(GroupListSettings.IGNORED_PATTERNS).label("Ignored group patterns").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Regular expressions; a group whose whole name or whole path matches one is never sent.").add()
                .property().name(GroupListSettings.STARTS_WITH).label("Only values starting with").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(GroupListSettings.CONTAINS).label("Only values containing").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(GroupListSettings.PATTERN).label("Only values matching").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Regular expression the whole sent value must match.").add()
                .property().name(GroupListSettings.UNDER_PATH).label("Only groups under").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("A group path such as /apps/jira: only groups below it are sent.").add()
                .property().name(GroupListSettings.CLIENT_ROLES_ONLY).label("Only groups granting this client's roles")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Only groups that give the user one of the requesting client's roles (directly, by a parent group or a composite role).").add()
                .property().name(GroupListSettings.ALLOW_LIST).label("Only these groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Group names or full paths assigned to this application; empty sends all.").add()
                .property().name(GroupListSettings.STRIP_PREFIX).label("Strip prefix").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Removed from the start of each sent value, e.g. jira- turns jira-developers into developers.").add()
                .property().name(GroupListSettings.MAX_GROUPS).label("Group limit").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("0").helpText("0: no limit. Above the limit the first groups in alphabetical order are sent, with an overage marker.").add()
                .build();
    }
}
