package dev.gatehouse.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the first half of {@code bench/make-previous-release-fixture.sh}, which makes the database fixture
 * of {@link ClusterProvisioningIT#upgradeFromThePreviousReleaseKeepsItsDataAndAddsTheNewTables}. Starts a
 * Keycloak node with the Gatehouse jar of an earlier commit ({@code gatehouse.previous.jar}) on an empty
 * PostgreSQL database ({@code gatehouse.previous.dbUrl}), lets it create its schema, imports the cluster test's
 * realm (a policy, users) and records one identity-provider group grant, then stops it cleanly; the script dumps
 * the database. Runs only when the script sets those properties.
 */
@EnabledIfSystemProperty(named = "gatehouse.previous.jar", matches = ".+")
class PreviousReleaseFixture {

    static final String REALM = "gatehouse-cluster";
    static final String GRANT_ID = "previous-release-grant";

    @Test
    void createTheDatabaseOfThePreviousRelease() throws Exception {
        Path jar = Path.of(System.getProperty("gatehouse.previous.jar"));
        String dbUrl = System.getProperty("gatehouse.previous.dbUrl");
        Path work = Artifacts.workDir().resolveSibling("cluster-previous");
        KeycloakInstallation installation = KeycloakInstallation.prepare(work, jar);
        KeycloakNode node = new KeycloakNode("previous", installation, dbUrl, new KeycloakNode.Ports(18180, 18190, 7900),
                work.resolve("logs"), List.of());
        node.start();
        try {
            node.awaitReady(Duration.ofMinutes(6));
            String realm;
            try (InputStream json = getClass().getResourceAsStream("/dev/gatehouse/it/cluster/cluster-realm.json")) {
                realm = new String(json.readAllBytes(), StandardCharsets.UTF_8).replace("${smtpPort}", "2525");
            }
            new AdminRest(node).createRealm(realm);
            try (Connection c = DriverManager.getConnection(dbUrl, PostgresDatabase.USER, ""); Statement s = c.createStatement()) {
                s.execute("INSERT INTO gatehouse_idp_group_grant (id, realm_id, user_id, group_id, idp_alias, granted_at)"
                        + " SELECT '" + GRANT_ID + "', r.id, u.id, 'upstream-group', 'upstream', 1"
                        + " FROM realm r JOIN user_entity u ON u.realm_id = r.id WHERE r.name = '" + REALM + "' AND u.username = 'ada'");
            }
        } finally {
            node.stop();
        }
        assertEquals(List.of(), node.errorLines(), "errors in the previous release's log");
    }
}
