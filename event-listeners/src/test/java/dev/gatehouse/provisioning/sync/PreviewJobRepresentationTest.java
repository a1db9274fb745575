package dev.gatehouse.provisioning.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

class PreviewJobRepresentationTest {

    @Test
    void aDonePreviewShowsItsStoredAnswerAsJsonAndNoNode() throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("create", Map.of("count", 2L, "users", List.of("ada", "olivia")));
        answer.put("unchanged", 3L);
        SyncJobEntity job = job(SyncState.DONE);
        job.setResult(JsonSerialization.writeValueAsString(answer));

        PreviewJobRepresentation shown = PreviewJobRepresentation.of(job);

        assertEquals(JsonSerialization.writeValueAsString(answer), JsonSerialization.writeValueAsString(shown.result()));
        assertEquals(JsonSerialization.readValue(JsonSerialization.writeValueAsString(answer), Map.class),
                JsonSerialization.readValue(JsonSerialization.writeValueAsString(shown), Map.class).get("result"),
                "the REST answer holds the answer itself, not a string of it");
        assertNull(shown.node(), "an ended job has no node");
    }

    @Test
    void aRunningPreviewShowsItsNodeAndNoResult() {
        PreviewJobRepresentation shown = PreviewJobRepresentation.of(job(SyncState.RUNNING));
        assertEquals("node-a", shown.node());
        assertNull(shown.result());
        assertEquals("running", JsonSerialization.writeValueAsNode(shown).get("state").asText());
    }

    @Test
    void aJobRowWrittenWithoutAKindIsAFullSync() {
        // Rows from before changeSet 2, and any code that writes a sync without naming the kind, stay syncs.
        assertEquals(JobKind.SYNC, new SyncJobEntity().getKind());
    }

    private static SyncJobEntity job(SyncState state) {
        SyncJobEntity job = new SyncJobEntity();
        job.setId("job-1");
        job.setKind(JobKind.PREVIEW);
        job.setTargetId("target-1");
        job.setState(state);
        job.setLeaseNode("node-a");
        return job;
    }
}
