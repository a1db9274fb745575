package dev.gatehouse.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.config.ComponentSettings;
import dev.gatehouse.external.EmailDomains;
import dev.gatehouse.external.ExternalUserRules;

/**
 * The stored form of a policy (component config: string keys, lists of strings) and the one place that turns
 * it into an {@link ExternalUserPolicy}. Saving a policy and enforcing it both parse through here, so what
 * the admin console accepts is exactly what a login enforces.
 */
public final class PolicyConfig {

    /** The policy's name; the console's declarative page has no field for the component name, so it lives here. */
    public static final String NAME = "name";
    public static final String ENABLED = "enabled";
    public static final String PRIORITY = "priority";
    public static final String METHOD = "method";
    public static final String MODE = "mode";
    public static final String TEST_USERS = "testUsers";
    public static final String REASON = "reason";
    public static final String SESSION_DURATION_MINUTES = "sessionDurationMinutes";
    public static final String IDLE_DURATION_MINUTES = "idleDurationMinutes";
    public static final String BLOCK_TOKEN_ACCESS = "blockTokenAccess";

    /** Durations run from 15 minutes to 30 days. */
    public static final int MIN_DURATION_MINUTES = 15;
    public static final int MAX_DURATION_MINUTES = 30 * 24 * 60;
    public static final String UNMANAGED_DOMAIN_IS_EXTERNAL = "unmanagedDomainIsExternal";
    public static final String MANAGED_DOMAINS = "managedDomains";
    public static final String EXTERNAL_DOMAINS = "externalDomains";
    public static final String GROUPS = "groups";
    public static final String ORGANIZATIONS = "organizations";
    public static final String ATTRIBUTE_NAME = "attributeName";
    public static final String ATTRIBUTE_VALUE = "attributeValue";
    public static final String ATTRIBUTE_REGEX = "attributeRegex";
    public static final String IDENTITY_PROVIDERS = "identityProviders";
    public static final String OTP_LENGTH = "otpLength";
    public static final String OTP_LIFETIME_SECONDS = "otpLifetimeSeconds";
    public static final String OTP_MAX_ATTEMPTS = "otpMaxAttempts";
    public static final String OTP_RESEND_COOLDOWN_SECONDS = "otpResendCooldownSeconds";
    public static final String OTP_MAX_RESENDS = "otpMaxResends";
    public static final String SSO_IDENTITY_PROVIDER = "ssoIdentityProvider";
    public static final String SSO_LINK_BY_EMAIL = "ssoLinkByEmail";
    public static final String SSO_ACCEPTED_CONTEXTS = "ssoAcceptedContexts";
    public static final String SSO_FALLBACK = "ssoFallback";
    public static final String SSO_FORCE_LOGIN = "ssoForceLogin";
    /** Oldest upstream sign-in an answer may report, in minutes; 0 turns the check off. */
    public static final String SSO_MAX_AUTH_AGE_MINUTES = "ssoMaxAuthAgeMinutes";
    /** A user's budget across sign-ins: wrong codes and code mails per rolling window. */
    public static final String OTP_BUDGET_WRONG_CODES = "otpBudgetWrongCodes";
    public static final String OTP_BUDGET_MAILS = "otpBudgetMails";
    public static final String OTP_BUDGET_WINDOW_MINUTES = "otpBudgetWindowMinutes";
    public static final String SSO_FALLBACK_REFUSE = "refuse";
    public static final String SSO_FALLBACK_EMAIL_OTP = "email-otp";
    /** Token lifetime caps: a refresh token (online session) or an offline token stops working this long after it began. */
    public static final String REFRESH_TOKEN_MAX_MINUTES = "refreshTokenMaxMinutes";
    public static final String OFFLINE_TOKEN_MAX_DAYS = "offlineTokenMaxDays";

    /** Offline tokens may be capped from 1 day to a year. */
    public static final int MIN_OFFLINE_TOKEN_DAYS = 1;
    public static final int MAX_OFFLINE_TOKEN_DAYS = 365;

    /** Any organization of the realm, in the organizations list. */
    public static final String ANY_ORGANIZATION = "*";

    private static final int MAX_REASON_LENGTH = 500;
    private static final Pattern LIST_SEPARATORS = Pattern.compile("##|,|\\s+");

    private PolicyConfig() {
    }

    public static List<ProviderConfigProperty> properties() {
        EmailOtpSettings d = EmailOtpSettings.DEFAULTS;
        OtpBudget b = OtpBudget.DEFAULTS;
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("How admins and events name the policy; never shown to users.").add()
                .property().name(ENABLED).label("Enabled").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true").helpText("Disabled policies apply to nobody.").add()
                .property().name(PRIORITY).label("Priority").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("0").helpText("When several enabled policies target a user, the highest priority applies.").add()
                .property().name(MODE).label("Mode").type(ProviderConfigProperty.LIST_TYPE)
                .options(PolicyMode.ENFORCE.id(), PolicyMode.TEST.id(), PolicyMode.REPORT_ONLY.id()).defaultValue(PolicyMode.ENFORCE.id())
                .helpText("enforce: every targeted user. test: only the test users below (at most 5); everyone else as if the policy did not exist. report-only: nobody is asked; the login event records what the policy would have required.").add()
                .property().name(TEST_USERS).label("Test users").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Usernames, at most 5, the policy acts on in test mode (only if its rules target them too).").add()
                .property().name(REASON).label("Why users are asked").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Shown on the step-up page, e.g. Your organisation asks partners to confirm their identity. Write a message key as in the rest of Keycloak (dollar sign, key in braces) to use a localised message. Leave empty for the default text. Never shows rules or group names.").add()
                .property().name(SESSION_DURATION_MINUTES).label("Verification lasts (minutes)").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("After this long since the user last verified, the next sign-in (also by single sign-on) verifies again. 15 to 43200 (30 days); empty: for the whole session.").add()
                .property().name(IDLE_DURATION_MINUTES).label("Idle limit (minutes)").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("After this long without a sign-in or a token refresh, the user verifies again and refresh tokens stop working. 15 to 43200 (30 days); empty: no limit.").add()
                .property().name(BLOCK_TOKEN_ACCESS).label("Block API token access").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("Refuse the password grant, offline tokens, token exchange, the device authorization grant and CIBA to these users; browser sign-in still works. Gatehouse adds the gatehouse-session-guard client policy to the realm for this.").add()
                .property().name(METHOD).label("Verification method").type(ProviderConfigProperty.LIST_TYPE)
                .options(StepUpMethod.EMAIL_OTP.id(), StepUpMethod.SSO.id(), StepUpMethod.NONE.id()).defaultValue(StepUpMethod.EMAIL_OTP.id())
                .helpText("What a targeted user must do after the password: enter a code sent by email (email-otp), sign in again at their own identity provider (sso), or nothing.").add()
                .property().name(SSO_IDENTITY_PROVIDER).label("SSO: identity provider").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Alias of the identity provider (OIDC or SAML) users of the sso method sign in at. Its answer must belong to the same user: the user's existing link to that provider, or a first link by email if allowed below.").add()
                .property().name(SSO_LINK_BY_EMAIL).label("SSO: link by verified email").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("A user not yet linked to the provider is linked in the step when the provider asserts a verified email equal to the user's own verified email. Off: only users already linked can verify.").add()
                .property().name(SSO_ACCEPTED_CONTEXTS).label("SSO: accepted authentication contexts").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("OIDC acr or amr values, or SAML AuthnContextClassRef values; the provider's answer must assert one of them, e.g. mfa. Empty: any sign-in at the provider counts.").add()
                .property().name(SSO_FALLBACK).label("SSO: when the context is too weak").type(ProviderConfigProperty.LIST_TYPE)
                .options(SSO_FALLBACK_REFUSE, SSO_FALLBACK_EMAIL_OTP).defaultValue(SSO_FALLBACK_REFUSE)
                .helpText("When the provider's answer asserts none of the accepted contexts: refuse, or ask for a code by email instead.").add()
                .property().name(SSO_FORCE_LOGIN).label("SSO: provider signs in again").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(String.valueOf(SsoSettings.DEFAULT_FORCE_LOGIN)).helpText("Ask the provider to sign the user in again (OIDC prompt=login, SAML ForceAuthn) rather than answer from its own single sign-on session. On by default: a person refused as someone else can then simply try again.").add()
                .property().name(SSO_MAX_AUTH_AGE_MINUTES).label("SSO: sign-in at most this old (minutes)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(SsoSettings.DEFAULT_MAX_AUTH_AGE.toMinutes()))
                .helpText("The provider's answer must report a sign-in no older than this (OIDC auth_time, also sent as max_age; SAML AuthnInstant); an older or undated answer is refused. 1 to 1440; 0: any age.").add()
                .property().name(UNMANAGED_DOMAIN_IS_EXTERNAL).label("External: email outside managed domains")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Users whose verified email is not in a managed domain are external; so are users without an email or with an unverified one.").add()
                .property().name(MANAGED_DOMAINS).label("Managed email domains").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Domains your organisation owns. Each covers its subdomains. Letter case, a trailing dot and unicode or punycode spellings do not matter.").add()
                .property().name(EXTERNAL_DOMAINS).label("External: email domains").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Users whose email is in one of these domains (or a subdomain) are external.").add()
                .property().name(GROUPS).label("External: groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Group paths such as /partners; members of the group or of any subgroup are external.").add()
                .property().name(ORGANIZATIONS).label("External: organizations").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Organization aliases whose members are external; * for members of any organization.").add()
                .property().name(ATTRIBUTE_NAME).label("External: attribute name").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Users with this attribute equal to the value, or matching the regular expression, are external.").add()
                .property().name(ATTRIBUTE_VALUE).label("External: attribute value").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(ATTRIBUTE_REGEX).label("External: attribute regular expression").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Must match the whole value.").add()
                .property().name(IDENTITY_PROVIDERS).label("External: linked identity providers").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Aliases of identity providers; users linked to one of them are external.").add()
                .property().name(OTP_LENGTH).label("Code length").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(d.codeLength())).helpText("Digits in the email code, 6 to 10.").add()
                .property().name(OTP_LIFETIME_SECONDS).label("Code lifetime (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(d.lifetime().toSeconds())).helpText("60 to 3600 seconds.").add()
                .property().name(OTP_MAX_ATTEMPTS).label("Wrong codes allowed").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(d.maxAttempts())).helpText("After this many wrong codes the user must sign in again, resends included; 1 to 10.").add()
                .property().name(OTP_RESEND_COOLDOWN_SECONDS).label("Resend cooldown (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(d.resendCooldown().toSeconds())).helpText("Time between two codes sent by email; 0 to 600 seconds.").add()
                .property().name(OTP_MAX_RESENDS).label("Resends allowed").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(d.maxResends())).helpText("New codes a user may ask for in one sign-in; 0 to 10.").add()
                .property().name(OTP_BUDGET_WRONG_CODES).label("Wrong codes per user per window").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(b.wrongCodes())).helpText("Across all sign-ins, whatever the realm's brute-force detection: after this many wrong codes in the window below, the user cannot verify until the oldest one leaves the window. 1 to 100.").add()
                .property().name(OTP_BUDGET_MAILS).label("Code mails per user per window").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(b.mails())).helpText("Across all sign-ins: no more code mails than this in the window below. 1 to 100.").add()
                .property().name(OTP_BUDGET_WINDOW_MINUTES).label("Budget window (minutes)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(b.window().toMinutes())).helpText("The rolling window of the two budgets above: each wrong code or mail counts this long. 1 to 10080 (7 days).").add()
                .property().name(REFRESH_TOKEN_MAX_MINUTES).label("Refresh tokens at most (minutes)").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("A refresh token of these users stops working this long after the sign-in that started its session; refreshing never extends it, and issued tokens expire no later. 15 to 43200 (30 days); empty: Keycloak's session limits only.").add()
                .property().name(OFFLINE_TOKEN_MAX_DAYS).label("Offline tokens at most (days)").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("An offline token of these users stops working this many days after it was first issued; refreshing never extends it. 1 to 365; empty: Keycloak's offline session limits only. Not with Block API token access, which refuses offline tokens.").add()
                .build());
        properties.addAll(GovernanceSettings.properties());
        return List.copyOf(properties);
    }

    /**
     * Parses a stored policy.
     *
     * @throws ComponentValidationException naming the setting and what is wrong with it
     */
    public static ExternalUserPolicy parse(String id, String componentName, Map<String, List<String>> config) {
        Reader in = new Reader(config);
        String name = in.text(NAME) != null ? in.text(NAME) : componentName == null ? null : componentName.strip();
        if (name == null || name.isBlank()) {
            throw new ComponentValidationException("A policy needs a name.");
        }
        ExternalUserRules rules = new ExternalUserRules(
                in.bool(UNMANAGED_DOMAIN_IS_EXTERNAL, false),
                in.domains(MANAGED_DOMAINS),
                in.domains(EXTERNAL_DOMAINS),
                in.groupPaths(GROUPS),
                in.list(ORGANIZATIONS).contains(ANY_ORGANIZATION),
                withoutWildcard(in.list(ORGANIZATIONS)),
                in.text(ATTRIBUTE_NAME),
                in.text(ATTRIBUTE_VALUE),
                in.regex(ATTRIBUTE_REGEX),
                in.list(IDENTITY_PROVIDERS));
        checkAttributeRule(rules, in.text(ATTRIBUTE_REGEX));
        if (!rules.targetsAnyone()) {
            throw new ComponentValidationException("Policy " + name + " targets nobody: set at least one rule that makes users external.");
        }
        if (rules.unmanagedDomainIsExternal() && rules.managedDomains().isEmpty()) {
            throw new ComponentValidationException("List the managed email domains when users outside them are external.");
        }
        String methodId = in.text(METHOD);
        StepUpMethod method = methodId == null ? StepUpMethod.EMAIL_OTP : StepUpMethod.byId(methodId)
                .orElseThrow(() -> new ComponentValidationException("Unknown verification method " + methodId + "."));
        EmailOtpSettings d = EmailOtpSettings.DEFAULTS;
        EmailOtpSettings otp = new EmailOtpSettings(
                in.integer(OTP_LENGTH, d.codeLength(), EmailOtpSettings.MIN_LENGTH, EmailOtpSettings.MAX_LENGTH),
                Duration.ofSeconds(in.integer(OTP_LIFETIME_SECONDS, (int) d.lifetime().toSeconds(), 60, 3600)),
                in.integer(OTP_MAX_ATTEMPTS, d.maxAttempts(), 1, 10),
                Duration.ofSeconds(in.integer(OTP_RESEND_COOLDOWN_SECONDS, (int) d.resendCooldown().toSeconds(), 0, 600)),
                in.integer(OTP_MAX_RESENDS, d.maxResends(), 0, 10),
                budget(in));
        SsoSettings sso = method == StepUpMethod.SSO ? ssoSettings(in) : null;
        String modeId = in.text(MODE);
        PolicyMode mode = modeId == null ? PolicyMode.ENFORCE : PolicyMode.byId(modeId)
                .orElseThrow(() -> new ComponentValidationException("Unknown mode " + modeId + "; use enforce, test or report-only."));
        Set<String> testUsers = new LinkedHashSet<>();
        in.list(TEST_USERS).forEach(u -> testUsers.add(u.toLowerCase(Locale.ROOT)));
        if (mode == PolicyMode.TEST && testUsers.isEmpty()) {
            throw new ComponentValidationException("Test mode needs at least one test user.");
        }
        if (testUsers.size() > PolicyMode.MAX_TEST_USERS) {
            throw new ComponentValidationException("Test mode takes at most " + PolicyMode.MAX_TEST_USERS + " users, not " + testUsers.size() + ".");
        }
        String reason = in.text(REASON);
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new ComponentValidationException("The reason text is limited to " + MAX_REASON_LENGTH + " characters.");
        }
        boolean blockTokenAccess = in.bool(BLOCK_TOKEN_ACCESS, false);
        Duration offlineTokenMax = in.text(OFFLINE_TOKEN_MAX_DAYS) == null ? null
                : Duration.ofDays(in.integer(OFFLINE_TOKEN_MAX_DAYS, 0, MIN_OFFLINE_TOKEN_DAYS, MAX_OFFLINE_TOKEN_DAYS));
        if (blockTokenAccess && offlineTokenMax != null) {
            throw new ComponentValidationException("Offline tokens are blocked for policy " + name
                    + "; remove the offline token cap or stop blocking API token access.");
        }
        return new ExternalUserPolicy(id, name, in.bool(ENABLED, true),
                in.integer(PRIORITY, 0, Integer.MIN_VALUE, Integer.MAX_VALUE), mode,
                mode == PolicyMode.TEST ? testUsers : Set.of(), rules, method, otp, sso,
                in.minutes(SESSION_DURATION_MINUTES), in.minutes(IDLE_DURATION_MINUTES),
                blockTokenAccess, reason, in.minutes(REFRESH_TOKEN_MAX_MINUTES), offlineTokenMax,
                GovernanceSettings.parse(config));
    }

    private static SsoSettings ssoSettings(Reader in) {
        String alias = in.text(SSO_IDENTITY_PROVIDER);
        if (alias == null) {
            throw new ComponentValidationException("The sso method needs the alias of an identity provider.");
        }
        String fallback = in.text(SSO_FALLBACK);
        if (fallback != null && !fallback.equals(SSO_FALLBACK_REFUSE) && !fallback.equals(SSO_FALLBACK_EMAIL_OTP)) {
            throw new ComponentValidationException("Setting " + SSO_FALLBACK + " must be " + SSO_FALLBACK_REFUSE + " or "
                    + SSO_FALLBACK_EMAIL_OTP + ", not " + fallback + ".");
        }
        Set<String> contexts = new LinkedHashSet<>(in.list(SSO_ACCEPTED_CONTEXTS));
        if (SSO_FALLBACK_EMAIL_OTP.equals(fallback) && contexts.isEmpty()) {
            throw new ComponentValidationException("The email fallback needs accepted authentication contexts: without them every answer is accepted.");
        }
        int maxAge = in.integer(SSO_MAX_AUTH_AGE_MINUTES, (int) SsoSettings.DEFAULT_MAX_AUTH_AGE.toMinutes(), 0,
                SsoSettings.MAX_AUTH_AGE_MINUTES);
        return new SsoSettings(alias, in.bool(SSO_LINK_BY_EMAIL, false), contexts, SSO_FALLBACK_EMAIL_OTP.equals(fallback),
                in.bool(SSO_FORCE_LOGIN, SsoSettings.DEFAULT_FORCE_LOGIN), maxAge == 0 ? null : Duration.ofMinutes(maxAge));
    }

    private static OtpBudget budget(Reader in) {
        OtpBudget b = OtpBudget.DEFAULTS;
        return new OtpBudget(in.integer(OTP_BUDGET_WRONG_CODES, b.wrongCodes(), 1, OtpBudget.MAX_COUNT),
                in.integer(OTP_BUDGET_MAILS, b.mails(), 1, OtpBudget.MAX_COUNT),
                Duration.ofMinutes(in.integer(OTP_BUDGET_WINDOW_MINUTES, (int) b.window().toMinutes(),
                        OtpBudget.MIN_WINDOW_MINUTES, OtpBudget.MAX_WINDOW_MINUTES)));
    }

    private static void checkAttributeRule(ExternalUserRules rules, String regex) {
        boolean hasCondition = rules.attributeValue() != null || regex != null;
        if (rules.attributeName() == null && hasCondition) {
            throw new ComponentValidationException("Set the attribute name for the attribute rule.");
        }
        if (rules.attributeName() != null && !hasCondition) {
            throw new ComponentValidationException("Set the attribute value or regular expression for attribute " + rules.attributeName() + ".");
        }
        if (rules.attributeValue() != null && regex != null) {
            throw new ComponentValidationException("Set either the attribute value or the regular expression, not both.");
        }
    }

    private static Set<String> withoutWildcard(List<String> aliases) {
        Set<String> result = new LinkedHashSet<>(aliases);
        result.remove(ANY_ORGANIZATION);
        return result;
    }

    /** Reads typed values out of the string lists a component stores. */
    private record Reader(Map<String, List<String>> config) {

        String text(String key) {
            return new ComponentSettings(config).text(key);
        }

        boolean bool(String key, boolean fallback) {
            return new ComponentSettings(config).bool(key, fallback);
        }

        int integer(String key, int fallback, int min, int max) {
            return new ComponentSettings(config).integer(key, fallback, min, max);
        }

        /** An optional duration in minutes within the policy bounds; null when unset. */
        Duration minutes(String key) {
            if (text(key) == null) {
                return null;
            }
            return Duration.ofMinutes(integer(key, 0, MIN_DURATION_MINUTES, MAX_DURATION_MINUTES));
        }

        /** Several values, each possibly holding a comma- or space-separated list. */
        List<String> list(String key) {
            List<String> values = config.get(key);
            if (values == null) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (String value : values) {
                if (value != null) {
                    Arrays.stream(LIST_SEPARATORS.split(value.strip())).filter(s -> !s.isEmpty()).forEach(result::add);
                }
            }
            return List.copyOf(new LinkedHashSet<>(result));
        }

        List<String> domains(String key) {
            List<String> result = new ArrayList<>();
            for (String raw : list(key)) {
                String d = raw.startsWith("@") ? raw.substring(1) : raw.startsWith("*.") ? raw.substring(2) : raw;
                result.add(EmailDomains.normalize(d).orElseThrow(
                        () -> new ComponentValidationException("Setting " + key + ": " + raw + " is not a valid domain.")));
            }
            return List.copyOf(new LinkedHashSet<>(result));
        }

        /** Group paths may hold spaces and commas, so only the stored list splits them. */
        List<String> groupPaths(String key) {
            List<String> values = config.get(key);
            if (values == null) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (String value : values) {
                for (String part : value == null ? new String[0] : value.split("##")) {
                    String path = part.strip();
                    if (!path.isEmpty()) {
                        result.add(path.startsWith("/") ? path : "/" + path);
                    }
                }
            }
            return List.copyOf(new LinkedHashSet<>(result));
        }

        Pattern regex(String key) {
            String v = text(key);
            if (v == null) {
                return null;
            }
            try {
                return Pattern.compile(v);
            } catch (PatternSyntaxException e) {
                throw new ComponentValidationException("Setting " + key + " is not a valid regular expression: " + e.getDescription() + ".");
            }
        }
    }
}
