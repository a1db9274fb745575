package dev.gatehouse.provisioning.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

import dev.gatehouse.provisioning.target.ProvisioningTarget;
import dev.gatehouse.provisioning.target.QuarantineSettings;
import dev.gatehouse.provisioning.target.ScimAttributeMap;

/** What a SCIM target supports is kept per target and settings, so later batches do not read it again. */
class KnownCapabilitiesTest {

    private static final ScimCapabilities NO_PATCH = new ScimCapabilities(false, true, dev.gatehouse.provisioning.scim.bulk.BulkLimits.NONE);

    private static ProvisioningTarget target(String url, ProvisioningTarget.Auth auth) {
        return new ProvisioningTarget("target-1", "app", true, ProvisioningTarget.Kind.SCIM, URI.create(url), auth, null,
                auth == ProvisioningTarget.Auth.NONE ? null : "${vault.s}", ProvisioningTarget.Audience.ALL, null,
                ProvisioningTarget.Deprovision.DEACTIVATE, false, false, Set.of(), 12, false, null, QuarantineSettings.DEFAULTS,
                ScimAttributeMap.NONE, null);
    }

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    void aTargetParsedAgainWithTheSameSettingsIsAnsweredFromMemory() {
        KnownCapabilities known = new KnownCapabilities();
        assertNull(known.get(target("https://app.example/scim", ProvisioningTarget.Auth.NONE)));
        known.keep(target("https://app.example/scim", ProvisioningTarget.Auth.NONE), NO_PATCH);
        assertEquals(NO_PATCH, known.get(target("https://app.example/scim", ProvisioningTarget.Auth.NONE)),
                "the next batch's target (an equal parse) reuses the answer");
    }

    @Test
    void changedSettingsOrAnHourReadItAgain() {
        KnownCapabilities known = new KnownCapabilities();
        known.keep(target("https://app.example/scim", ProvisioningTarget.Auth.NONE), NO_PATCH);
        assertNull(known.get(target("https://app.example/scim/v2", ProvisioningTarget.Auth.NONE)), "another URL");
        assertNull(known.get(target("https://app.example/scim", ProvisioningTarget.Auth.BEARER)), "other credentials");
        Time.setOffset((int) (KnownCapabilities.LIFETIME_MILLIS / 1000) + 1);
        assertNull(known.get(target("https://app.example/scim", ProvisioningTarget.Auth.NONE)), "older than an hour");
    }
}
