package dev.gatehouse.stepup.sso;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.policy.SsoSettings;

/**
 * What the password page says after the provider answered for another person: how to try again. When the
 * provider is asked to sign the user in again, trying again is enough; otherwise the provider would answer for
 * the same person at once, so the user must sign out there first (with a link to the provider's sign-out page
 * when its configuration has one).
 */
record OtherPersonNotice(String message, Object[] parameters) {

    /** OIDC providers' end-session endpoint ("Logout URL" in the console). */
    private static final String LOGOUT_URL = "logoutUrl";

    static OtherPersonNotice of(KeycloakSession session, SsoSettings settings) {
        String name = providerName(session, settings);
        if (settings.forceLogin()) {
            return new OtherPersonNotice("gatehouseSsoOtherUser", new Object[] {name});
        }
        IdentityProviderModel provider = session.identityProviders().getByAlias(settings.identityProvider());
        String logout = provider == null ? null : provider.getConfig().get(LOGOUT_URL);
        if (logout != null && (logout.startsWith("https://") || logout.startsWith("http://"))) {
            return new OtherPersonNotice("gatehouseSsoOtherUserSignOutAt", new Object[] {name, logout});
        }
        return new OtherPersonNotice("gatehouseSsoOtherUserSignOut", new Object[] {name});
    }

    static String providerName(KeycloakSession session, SsoSettings settings) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(settings.identityProvider());
        return provider == null ? settings.identityProvider()
                : KeycloakModelUtils.getIdentityProviderDisplayName(session, provider);
    }
}
