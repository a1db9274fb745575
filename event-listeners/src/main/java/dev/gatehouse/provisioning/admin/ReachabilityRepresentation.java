package dev.gatehouse.provisioning.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gatehouse.provisioning.client.Reachability;

/**
 * The answer of {@code POST …/targets/{id}/test}: {@code {"reachable":true}} (a SCIM target adds {@code patch},
 * {@code filter}, {@code bulk}) or {@code {"reachable":false,"reason":"…"}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReachabilityRepresentation(boolean reachable, String reason, Boolean patch, Boolean filter, Boolean bulk) {

    static ReachabilityRepresentation of(Reachability answer) {
        if (answer instanceof Reachability.Unreachable failed) {
            return new ReachabilityRepresentation(false, failed.reason(), null, null, null);
        }
        Reachability.Features f = ((Reachability.Reachable) answer).features();
        return f == null ? new ReachabilityRepresentation(true, null, null, null, null)
                : new ReachabilityRepresentation(true, null, f.patch(), f.filter(), f.bulk());
    }
}
