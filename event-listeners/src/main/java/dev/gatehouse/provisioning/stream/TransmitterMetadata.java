package dev.gatehouse.provisioning.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SSF 1.0 transmitter configuration metadata of a realm (SSF §7.1): who signs (the realm's issuer, verified at
 * its JWKS), how events are delivered (push, RFC 8935) and where a receiver reads and verifies its stream. Streams are
 * made by admins (receivers are provisioning targets of kind {@code ssf}), so the configuration endpoint only reads.
 */
public final class TransmitterMetadata {

    public static final String PUSH = "urn:ietf:rfc:8935";
    /** The path under {@code /realms/{realm}/} where {@link StreamResource} answers. */
    public static final String PATH = "gatehouse-ssf";

    private TransmitterMetadata() {
    }

    public static Map<String, Object> of(String issuer) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("spec_version", "1_0");
        metadata.put("issuer", issuer);
        metadata.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
        metadata.put("delivery_methods_supported", List.of(PUSH));
        metadata.put("configuration_endpoint", issuer + "/" + PATH + "/streams");
        metadata.put("status_endpoint", issuer + "/" + PATH + "/status");
        metadata.put("verification_endpoint", issuer + "/" + PATH + "/verify");
        metadata.put("authorization_schemes", List.of(Map.of("spec_urn", "urn:ietf:rfc:6749"), Map.of("spec_urn", "urn:ietf:rfc:6750")));
        metadata.put("default_subjects", "ALL");
        return metadata;
    }
}
