package dev.gatehouse.provisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;

import dev.gatehouse.provisioning.scim.bulk.BulkLimits;

/**
 * What the service provider says it supports ({@code /ServiceProviderConfig}, RFC 7643 §5). Without PATCH,
 * membership is changed by reading the group and replacing it; without filtering, users and groups are looked up
 * by listing them page by page. With bulk (and room for at least two operations), rows of different users go
 * together in bulk requests.
 */
public record ScimCapabilities(boolean patch, boolean filter, BulkLimits bulkLimits) {

    /** When the provider does not answer the question, assume RFC 7644's mandatory parts only. */
    public static final ScimCapabilities UNKNOWN = new ScimCapabilities(true, true, BulkLimits.NONE);

    static ScimCapabilities from(JsonNode config) {
        return new ScimCapabilities(supported(config, "patch", UNKNOWN.patch()), supported(config, "filter", UNKNOWN.filter()),
                BulkLimits.from(config));
    }

    /** Whether rows are sent in bulk requests. */
    public boolean bulk() {
        return bulkLimits.offered();
    }

    private static boolean supported(JsonNode config, String feature, boolean fallback) {
        JsonNode node = config.path(feature).path("supported");
        return node.isMissingNode() ? fallback : node.asBoolean(fallback);
    }
}
