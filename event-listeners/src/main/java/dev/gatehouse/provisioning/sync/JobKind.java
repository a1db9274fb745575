package dev.gatehouse.provisioning.sync;

/**
 * What a row of GH_PROV_SYNC_JOB runs: a full sync (queues rows) or a preview (a dry run that only reads). Each kind
 * has its own active column, so a target runs one of each at most, side by side.
 */
public enum JobKind {
    SYNC, PREVIEW
}
