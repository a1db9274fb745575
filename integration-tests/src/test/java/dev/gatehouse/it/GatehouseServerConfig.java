package dev.gatehouse.it;

import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration all integration tests share, so the framework starts Keycloak once per run:
 * the Gatehouse jar as a provider, and a log file the tests read to prove no secret is written.
 */
public final class GatehouseServerConfig implements KeycloakServerConfig {

    static Path logFile() {
        return Path.of(System.getProperty("gatehouse.it.logDir", "target/keycloak-log"), "keycloak.log").toAbsolutePath();
    }

    /** Keycloak's file vault: provisioning targets read their secrets from {@code <realm>_<key>} files here. */
    static Path vaultDir() {
        Path dir = logFile().getParent().resolveSibling("vault");
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        // The provisioning benchmark's worker settings (-Dgatehouse.worker.concurrency=64, -Dgatehouse.worker.batch-size=…);
        // unset, as in every test run: the documented defaults.
        for (String option : java.util.List.of("concurrency", "batch-size", "batches-in-flight")) {
            String value = System.getProperty("gatehouse.worker." + option);
            if (value != null) {
                config.spiOption("events-listener", "gatehouse-provisioning", option, value);
            }
        }
        KeycloakServerConfigBuilder.LogBuilder log = config.log()
                .handlers(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, KeycloakServerConfigBuilder.LogHandlers.FILE)
                .categoryLevel("dev.gatehouse", "debug");
        // Benchmarks that count SQL statements (-Dgatehouse.it.sql-log=true, InventoryBenchmark); off in every test run.
        if (Boolean.getBoolean("gatehouse.it.sql-log")) {
            log.categoryLevel("org.hibernate.SQL", "debug");
        }
        return config.dependency("dev.gatehouse", "gatehouse")
                .option("log-file", logFile().toString())
                // CIBA asks the user's authentication device through the framework's callback server (TokenGrantGuardIT).
                .spiOption("ciba-auth-channel", "ciba-http-auth-channel", "http-authentication-channel-uri",
                        "http://localhost:8500/ciba/request-authentication-channel")
                // Keycloak Workflows run due steps every 12 h by default; every second here, with time moved by the tests (LifecycleIT).
                .spiOption("events-listener", "workflow-event-listener", "step-runner-task-interval", "1s")
                // Gatehouse governance (reminders, end dates, attestation rounds) runs hourly by default; every second here (AccessAndAttestationIT).
                .spiOption("events-listener", "gatehouse-governance", "task-interval", "1s")
                // The tests' SCIM servers and webhook receivers listen on localhost: private targets allowed (ProvisioningSafetyIT).
                .spiOption("events-listener", "gatehouse-provisioning", "allow-private-targets", "true")
                // The sponsor rule reads this user attribute (SponsorsAndInvitationsIT); off by default.
                .spiOption("admin-realm-restapi-extension", "gatehouse-governance", "sponsor-attribute", "sponsor")
                .option("metrics-enabled", "true")
                // Admin-console pages of UiPageProviders (provisioning targets, policies) show only with this (ProvisioningConsoleIT).
                // Keycloak's inbound SCIM API (preview): served only in realms with scimApiEnabled, so no other test sees it (UserChangePathsIT).
                .features(org.keycloak.common.Profile.Feature.DECLARATIVE_UI, org.keycloak.common.Profile.Feature.SCIM_API)
                .option("vault", "file")
                .option("vault-dir", vaultDir().toString());
    }
}
