package dev.gatehouse.provisioning.ssf;

import java.util.Map;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Signs Security Event Tokens with the realm's active signing key, the key its JWKS publishes, in the realm's default
 * signature algorithm (RS256 when that is symmetric: receivers verify with the public JWKS). Made in a transaction
 * with the realm in context; the key it holds then signs outside it, on the senders.
 */
public final class SetSigner {

    /** RFC 8417 §2.3 and SSF 1.0: the JWS {@code typ} of a SET. */
    public static final String TYPE = "secevent+jwt";

    private final SignatureSignerContext signer;

    private SetSigner(SignatureSignerContext signer) {
        this.signer = signer;
    }

    public static SetSigner of(KeycloakSession session, RealmModel realm) {
        session.getContext().setRealm(realm);
        String algorithm = realm.getDefaultSignatureAlgorithm() == null ? Algorithm.RS256 : realm.getDefaultSignatureAlgorithm();
        SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
        if (provider == null || !provider.isAsymmetricAlgorithm()) {
            provider = session.getProvider(SignatureProvider.class, Algorithm.RS256);
        }
        return new SetSigner(provider.signer());
    }

    public String sign(Map<String, Object> claims) {
        return new JWSBuilder().type(TYPE).jsonContent(claims).sign(signer);
    }
}
