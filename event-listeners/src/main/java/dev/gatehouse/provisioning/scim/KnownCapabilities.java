package dev.gatehouse.provisioning.scim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.common.util.Time;

import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * What this node's SCIM targets said they support, so {@code GET /ServiceProviderConfig} is read once per target
 * and settings, not once per batch. An entry holds for the target exactly as it was parsed (a changed URL or
 * credential reads it again) and for an hour (a provider may be upgraded). Only answers are kept; a failed read is
 * tried again by the next batch. A memo of derived values, not shared state: losing it costs one request.
 */
public final class KnownCapabilities {

    static final long LIFETIME_MILLIS = 60 * 60 * 1000L;
    /** Far above any node's count of SCIM targets; past it, everything is read again. */
    private static final int MAX_ENTRIES = 1_000;

    private record Entry(ProvisioningTarget target, ScimCapabilities capabilities, long readAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ScimCapabilities get(ProvisioningTarget target) {
        Entry entry = entries.get(target.id());
        if (entry == null || !entry.target().equals(target) || Time.currentTimeMillis() - entry.readAt() > LIFETIME_MILLIS) {
            return null;
        }
        return entry.capabilities();
    }

    void keep(ProvisioningTarget target, ScimCapabilities capabilities) {
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(target.id(), new Entry(target, capabilities, Time.currentTimeMillis()));
    }
}
