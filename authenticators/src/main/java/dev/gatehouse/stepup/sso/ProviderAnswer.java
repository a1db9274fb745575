package dev.gatehouse.stepup.sso;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AuthnContextType;
import org.keycloak.dom.saml.v2.assertion.AuthnStatementType;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

/**
 * What an identity provider asserted in its answer that the step-up judges: the email and whether it is
 * verified, how the user authenticated (OIDC {@code acr} and {@code amr}, SAML AuthnContextClassRef), and when
 * (OIDC {@code auth_time}, SAML {@code AuthnInstant}; epoch seconds, null when the answer does not say).
 */
record ProviderAnswer(String subject, String email, boolean emailVerified, List<String> contexts, Long authTime) {

    ProviderAnswer {
        contexts = List.copyOf(contexts);
    }

    /**
     * An OIDC email counts as verified when the ID token says {@code email_verified: true}, or when the admin marked
     * the provider "Trust email" and the token does not say false. SAML has no such statement: only "Trust email".
     */
    static ProviderAnswer of(BrokeredIdentityContext context) {
        boolean trusted = Boolean.TRUE.equals(context.getIdpConfig().isTrustEmail());
        Object idToken = context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        List<String> contexts = new ArrayList<>();
        boolean verified = trusted;
        Long authTime = null;
        if (idToken instanceof IDToken token) {
            if (token.getEmailVerified() != null) {
                verified = token.getEmailVerified();
            }
            if (token.getAcr() != null) {
                contexts.add(token.getAcr());
            }
            addAll(contexts, token.getOtherClaims().get("amr"));
            authTime = token.getAuth_time() != null ? token.getAuth_time() : seconds(token.getOtherClaims().get(IDToken.AUTH_TIME));
        } else if (idToken instanceof JsonWebToken token) {
            Object claim = token.getOtherClaims().get(IDToken.EMAIL_VERIFIED);
            if (claim != null) {
                verified = Boolean.parseBoolean(claim.toString());
            }
            addAll(contexts, token.getOtherClaims().get(IDToken.ACR));
            addAll(contexts, token.getOtherClaims().get("amr"));
            authTime = seconds(token.getOtherClaims().get(IDToken.AUTH_TIME));
        }
        if (context.getContextData().get(SAMLEndpoint.SAML_AUTHN_STATEMENT) instanceof AuthnStatementType statement) {
            AuthnContextType authn = statement.getAuthnContext();
            if (authn != null && authn.getSequence() != null && authn.getSequence().getClassRef() != null
                    && authn.getSequence().getClassRef().getValue() != null) {
                contexts.add(authn.getSequence().getClassRef().getValue().toString());
            }
            if (statement.getAuthnInstant() != null) {
                authTime = statement.getAuthnInstant().toGregorianCalendar().getTimeInMillis() / 1000;
            }
        }
        String email = context.getEmail() == null || context.getEmail().isBlank() ? null : context.getEmail().strip();
        return new ProviderAnswer(context.getId(), email, email != null && verified, contexts, authTime);
    }

    private static Long seconds(Object claim) {
        if (claim instanceof Number n) {
            return n.longValue();
        }
        try {
            return claim == null ? null : Long.valueOf(claim.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void addAll(List<String> into, Object claim) {
        if (claim instanceof Collection<?> values) {
            values.stream().filter(v -> v != null).map(Object::toString).forEach(into::add);
        } else if (claim != null) {
            into.add(claim.toString());
        }
    }
}
