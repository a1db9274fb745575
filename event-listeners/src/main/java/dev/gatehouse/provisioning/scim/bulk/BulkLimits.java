package dev.gatehouse.provisioning.scim.bulk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a target's {@code /ServiceProviderConfig} says of SCIM Bulk (RFC 7643 §5: {@code bulk.supported},
 * {@code maxOperations}, {@code maxPayloadSize} in bytes). A target that does not offer it, or offers at most one
 * operation per request, gets one request per change as before.
 */
public record BulkLimits(int maxOperations, long maxPayloadSize) {

    public static final BulkLimits NONE = new BulkLimits(0, 0);
    /** The most operations Gatehouse puts in one request, whatever the target allows: a lost answer costs a retry of all. */
    public static final int CAP = 1000;

    public static BulkLimits from(JsonNode serviceProviderConfig) {
        JsonNode bulk = serviceProviderConfig == null ? null : serviceProviderConfig.path("bulk");
        if (bulk == null || !bulk.path("supported").asBoolean(false)) {
            return NONE;
        }
        int maxOperations = bulk.path("maxOperations").asInt(0);
        long maxPayloadSize = bulk.path("maxPayloadSize").asLong(0);
        if (maxOperations < 2 || maxPayloadSize <= 0) {
            return NONE;
        }
        return new BulkLimits(Math.min(maxOperations, CAP), maxPayloadSize);
    }

    public boolean offered() {
        return maxOperations >= 2;
    }
}
