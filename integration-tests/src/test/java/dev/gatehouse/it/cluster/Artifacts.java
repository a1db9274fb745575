package dev.gatehouse.it.cluster;

import java.nio.file.Path;

import org.keycloak.it.utils.Maven;

/**
 * What the cluster runs, resolved the way Keycloak's test framework resolves its server: the Keycloak
 * distribution zip the test module depends on, and the Gatehouse jar ({@code dist/target/gatehouse-*.jar} in a
 * reactor build).
 */
final class Artifacts {

    private Artifacts() {
    }

    static Path keycloakDistribution() {
        return Maven.resolveArtifact("org.keycloak", "keycloak-quarkus-dist");
    }

    static Path gatehouseJar() {
        return Maven.resolveArtifact("dev.gatehouse", "gatehouse");
    }

    /** Where the cluster tests write: target/cluster of the integration-test module. */
    static Path workDir() {
        return Path.of(System.getProperty("gatehouse.it.clusterDir", "target/cluster")).toAbsolutePath();
    }
}
