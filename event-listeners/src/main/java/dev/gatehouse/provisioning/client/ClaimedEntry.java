package dev.gatehouse.provisioning.client;

import java.util.List;

/**
 * A row a worker holds the lease of, detached from the database so delivery runs outside any transaction, with
 * what the target already knows about the user (its id there, the groups Gatehouse put them in).
 */
public record ClaimedEntry(long id, String realmId, String targetId, String subject, String type, String payload,
                           int attempts, long createdAt, String leaseToken, String messageId, String remoteId,
                           List<String> groups) {

    public ClaimedEntry {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * The row's message id as receivers see it ({@code webhook-id}): the same on every retry of the row, and not
     * repeated by a later row even when a restored or reset database hands out the row id again. Rows written
     * before the id was stored use their target, creation time and id instead.
     */
    public String webhookId() {
        return messageId != null ? webhookId(messageId) : "msg_" + targetId.replace("-", "") + "_" + createdAt + "_" + id;
    }

    /** The documented form of a {@code webhook-id}: {@code msg_} and the 32 hex digits of a random UUID. */
    public static String webhookId(String uuid) {
        return "msg_" + uuid.replace("-", "");
    }
}
