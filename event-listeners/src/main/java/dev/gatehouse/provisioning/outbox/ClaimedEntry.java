package dev.gatehouse.provisioning.outbox;

import java.util.List;

/**
 * A row a worker holds the lease of, detached from the database so delivery runs outside any transaction, with
 * what the target already knows about the user (its id there, the groups Gatehouse put them in).
 */
public record ClaimedEntry(long id, String realmId, String targetId, String subject, String type, String payload,
                           int attempts, long createdAt, String leaseToken, String remoteId, List<String> groups) {

    public ClaimedEntry {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
