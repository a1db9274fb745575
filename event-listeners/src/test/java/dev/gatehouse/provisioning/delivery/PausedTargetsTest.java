package dev.gatehouse.provisioning.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.TargetConfig;

/** A target that cannot send is left out of this node's claims for its pause, and no longer once it changes. */
class PausedTargetsTest {

    private static final long NOW = 1_000_000;

    private static ProvisioningTarget target(String id, boolean enabled) {
        Map<String, List<String>> config = new HashMap<>();
        config.put("kind", List.of("scim"));
        config.put("url", List.of("https://app.example/scim/v2"));
        config.put("auth", List.of("none"));
        config.put("enabled", List.of(String.valueOf(enabled)));
        return TargetConfig.parse(id, "app", config);
    }

    private static List<WaitingTargets.Wait> waits(String... targetIds) {
        return java.util.Arrays.stream(targetIds)
                .map(t -> new WaitingTargets.Wait("realm", t, "lease-1", NOW + 60_000, WaitingTargets.REASON)).toList();
    }

    @Test
    void aDisabledTargetIsLeftOutOfClaimsUntilItsPauseEnds() {
        PausedTargets paused = new PausedTargets();
        ProvisioningTarget disabled = target("t1", false);
        paused.pause(waits("t1"), id -> disabled);

        assertEquals(Set.of("t1"), paused.now(NOW + 1_000, (realm, id) -> Optional.of(disabled)), "left out while unchanged");
        assertEquals(Set.of("t1"), paused.now(NOW + 59_999, (realm, id) -> Optional.of(disabled)));
        assertEquals(Set.of(), paused.now(NOW + 60_000, (realm, id) -> Optional.of(disabled)), "claimed again after the pause");
    }

    @Test
    void aTargetEnabledDuringItsPauseIsClaimedAtOnce() {
        PausedTargets paused = new PausedTargets();
        ProvisioningTarget disabled = target("t1", false);
        paused.pause(waits("t1", "t2"), id -> target(id, false));

        assertEquals(Set.of("t2"), paused.now(NOW + 1_000, (realm, id) -> Optional.of(id.equals("t1") ? target("t1", true) : target(id, false))),
                "the enabled target is back in the claims, the other still waits");
        assertEquals(Set.of(), paused.now(NOW + 2_000, (realm, id) -> Optional.empty()), "a deleted target waits for nothing");
        assertEquals(disabled, target("t1", false), "configurations compare by value");
    }
}
