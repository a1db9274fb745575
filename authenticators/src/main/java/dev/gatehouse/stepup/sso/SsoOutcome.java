package dev.gatehouse.stepup.sso;

import java.util.Arrays;
import java.util.Optional;

import dev.gatehouse.events.GatehouseError;

/** What the step-up concluded from an identity provider's answer; each refusal has its event error and page text. */
public enum SsoOutcome {
    /** The answer belongs to the user's existing link to the provider. */
    MATCHED(null, null),
    /** The user was linked to the provider in this step, by the same verified email. */
    LINKED(null, null),
    /** The answer belongs to another Keycloak user, or the user is linked to another account at the provider. */
    OTHER_USER(GatehouseError.SSO_OTHER_USER.code(), "gatehouseSsoOtherUser"),
    /** The user has no link to the provider and the policy does not link by email. */
    NOT_LINKED(GatehouseError.SSO_NOT_LINKED.code(), "gatehouseSsoNotLinked"),
    /** Linking by email needs a verified email from the provider. */
    EMAIL_NOT_VERIFIED(GatehouseError.SSO_EMAIL_NOT_VERIFIED.code(), "gatehouseSsoEmailNotVerified"),
    /** The provider's email is not the user's own verified email. */
    EMAIL_MISMATCH(GatehouseError.SSO_EMAIL_MISMATCH.code(), "gatehouseSsoEmailMismatch"),
    /** The provider does not assert one of the accepted authentication contexts. */
    WEAK_CONTEXT(GatehouseError.SSO_WEAK_CONTEXT.code(), "gatehouseSsoWeakContext"),
    /** The answer reports a sign-in at the provider older than the policy allows, or none at all. */
    STALE_SIGN_IN(GatehouseError.SSO_STALE_SIGN_IN.code(), "gatehouseSsoStaleSignIn"),
    /** A provider other than the policy's answered. */
    WRONG_PROVIDER(GatehouseError.SSO_WRONG_PROVIDER.code(), "gatehouseSsoNotCompleted");

    private final String error;
    private final String message;

    SsoOutcome(String error, String message) {
        this.error = error;
        this.message = message;
    }

    public boolean verified() {
        return error == null;
    }

    /** The event error code of a refusal. */
    public String error() {
        return error;
    }

    /** The message key the page shows for a refusal. */
    public String message() {
        return message;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static Optional<SsoOutcome> byName(String name) {
        return Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst();
    }
}
