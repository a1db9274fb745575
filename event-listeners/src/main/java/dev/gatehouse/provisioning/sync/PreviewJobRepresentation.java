package dev.gatehouse.provisioning.sync;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.util.JsonSerialization;

/**
 * A preview job as the admin REST API shows it: as a full sync's ({@link SyncJobRepresentation}) without rows
 * queued, and, once {@code done}, {@code result}: exactly what the synchronous {@code GET …/preview} answers.
 * {@code usersRead} counts from the start again when another node took the preview over.
 */
public record PreviewJobRepresentation(String jobId, String targetId, SyncState state, boolean cancelRequested, long usersRead,
                                       Long totalEstimate, long createdAt, Long startedAt, long updatedAt, Long finishedAt,
                                       String node, String lastError, JsonNode result) {

    static PreviewJobRepresentation of(SyncJobEntity job) {
        return new PreviewJobRepresentation(job.getId(), job.getTargetId(), job.getState(), job.isCancelRequested(),
                job.getUsersRead(), job.getTotalEstimate(), job.getCreatedAt(), job.getStartedAt(), job.getUpdatedAt(),
                job.getFinishedAt(), job.getState().active() ? job.getLeaseNode() : null, job.getLastError(), result(job.getResult()));
    }

    private static JsonNode result(String json) {
        try {
            return json == null ? null : JsonSerialization.readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
