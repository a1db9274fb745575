package dev.gatehouse.provisioning.delivery;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * The targets this node's worker leaves out of its claims for a while because a claim found they cannot send
 * (disabled, or their secret missing from the vault). Their rows stay in the outbox untouched and due, so a
 * target with a million queued rows costs one claim per pause and no write at all, and the moment the target's
 * configuration changes (enabled, secret reference fixed) its queue is claimed again, with nothing to undo.
 * Per node and per worker, not shared: each node finds out for itself with one claim, and nothing depends on
 * another node's view.
 */
final class PausedTargets {

    private record Pause(String realmId, ProvisioningTarget seen, long until) {
    }

    private final ConcurrentHashMap<String, Pause> paused = new ConcurrentHashMap<>();

    /** Leaves these targets out until their pause ends, unless their configuration changes before. */
    void pause(Collection<WaitingTargets.Wait> waits, java.util.function.Function<String, ProvisioningTarget> seenAtClaim) {
        for (WaitingTargets.Wait wait : waits) {
            ProvisioningTarget seen = seenAtClaim.apply(wait.targetId());
            if (seen != null) {
                paused.put(wait.targetId(), new Pause(wait.realmId(), seen, wait.until()));
            }
        }
    }

    /**
     * The targets to leave out of a claim now; {@code current} gives a target's configuration as it is now (by
     * realm and target id; empty when gone). A pause that ran out, or whose target changed, ends here.
     */
    Set<String> now(long now, BiFunction<String, String, Optional<ProvisioningTarget>> current) {
        paused.entrySet().removeIf(e -> e.getValue().until() <= now
                || !current.apply(e.getValue().realmId(), e.getKey()).equals(Optional.of(e.getValue().seen())));
        return Set.copyOf(paused.keySet());
    }
}
