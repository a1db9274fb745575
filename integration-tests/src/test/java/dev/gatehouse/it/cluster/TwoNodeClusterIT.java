package dev.gatehouse.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.ComponentRepresentation;

import dev.gatehouse.it.Mailbox;

/**
 * Gatehouse on a real production topology: two Keycloak nodes ({@code kc.sh start}, clustered Infinispan found
 * through jdbc-ping) sharing one PostgreSQL database. A browser's requests land on either node, as behind a
 * load balancer without sticky sessions. The cluster starts once for the class; the tests run in order, the
 * restart and the node kill last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterIT {

    private static final String REALM = "gatehouse-cluster";
    private static final String OTP_FORM = "gatehouse-otp-form";
    private static final String LOGIN_FORM = "kc-form-login";
    /**
     * Keycloak records a provider's change sets in DATABASECHANGELOG_ + the first 10 letters of the JPA entity
     * provider's id: for every Gatehouse provider ("gatehouse-…") that is this one table.
     */
    private static final String GATEHOUSE_CHANGELOG = "databasechangelog_gatehouse_";

    private GreenMail mail;
    private TwoNodeCluster cluster;
    private KeycloakNode a;
    private KeycloakNode b;

    @BeforeAll
    void startCluster() throws Exception {
        mail = new GreenMail(new ServerSetup(PostgresDatabase.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        cluster = TwoNodeCluster.start();
        a = cluster.a();
        b = cluster.b();
        System.out.printf("Cluster started: node A ready in %d ms, node B in %d ms%n",
                a.lastStartTime().toMillis(), b.lastStartTime().toMillis());
        String realm;
        try (InputStream json = getClass().getResourceAsStream("/dev/gatehouse/it/cluster/cluster-realm.json")) {
            realm = new String(json.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${smtpPort}", String.valueOf(mail.getSmtp().getPort()));
        }
        new AdminRest(a).createRealm(realm);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (mail != null) {
                mail.stop();
            }
        }
    }

    @Test
    @Order(1)
    void gatehouseChangelogsCreateTheirTablesOnPostgres() throws Exception {
        PostgresDatabase db = cluster.database();
        assertEquals(6, db.number("SELECT count(*) FROM information_schema.columns WHERE table_name = 'gatehouse_idp_group_grant'"
                + " AND column_name IN ('id', 'realm_id', 'user_id', 'group_id', 'idp_alias', 'granted_at')"));
        assertEquals(1, db.number("SELECT count(*) FROM " + GATEHOUSE_CHANGELOG + " WHERE id = 'gatehouse-idp-group-grants-1' AND author = 'gatehouse'"));
        assertEquals(1, db.number("SELECT count(*) FROM pg_indexes WHERE indexname = 'uk_gatehouse_idp_grant'"),
                "the unique constraint that keeps one grant per user, provider and group");
        assertEquals(4, db.number("SELECT count(*) FROM information_schema.columns WHERE table_name = 'gatehouse_idp_group_origin'"
                + " AND column_name IN ('group_id', 'idp_alias', 'realm_id', 'created_at')"), "the group-origin table");
        assertEquals(1, db.number("SELECT count(*) FROM pg_indexes WHERE indexname = 'pk_gatehouse_idp_origin'"));
        // Provisioning's outbox and enrolment tables: a second changelog recorded in the same table.
        assertEquals(1, db.number("SELECT count(*) FROM " + GATEHOUSE_CHANGELOG + " WHERE id = 'gatehouse-provisioning-1' AND author = 'gatehouse'"));
        assertEquals(2, db.number("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('gh_prov_outbox', 'gh_prov_user')"));
        assertEquals(List.of(), a.errorLines(), "errors in node A's log");
        assertEquals(List.of(), b.errorLines(), "errors in node B's log");
    }

    @Test
    @Order(2)
    void stepUpStartedOnNodeAIsFinishedOnNodeB() throws Exception {
        StepUp started = adaStepsUpOn(a);

        ClusterBrowser.Page done = started.browser().submit(started.page(), OTP_FORM, b, Map.of("code", started.code()));
        assertTrue(done.authorizationCode().isPresent(), "node B accepts the code node A sent: " + done.body());
    }

    @Test
    @Order(3)
    void wrongCodesCountOnceAcrossBothNodes() throws Exception {
        StepUp started = adaStepsUpOn(a);
        ClusterBrowser browser = started.browser();
        ClusterBrowser.Page otp = started.page();
        String wrong = started.code().equals("000000") ? "111111" : "000000";

        // The realm's policy allows 3 attempts; each node sees the attempts the other counted.
        otp = browser.submit(otp, OTP_FORM, b, Map.of("code", wrong));
        assertTrue(otp.body().contains("Attempts left: 2"), "first wrong code, on B");
        otp = browser.submit(otp, OTP_FORM, a, Map.of("code", wrong));
        assertTrue(otp.body().contains("Attempts left: 1"), "second wrong code, on A");
        ClusterBrowser.Page reset = browser.submit(otp, OTP_FORM, b, Map.of("code", wrong));

        assertFalse(reset.authorizationCode().isPresent());
        assertTrue(reset.showsForm(LOGIN_FORM), "after the third wrong code, on B, the password is asked again");
        assertTrue(reset.body().contains("Too many wrong codes"));
    }

    @Test
    @Order(4)
    void policyDisabledOnNodeAStopsTheStepUpOnNodeBAtOnce() throws Exception {
        AdminRest adminA = new AdminRest(a);
        // B has the policy in its realm cache: its sign-ins ask for a code.
        assertTrue(passwordStep(new ClusterBrowser(), b, "ada").showsForm(OTP_FORM));

        ComponentRepresentation policy = onlyPolicy(adminA);
        policy.getConfig().putSingle("enabled", "false");
        adminA.updateComponent(REALM, policy);
        ClusterBrowser.Page direct = passwordStep(new ClusterBrowser(), b, "ada");
        assertTrue(direct.authorizationCode().isPresent(), "right after the change on A, B signs ada in without a code: " + direct.body());

        policy.getConfig().putSingle("enabled", "true");
        adminA.updateComponent(REALM, policy);
        assertTrue(passwordStep(new ClusterBrowser(), b, "ada").showsForm(OTP_FORM), "re-enabled on A, B asks for the code again");
    }

    @Test
    @Order(5)
    void restartOnTheExistingDatabaseKeepsDataAndAppliesNoChangeSetTwice() throws Exception {
        PostgresDatabase db = cluster.database();
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("INSERT INTO gatehouse_idp_group_grant (id, realm_id, user_id, group_id, idp_alias, granted_at)"
                    + " SELECT 'cluster-test-grant', r.id, 'cluster-test-user', 'cluster-test-group', 'upstream', 1 FROM realm r WHERE r.name = '" + REALM + "'");
        }
        long changeSets = db.number("SELECT count(*) FROM databasechangelog");
        long gatehouseChangeSets = db.number("SELECT count(*) FROM " + GATEHOUSE_CHANGELOG);

        cluster.stopNodes();
        cluster.startNodes();
        System.out.printf("Cluster restarted on the existing database: node A ready in %d ms, node B in %d ms%n",
                a.lastStartTime().toMillis(), b.lastStartTime().toMillis());

        assertEquals(changeSets, db.number("SELECT count(*) FROM databasechangelog"), "no Keycloak change set ran again");
        assertEquals(gatehouseChangeSets, db.number("SELECT count(*) FROM " + GATEHOUSE_CHANGELOG), "no Gatehouse change set ran again");
        assertEquals(1, db.number("SELECT count(*) FROM gatehouse_idp_group_grant WHERE id = 'cluster-test-grant'"));
        assertEquals(List.of(), a.errorLines(), "errors in node A's log after the restart");
        assertEquals(List.of(), b.errorLines(), "errors in node B's log after the restart");
        assertEquals("Partners verify by email", onlyPolicy(new AdminRest(b)).getName());
        assertTrue(passwordStep(new ClusterBrowser(), b, "ada").showsForm(OTP_FORM), "the policy still applies after the restart");
    }

    @Test
    @Order(6)
    void upgradeFromADatabaseWithoutTheGatehouseTableCreatesIt() throws Exception {
        PostgresDatabase db = cluster.database();
        cluster.stopNodes();
        // The database of a release before the group sync: Keycloak's tables and data, no Gatehouse change set.
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("DROP TABLE gatehouse_idp_group_grant");
            s.execute("DELETE FROM " + GATEHOUSE_CHANGELOG + " WHERE id = 'gatehouse-idp-group-grants-1'");
        }
        cluster.startNodes();

        assertEquals(1, db.number("SELECT count(*) FROM " + GATEHOUSE_CHANGELOG + " WHERE id = 'gatehouse-idp-group-grants-1'"));
        assertEquals(0, db.number("SELECT count(*) FROM gatehouse_idp_group_grant"), "the table is back, empty");
        assertEquals(List.of(), a.errorLines(), "errors in node A's log after the upgrade");
        assertEquals(List.of(), b.errorLines(), "errors in node B's log after the upgrade");
        assertTrue(passwordStep(new ClusterBrowser(), a, "ada").showsForm(OTP_FORM), "the realm and its policy came through");
    }

    @Test
    @Order(7)
    void nodeKilledMidStepUpLeavesTheSurvivorToFinishIt() throws Exception {
        StepUp started = adaStepsUpOn(b);

        b.kill();
        a.awaitClusterView(1, Duration.ofMinutes(3));

        ClusterBrowser.Page done = started.browser().submit(started.page(), OTP_FORM, a, Map.of("code", started.code()));
        assertTrue(done.authorizationCode().isPresent(), "A finishes the step-up B started before it died: " + done.body());
    }

    /** A new browser session in which ada has entered her password on a node and received her code. */
    private record StepUp(ClusterBrowser browser, ClusterBrowser.Page page, String code) {
    }

    private StepUp adaStepsUpOn(KeycloakNode node) throws Exception {
        ClusterBrowser browser = new ClusterBrowser();
        int mails = mail.getReceivedMessages().length;
        ClusterBrowser.Page otp = passwordStep(browser, node, "ada");
        assertTrue(otp.showsForm(OTP_FORM), node.name() + " asks ada for the emailed code");
        return new StepUp(browser, otp, codeSince(mails));
    }

    private ClusterBrowser.Page passwordStep(ClusterBrowser browser, KeycloakNode node, String username) throws Exception {
        ClusterBrowser.Page login = browser.openSignIn(node, REALM);
        assertTrue(login.showsForm(LOGIN_FORM), "the sign-in page: " + login.body());
        return browser.submit(login, LOGIN_FORM, node, Map.of("username", username, "password", username + "-pw", "credentialId", ""));
    }

    private String codeSince(int mailsBefore) throws Exception {
        assertTrue(mail.waitForIncomingEmail(60_000, mailsBefore + 1), "an email with the code arrives");
        MimeMessage[] all = mail.getReceivedMessages();
        return Mailbox.code(all[all.length - 1]);
    }

    private static ComponentRepresentation onlyPolicy(AdminRest admin) throws Exception {
        List<ComponentRepresentation> policies = admin.policies(REALM).stream()
                .filter(c -> "gatehouse-external-user-policy".equals(c.getProviderId())).toList();
        assertEquals(1, policies.size());
        return policies.get(0);
    }
}
