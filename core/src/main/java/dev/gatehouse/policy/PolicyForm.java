package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import static dev.gatehouse.policy.PolicyConfig.*;

/**
 * The admin console's form of a policy: each setting of {@link PolicyConfig} as a field with its label, help text
 * and default. The defaults here are the ones {@link PolicyConfig#parse} applies to a key left out.
 */
final class PolicyForm {

    private PolicyForm() {
    }

    static List<ProviderConfigProperty> properties() {
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
}
