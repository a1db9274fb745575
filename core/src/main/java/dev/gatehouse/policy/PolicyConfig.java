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

    /** The admin console's form of a policy ({@link PolicyForm}): one field per key above, with its default. */
    public static List<ProviderConfigProperty> properties() {
        return PolicyForm.properties();
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
