package dev.gatehouse.provisioning.target;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.config.ComponentSettings;
import dev.gatehouse.provisioning.target.ProvisioningTarget.Audience;
import dev.gatehouse.provisioning.target.ProvisioningTarget.Auth;
import dev.gatehouse.provisioning.target.ProvisioningTarget.Deprovision;
import dev.gatehouse.provisioning.target.ProvisioningTarget.Kind;

/**
 * The stored form of a target (component config) and the one place that turns it into a
 * {@link ProvisioningTarget}: the console's save and the delivery worker both parse through here.
 */
public final class TargetConfig {

    public static final String NAME = "name";
    public static final String ENABLED = "enabled";
    public static final String KIND = "kind";
    public static final String URL = "url";
    public static final String AUTH = "auth";
    public static final String USERNAME = "username";
    public static final String SECRET = "secret";
    public static final String USERS = "users";
    public static final String USERS_GROUP = "usersGroup";
    public static final String USERS_POLICY = "usersPolicy";
    public static final String DEPROVISION = "deprovision";
    public static final String RESYNC_ON_LOGIN = "resyncOnLogin";
    public static final String PUSH_GROUPS = "pushGroups";
    public static final String IGNORED_GROUPS = "ignoredGroups";
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final String SECURITY_EVENTS = "securityEvents";
    public static final String TOKEN_URL = "tokenUrl";
    public static final String CLIENT_ID = "clientId";
    public static final String SCOPE = "scope";
    public static final String QUARANTINE_MIN_CALLS = "quarantineMinCalls";
    public static final String QUARANTINE_FAILURE_PERCENT = "quarantineFailurePercent";
    public static final String QUARANTINE_WINDOW_SECONDS = "quarantineWindowSeconds";
    public static final String QUARANTINE_PROBE_SECONDS = "quarantineProbeSeconds";
    /** Written by Gatehouse only (a display copy of the quarantine state): what the console's list shows. */
    public static final String STATUS = "status";
    public static final String TEST_ON_SAVE = "testOnSave";
    public static final String ATTRIBUTE_MAP = "attributeMap";

    /** A secret is only ever a reference into Keycloak's vault, never the secret itself. */
    private static final Pattern VAULT_REFERENCE = Pattern.compile("\\$\\{vault\\.[^}\\s]+}");

    private TargetConfig() {
    }

    public static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("How admins, events and dead letters name the target.").add()
                .property().name(ENABLED).label("Enabled").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("A disabled target receives nothing new; what is queued waits.").add()
                .property().name(KIND).label("Kind").type(ProviderConfigProperty.LIST_TYPE)
                .options(ids(Kind.class)).defaultValue("scim")
                .helpText("scim: a SCIM 2.0 service provider (base URL, e.g. https://app.example/scim/v2). webhook: "
                        + "signed POSTs following the Standard Webhooks specification. ssf: an OpenID Shared Signals "
                        + "receiver's push endpoint (Security Event Tokens, RFC 8935).").add()
                .property().name(URL).label("URL").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("https URL of the SCIM base or the webhook endpoint. Private, loopback and link-local addresses are "
                        + "refused unless the server allows private targets (then http too, for loopback only).").add()
                .property().name(AUTH).label("SCIM authentication").type(ProviderConfigProperty.LIST_TYPE)
                .options(ids(Auth.class)).defaultValue("bearer")
                .helpText("bearer: the secret is the token. basic: username and secret as password. oauth2: OAuth 2.0 "
                        + "client credentials; the secret is the client secret, with the token URL and client id below.").add()
                .property().name(USERNAME).label("Username (basic)").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(SECRET).label("Secret (vault reference)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("A reference into Keycloak's vault, e.g. ${vault.app-scim-token}. For a webhook the vault "
                        + "entry holds one or more whsec_ secrets separated by spaces: each signs, for rotation.").add()
                .property().name(TOKEN_URL).label("Token URL (oauth2)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The authorization server's token endpoint, https; addresses as for the URL.").add()
                .property().name(CLIENT_ID).label("Client id (oauth2)").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(SCOPE).label("Scope (oauth2)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Optional scopes to ask for, separated by spaces.").add()
                .property().name(USERS).label("Users").type(ProviderConfigProperty.LIST_TYPE)
                .options(ids(Audience.class)).defaultValue("all")
                .helpText("Which users the target receives: all, external (any enabled Gatehouse policy counts them "
                        + "as external), group (members of the group below and its subgroups), policy (users the "
                        + "policy below targets).").add()
                .property().name(USERS_GROUP).label("Users: group path").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(USERS_POLICY).label("Users: policy name").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(DEPROVISION).label("Deprovisioning").type(ProviderConfigProperty.LIST_TYPE)
                .options(ids(Deprovision.class)).defaultValue("deactivate")
                .helpText("What a disabled or deleted user becomes at a SCIM target: deactivate (active=false) or delete.").add()
                .property().name(RESYNC_ON_LOGIN).label("Full re-sync on every login").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").add()
                .property().name(PUSH_GROUPS).label("Push groups").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("Create the user's groups at the target and keep their membership.").add()
                .property().name(IGNORED_GROUPS).label("Ignored groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Group names or full paths never pushed.").add()
                .property().name(ATTRIBUTE_MAP).label("Attribute mapping (SCIM)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Custom user attributes a SCIM target receives, one keycloakAttribute=scimPath each. scimPath: "
                        + "title, nickName, displayName, userType, preferredLanguage, locale, timezone, profileUrl, "
                        + "name.middleName, name.honorificPrefix, name.honorificSuffix, phoneNumbers[work|home|mobile|fax|pager|other], "
                        + "emails[home|other], or " + ScimAttributeMap.ENTERPRISE_SCHEMA
                        + ":employeeNumber|costCenter|organization|division|department. A user without the attribute "
                        + "sends none, so an update removes it at the target. Webhooks receive all attributes.").add()
                .property().name(MAX_ATTEMPTS).label("Attempts before dead letter").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("12").helpText("Retries back off exponentially (2 s doubling, at most 1 h, with jitter).").add()
                .property().name(SECURITY_EVENTS).label("Security events (webhook)").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText("Also send Gatehouse's security decisions (step-up passed or failed, token access denied, "
                        + "policy changed), e.g. to a SIEM.").add()
                .property().name(QUARANTINE_MIN_CALLS).label("Quarantine: minimum calls").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(QuarantineSettings.DEFAULTS.minCalls()))
                .helpText("The target is quarantined (one probe delivery per probe interval until one succeeds) when "
                        + "at least this many deliveries were tried within the window and the failure share below "
                        + "failed. 0 turns quarantine off. Whether it is quarantined now: GET "
                        + "/admin/realms/{realm}/gatehouse-provisioning/targets, and the admin events.").add()
                .property().name(QUARANTINE_FAILURE_PERCENT).label("Quarantine: failed %").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(QuarantineSettings.DEFAULTS.failurePercent()))
                .helpText("Share of failed deliveries (5xx, 429, timeouts, unreachable, token errors), 1 to 100.").add()
                .property().name(QUARANTINE_WINDOW_SECONDS).label("Quarantine: window (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Long.toString(QuarantineSettings.DEFAULTS.window().toSeconds())).add()
                .property().name(QUARANTINE_PROBE_SECONDS).label("Quarantine: probe interval (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Long.toString(QuarantineSettings.DEFAULTS.probeInterval().toSeconds())).add()
                .property().name(TEST_ON_SAVE).label("Test connection on save").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .helpText("Each save in the admin console or REST API first runs the reachability test (SCIM reads "
                        + "ServiceProviderConfig with the target's credentials, a webhook gets a signed ping) and is "
                        + "refused with the reason when it fails. Turn off to save a target that is down now. Disabled "
                        + "targets and realm imports are not tested.").add()
                .property().name(STATUS).label("Status").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by Gatehouse: Active, Disabled, or Quarantined since when and why. Edits are ignored.").add()
                .build();
        properties.addAll(properties.size() - 1, ReceiverConfig.properties());
        // The console shows the status as a read-only field; a value submitted anyway is replaced on save.
        properties.stream().filter(p -> STATUS.equals(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    /** Whether a stored target is enabled, read as {@link #parse} reads it (true unless set otherwise). */
    public static boolean enabled(Map<String, List<String>> config) {
        return new ComponentSettings(config).bool(ENABLED, true);
    }

    /** Whether a save runs the reachability test first (on unless turned off). */
    public static boolean testOnSave(Map<String, List<String>> config) {
        return new ComponentSettings(config).bool(TEST_ON_SAVE, true);
    }

    public static ProvisioningTarget parse(String id, String componentName, Map<String, List<String>> config) {
        return parse(id, componentName, config, TargetAddressPolicy.fromServerConfig());
    }

    /** With the addresses this server may call ({@link TargetAddressPolicy}); URLs are refused by it. */
    public static ProvisioningTarget parse(String id, String componentName, Map<String, List<String>> config,
                                           TargetAddressPolicy addresses) {
        ComponentSettings in = new ComponentSettings(config);
        String name = in.text(NAME) != null ? in.text(NAME) : componentName;
        if (name == null || name.isBlank()) {
            throw new ComponentValidationException("Name is required.");
        }
        Kind kind = in.choice(KIND, Kind.class, Kind.SCIM);
        URI url = url(in.required(URL, "URL"), "URL", addresses);
        // Webhooks sign; a receiver gets its vault secret, if any, as a bearer token.
        Auth auth = kind == Kind.WEBHOOK ? Auth.NONE
                : kind == Kind.SSF ? (in.text(SECRET) == null ? Auth.NONE : Auth.BEARER) : in.choice(AUTH, Auth.class, Auth.BEARER);
        String secretRef = in.text(SECRET);
        if (secretRef != null && !VAULT_REFERENCE.matcher(secretRef).matches()) {
            // Keycloak formats validation messages with MessageFormat: braces are quoted to show as they are.
            throw new ComponentValidationException("Secret must be a vault reference such as '${vault.app-token}'; "
                    + "store the secret itself in Keycloak''s vault.");
        }
        if ((auth != Auth.NONE || kind == Kind.WEBHOOK) && secretRef == null) {
            throw new ComponentValidationException(kind == Kind.WEBHOOK
                    ? "A webhook needs a secret (vault reference) to sign with."
                    : "Authentication " + ComponentSettings.id(auth) + " needs a secret (vault reference).");
        }
        ProvisioningTarget.OAuthClient oauth = auth != Auth.OAUTH2 ? null : new ProvisioningTarget.OAuthClient(
                url(in.required(TOKEN_URL, "Token URL"), "Token URL", addresses), in.required(CLIENT_ID, "Client id"), in.text(SCOPE));
        String username = in.text(USERNAME);
        if (auth == Auth.BASIC && username == null) {
            throw new ComponentValidationException("Basic authentication needs a username.");
        }
        Audience audience = in.choice(USERS, Audience.class, Audience.ALL);
        String audienceValue = switch (audience) {
            case GROUP -> groupPath(in.required(USERS_GROUP, "Users: group path"));
            case POLICY -> in.required(USERS_POLICY, "Users: policy name");
            default -> null;
        };
        Set<String> ignored = new LinkedHashSet<>(in.values(IGNORED_GROUPS));
        ScimAttributeMap attributeMap = ScimAttributeMap.parse(in.values(ATTRIBUTE_MAP));
        if (kind != Kind.SCIM && !attributeMap.isEmpty()) {
            throw new ComponentValidationException("Attribute mapping is for SCIM targets; a webhook receives every "
                    + "attribute as it is.");
        }
        return new ProvisioningTarget(id, name, in.bool(ENABLED, true), kind, url, auth, username, secretRef, audience,
                audienceValue, in.choice(DEPROVISION, Deprovision.class, Deprovision.DEACTIVATE),
                in.bool(RESYNC_ON_LOGIN, false), in.bool(PUSH_GROUPS, true), ignored,
                in.integer(MAX_ATTEMPTS, 12, 1, 50), in.bool(SECURITY_EVENTS, false), oauth, quarantine(in),
                attributeMap, ReceiverConfig.parse(in, kind));
    }

    private static QuarantineSettings quarantine(ComponentSettings in) {
        QuarantineSettings d = QuarantineSettings.DEFAULTS;
        return new QuarantineSettings(in.integer(QUARANTINE_MIN_CALLS, d.minCalls(), 0, 100_000),
                in.integer(QUARANTINE_FAILURE_PERCENT, d.failurePercent(), 1, 100),
                Duration.ofSeconds(in.integer(QUARANTINE_WINDOW_SECONDS, (int) d.window().toSeconds(), 10, 86_400)),
                Duration.ofSeconds(in.integer(QUARANTINE_PROBE_SECONDS, (int) d.probeInterval().toSeconds(), 1, 86_400)));
    }

    private static URI url(String raw, String label, TargetAddressPolicy addresses) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ComponentValidationException(label + " " + raw + " is not a valid URL.");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ComponentValidationException(label + " must be an absolute https URL, not " + raw + ".");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ComponentValidationException(label + " must not carry credentials, a query or a fragment.");
        }
        String refused = addresses.refusal(url, label);
        if (refused != null) {
            throw new ComponentValidationException(refused);
        }
        return raw.endsWith("/") ? URI.create(raw.substring(0, raw.length() - 1)) : url;
    }

    private static String groupPath(String raw) {
        return raw.startsWith("/") ? raw : "/" + raw;
    }

    private static String[] ids(Class<? extends Enum<?>> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(ComponentSettings::id).toArray(String[]::new);
    }
}
