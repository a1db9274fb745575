package dev.gatehouse.provisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the service provider says it supports ({@code /ServiceProviderConfig}, RFC 7643 §5). Without PATCH,
 * membership is changed by reading the group and replacing it; without filtering, users and groups are looked up
 * by listing them page by page.
 */
public record ScimCapabilities(boolean patch, boolean filter, boolean bulk) {

    /** When the provider does not answer the question, assume RFC 7644's mandatory parts only. */
    public static final ScimCapabilities UNKNOWN = new ScimCapabilities(true, true, false);

    static ScimCapabilities from(JsonNode config) {
        return new ScimCapabilities(supported(config, "patch", UNKNOWN.patch()), supported(config, "filter", UNKNOWN.filter()),
                supported(config, "bulk", UNKNOWN.bulk()));
    }

    private static boolean supported(JsonNode config, String feature, boolean fallback) {
        JsonNode node = config.path(feature).path("supported");
        return node.isMissingNode() ? fallback : node.asBoolean(fallback);
    }
}
