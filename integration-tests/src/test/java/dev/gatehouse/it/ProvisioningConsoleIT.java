package dev.gatehouse.it;

import static dev.gatehouse.it.ProvisioningTargets.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.gatehouse.demotarget.ScimTestServer;

/**
 * What the admin console shows of a provisioning target and what its save checks: the Status column (Gatehouse's
 * copy of the quarantine state, which an admin cannot overwrite), and the connection test a save runs unless
 * turned off. The console itself is driven in headless Chromium (declarative UI is on in the test server).
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class ProvisioningConsoleIT {

    private static final String REALM = "gatehouse-console";
    private static final String SCIM_TOKEN = "scim-token-" + java.util.UUID.randomUUID();

    private static ScimTestServer scim;

    @InjectRealm(fromJson = "provisioning-console-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private ProvisioningTargets targets;
    private String targetId;

    @BeforeAll
    static void server() throws IOException {
        scim = ProvisioningTargets.startedScim(REALM, SCIM_TOKEN);
        Path vault = GatehouseServerConfig.vaultDir();
        Files.writeString(vault.resolve(REALM + "_stale-token"), "not-" + SCIM_TOKEN);
    }

    @AfterAll
    static void stopServer() {
        scim.stop();
    }

    @BeforeEach
    void target() {
        scim.reset();
        targets = new ProvisioningTargets(realm, adminClient);
        targetId = targets.create("flaky-app", quickQuarantine());
    }

    @AfterEach
    void removeTarget() {
        if (targetId != null) {
            realm.admin().components().component(targetId).remove();
        }
    }

    @Test
    void quarantineShowsInTheStatusAnAdminCannotOverwriteAndReleaseMakesItActive() {
        assertEquals("Active", status(), "a new target that passed its connection test");
        quarantine("status");
        String quarantined = status();
        assertTrue(quarantined.startsWith("Quarantined since "), quarantined);
        assertTrue(quarantined.matches("Quarantined since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC: \\d+ of \\d+ calls failed "
                + "within 5 min; one probe every 60 s"), quarantined);

        // An admin's save (here without its connection test: the target still fails) cannot fake the status.
        ComponentRepresentation rep = component();
        rep.getConfig().putSingle("status", "Active");
        rep.getConfig().putSingle("testOnSave", "false");
        realm.admin().components().component(targetId).update(rep);
        assertEquals(quarantined, status(), "the submitted status is replaced by the quarantine state");

        scim.failAll(null);
        assertEquals(200, targets.admin("POST", "/targets/" + targetId + "/quarantine/release").statusCode());
        assertEquals("Active", status(), "released");

        rep = component();
        rep.getConfig().putSingle("enabled", "false");
        realm.admin().components().component(targetId).update(rep);
        assertEquals("Disabled", status());
    }

    @Test
    void aSaveTestsTheConnectionAndIsRefusedWithTheReasonUnlessTheTestIsTurnedOff() throws IOException {
        // A port nothing listens on (never used by Keycloak, so no pooled connection to it).
        ScimTestServer gone = new ScimTestServer(SCIM_TOKEN);
        gone.start();
        gone.stop();
        Map<String, String> down = ProvisioningTargets.quickQuarantine(gone.baseUrl());
        Map.Entry<Integer, String> refused = targets.refused("down-app", down);
        assertEquals(400, refused.getKey(), refused.getValue());
        assertTrue(refused.getValue().contains("Connection test failed: GET " + gone.baseUrl() + "/ServiceProviderConfig failed"),
                refused.getValue());
        assertTrue(refused.getValue().contains("Connection refused"), refused.getValue());
        assertTrue(refused.getValue().contains("turn off Test connection on save"), refused.getValue());

        // An existing target moved to the dead address: refused too, and nothing changed.
        ComponentRepresentation rep = component();
        rep.getConfig().putSingle("url", gone.baseUrl());
        BadRequestException moved = assertThrows(BadRequestException.class,
                () -> realm.admin().components().component(targetId).update(rep));
        assertTrue(moved.getResponse().readEntity(String.class).contains("Connection test failed"));
        assertEquals(scim.baseUrl(), component().getConfig().getFirst("url"));

        down.put("testOnSave", "false");
        String saved = targets.create("down-app", down);
        assertEquals("Active", realm.admin().components().component(saved).toRepresentation().getConfig().getFirst("status"));
        realm.admin().components().component(saved).remove();
    }

    @Test
    void theConnectionTestNamesA401FromTheTargetWithoutTheSecret() {
        Map<String, String> stale = quickQuarantine();
        stale.put("secret", "${vault.stale-token}");
        Map.Entry<Integer, String> refused = targets.refused("stale-app", stale);
        assertEquals(400, refused.getKey(), refused.getValue());
        assertTrue(refused.getValue().contains("Connection test failed: GET /ServiceProviderConfig: target refused our credentials (401)"), refused.getValue());
        assertFalse(refused.getValue().contains(SCIM_TOKEN), "no secret in the answer");
    }

    @Test
    void theConsolesListOfTargetsShowsTheQuarantineInItsStatusColumn() {
        quarantine("console");
        try (Chromium chromium = new Chromium()) {
            String page = "http://localhost:8080/admin/master/console/#/" + REALM + "/page-section/gatehouse-provisioning-target";
            WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(120));
            chromium.open(page);
            // The console's script sends the browser on to the master realm's sign-in page.
            wait.until(d -> !d.findElements(By.id("username")).isEmpty());
            chromium.signIn("admin", "admin");
            chromium.open(page);
            WebElement cell = wait.until(d -> d.findElements(By.xpath("//td[contains(., 'Quarantined since')]")).stream()
                    .findFirst().orElse(null));
            assertTrue(cell.getText().contains("one probe every 60 s"), cell.getText());
            WebElement row = cell.findElement(By.xpath("./ancestor::tr"));
            assertTrue(row.getText().contains("flaky-app") && row.getText().contains(scim.baseUrl()), row.getText());
            assertFalse(chromium.driver().findElements(By.xpath("//th[normalize-space(.)='Status']")).isEmpty(),
                    "a Status column");
            if (Boolean.getBoolean("gatehouse.screenshots")) {
                Path dir = Path.of(System.getProperty("gatehouse.screenshots.dir", "../docs/img"));
                Files.createDirectories(dir);
                Files.write(dir.resolve("console-provisioning-targets.png"), chromium.screenshot());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        // The target recovers: the next probe gets through and the status says so by itself.
        scim.failAll(null);
        timeOffSet.set(120);
        awaitTrue(() -> "Active".equals(status()), "the status back to Active after a probe succeeded");
    }

    /** Makes most calls fail until the target is quarantined. */
    private void quarantine(String prefix) {
        scim.failAll(503);
        for (int i = 0; i < 5; i++) {
            targets.createUser(prefix + "-" + i, "Quinn", "Console");
        }
        awaitTrue(() -> targets.quarantined(targetId), "the target quarantined");
    }

    private static Map<String, String> quickQuarantine() {
        return ProvisioningTargets.quickQuarantine(scim.baseUrl());
    }

    private ComponentRepresentation component() {
        return realm.admin().components().component(targetId).toRepresentation();
    }

    private String status() {
        return component().getConfig().getFirst("status");
    }
}
