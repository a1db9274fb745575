package dev.gatehouse.it;

import static dev.gatehouse.it.ProvisioningTargets.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;

/**
 * Gatehouse as an OpenID Shared Signals transmitter, heard by a receiver in the test JVM that verifies every Security
 * Event Token with Nimbus JOSE+JWT against the realm's JWKS ({@link SetTestReceiver}). Ada is a partner (email code,
 * verification lasts 15 minutes), olivia is internal. Receiver "app" gets every event for every user, as iss_sub;
 * each test starts with a fresh receiver component.
 */
@KeycloakIntegrationTest(config = GatehouseServerConfig.class)
class SharedSignalsIT {

    private static final String REALM = "gatehouse-signals";
    private static final String BEARER = "ssf-bearer-" + java.util.UUID.randomUUID();
    private static final String AUDIENCE = "https://app.example/ssf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SetTestReceiver receiver;

    @InjectRealm(fromJson = "signals-realm.json")
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectMailServer
    MailServer mailServer;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectAdminClient
    Keycloak adminClient;

    private Mailbox mailbox;
    private OtpPage otp;
    private Browser browser;
    private ProvisioningTargets targets;
    private String receiverId;

    @BeforeAll
    static void vault() throws Exception {
        Files.writeString(GatehouseServerConfig.vaultDir().resolve(REALM + "_ssf-bearer"), BEARER);
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.stop();
        }
    }

    @BeforeEach
    void receiverAndBrowser() throws Exception {
        if (receiver != null) {
            receiver.stop();
        }
        receiver = new SetTestReceiver(realm.getBaseUrl(), AUDIENCE, BEARER);
        receiver.start();
        targets = new ProvisioningTargets(realm, adminClient);
        receiverId = targets.create("app", receiverConfig(receiver.url(), "iss_sub"));
        mailbox = new Mailbox(mailServer);
        otp = new OtpPage(driver);
        browser = new Browser(realm, driver, oauth, loginPage);
        browser.fresh();
    }

    @AfterEach
    void dropReceiver() {
        timeOffSet.set(0);
        realm.admin().components().component(receiverId).remove();
        assertEquals(List.of(), receiver.refused(), "every SET Gatehouse sent passed the receiver's check");
    }

    private static Map<String, String> receiverConfig(String url, String subjectFormat) {
        return new HashMap<>(Map.of("kind", "ssf", "url", url, "secret", "${vault.ssf-bearer}", "setAudience", AUDIENCE,
                "subjectFormat", subjectFormat, "streamClientId", "signals-reader", "maxAttempts", "50"));
    }

    @Test
    void endingAPolicysSessionsSendsOneSessionRevokedPerEndedSessionAndNothingForInternalUsers() throws Exception {
        realm.admin().logoutAll(); // sessions of earlier tests: Keycloak's own logout, which Gatehouse does not report
        String adaSession1 = sid(oauth.doAccessTokenRequest(browser.signInWithCode("ada", mailbox, otp)));
        browser.fresh();
        String adaSession2 = sid(oauth.doAccessTokenRequest(browser.signInWithCode("ada", mailbox, otp)));
        browser.fresh();
        browser.passwordStep("olivia");
        String oliviaSession = sid(oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode()));

        HttpResponse<String> ended = endSessions(policyId("Partners every 15 minutes"));
        assertEquals(200, ended.statusCode(), ended.body());
        assertEquals(2, ((Number) JSON.readValue(ended.body(), Map.class).get("sessions")).intValue(), ended.body());

        awaitTrue(() -> receiver.accepted(SetTestReceiver.CAEP + "session-revoked").size() >= 2, "two session-revoked SETs");
        ProvisioningTargets.pause(2000); // a third would have come with the two: one request, one commit
        List<SetTestReceiver.Received> revoked = receiver.accepted(SetTestReceiver.CAEP + "session-revoked");
        assertEquals(Set.of(adaSession1, adaSession2), revoked.stream().map(SetTestReceiver.Received::sessionId).collect(Collectors.toSet()));
        String ada = userId("ada");
        String olivia = userId("olivia");
        for (SetTestReceiver.Received set : revoked) {
            assertEquals(realm.getBaseUrl(), set.claims().getIssuer());
            assertEquals(List.of(AUDIENCE), set.claims().getAudience());
            assertNotNull(set.claims().getJWTID());
            assertEquals(ada, set.userSub());
            assertEquals("admin", set.event().get("initiating_entity"));
            assertEquals(Map.of("en", "Partners confirm their identity every 15 minutes."), set.event().get("reason_user"));
            assertTrue(String.valueOf(set.event().get("reason_admin")).contains("Partners every 15 minutes"));
        }
        assertEquals(2, revoked.stream().map(r -> r.claims().getJWTID()).distinct().count(), "each SET its own jti");
        assertTrue(receiver.accepted().stream().noneMatch(r -> olivia.equals(r.userSub()) || oliviaSession.equals(r.sessionId())),
                "nothing about the internal user");
    }

    @Test
    void aStepUpSendsAssuranceLevelChangeForItsSession() throws Exception {
        String session = sid(oauth.doAccessTokenRequest(browser.signInWithCode("ada", mailbox, otp)));

        awaitTrue(() -> !receiver.accepted(SetTestReceiver.CAEP + "assurance-level-change").isEmpty(), "assurance-level-change");
        SetTestReceiver.Received set = receiver.accepted(SetTestReceiver.CAEP + "assurance-level-change").get(0);
        assertEquals(session, set.sessionId());
        assertEquals(userId("ada"), set.userSub());
        assertEquals("RFC8176", set.event().get("namespace"));
        assertEquals("pwd", set.event().get("previous_level"));
        assertEquals("mfa", set.event().get("current_level"));
        assertEquals("increase", set.event().get("change_direction"));
        assertTrue(String.valueOf(set.event().get("reason_admin")).contains("email-otp"), "the method is named");

        int before = receiver.accepted().size();
        oauth.openLoginForm(); // SSO within the 15 minutes: no new step-up, no new assurance
        assertNotNull(oauth.parseLoginResponse().getCode());
        ProvisioningTargets.pause(2000);
        assertEquals(before, receiver.accepted().size());
    }

    @Test
    void aVerificationThatRanOutEndsTheSessionOnceForReceivers() throws Exception {
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(browser.signInWithCode("ada", mailbox, otp));
        String session = sid(tokens);
        timeOffSet.set(16 * 60);
        receiver.allowFuture(16 * 60);
        assertEquals("invalid_grant", oauth.doRefreshTokenRequest(tokens.getRefreshToken()).getError());
        assertEquals("invalid_grant", oauth.doRefreshTokenRequest(tokens.getRefreshToken()).getError());

        awaitTrue(() -> !receiver.accepted(SetTestReceiver.CAEP + "session-revoked").isEmpty(), "session-revoked");
        ProvisioningTargets.pause(2000);
        List<SetTestReceiver.Received> revoked = receiver.accepted(SetTestReceiver.CAEP + "session-revoked");
        assertEquals(1, revoked.size(), "once, however often the client retries");
        assertEquals(session, revoked.get(0).sessionId());
        assertEquals("policy", revoked.get(0).event().get("initiating_entity"));
    }

    @Test
    void aLifecycleDisableSendsAccountDisabledAndLaterChangesFollow() throws Exception {
        // A second receiver that names users by email.
        SetTestReceiver byEmail = new SetTestReceiver(realm.getBaseUrl(), AUDIENCE, BEARER);
        byEmail.start();
        String second = targets.create("by-email", receiverConfig(byEmail.url(), "email"));
        String workflow = createWorkflow();
        try {
            String erin = targets.createUser("erin", "Erin", "Partner", "erin@partner.example");
            timeOffSet.set(31 * 86_400);
            receiver.allowFuture(31 * 86_400);
            byEmail.allowFuture(31 * 86_400);
            awaitTrue(() -> !realm.admin().users().get(erin).toRepresentation().isEnabled(), "the workflow disabled erin");
            awaitTrue(() -> !receiver.accepted(SetTestReceiver.RISC + "account-disabled").isEmpty(), "account-disabled");
            SetTestReceiver.Received disabled = receiver.accepted(SetTestReceiver.RISC + "account-disabled").get(0);
            assertEquals(erin, disabled.userSub());
            assertEquals("iss_sub", disabled.subject().get("format"));

            awaitTrue(() -> !byEmail.accepted(SetTestReceiver.RISC + "account-disabled").isEmpty(), "account-disabled by email");
            assertEquals(Map.of("format", "email", "email", "erin@partner.example"),
                    byEmail.accepted(SetTestReceiver.RISC + "account-disabled").get(0).subject());

            UserRepresentation rep = realm.admin().users().get(erin).toRepresentation();
            rep.setEnabled(true);
            realm.admin().users().get(erin).update(rep);
            realm.admin().users().get(erin).remove();
            awaitTrue(() -> !receiver.accepted(SetTestReceiver.RISC + "account-purged").isEmpty(), "account-purged");
            assertEquals(List.of("account-disabled", "account-enabled", "account-purged"), risc(receiver, erin));
            assertEquals(List.of(), byEmail.refused());
        } finally {
            http("DELETE", adminBase() + "/workflows/" + workflow, null);
            realm.admin().components().component(second).remove();
            byEmail.stop();
        }
    }

    @Test
    void aReceiverThatIsDownGetsEverythingLaterInOrder() throws Exception {
        String rita = targets.createUser("rita", "Rita", "Partner", "rita@partner.example");
        receiver.stop();
        UserRepresentation rep = realm.admin().users().get(rita).toRepresentation();
        for (boolean enabled : List.of(false, true, false, true)) {
            rep.setEnabled(enabled);
            realm.admin().users().get(rita).update(rep);
        }
        realm.admin().users().get(rita).remove();
        awaitTrue(() -> targets.lastError(receiverId) != null, "Gatehouse found the receiver down");

        receiver.start();
        awaitTrue(() -> risc(receiver, rita).size() == 5, "everything arrived once the receiver was back");
        assertEquals(List.of("account-disabled", "account-enabled", "account-disabled", "account-enabled", "account-purged"),
                risc(receiver, rita));
        List<Long> issued = receiver.accepted().stream().filter(r -> rita.equals(r.userSub()))
                .map(r -> r.claims().getIssueTime().getTime()).toList();
        assertEquals(issued.stream().sorted().toList(), issued, "in the order they happened");
    }

    @Test
    void forgedAndReplayedSetsAreRefusedByTheReceiversCheck() throws Exception {
        String tess = targets.createUser("tess", "Tess", "Partner", "tess@partner.example");
        UserRepresentation rep = realm.admin().users().get(tess).toRepresentation();
        rep.setEnabled(false);
        realm.admin().users().get(tess).update(rep);
        awaitTrue(() -> risc(receiver, tess).contains("account-disabled"), "account-disabled");
        SetTestReceiver.Received genuine = receiver.accepted(SetTestReceiver.RISC + "account-disabled").stream()
                .filter(r -> tess.equals(r.userSub())).findFirst().orElseThrow();

        assertInstanceOf(SetTestReceiver.Verdict.Replay.class, receiver.check(genuine.raw()), "a replayed jti");
        assertEquals(202, post(receiver.url(), genuine.raw()), "a replay is acknowledged, not acted on twice");
        assertEquals(1, receiver.accepted().stream().filter(r -> r.claims().getJWTID().equals(genuine.claims().getJWTID())).count());

        // The same header and signature over other claims (another user).
        String[] parts = genuine.raw().split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(Base64.getUrlDecoder()
                .decode(parts[1]), StandardCharsets.UTF_8).replace(tess, userId("ada")).getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + otherPayload + "." + parts[2];
        // Signed by someone else's key under the realm key's id, with a fresh jti.
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(SignedJWT.parse(genuine.raw()).getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("secevent+jwt"))
                .keyID(attacker.getKeyID()).build(),
                new JWTClaimsSet.Builder(genuine.claims()).jwtID("forged-" + System.nanoTime()).build());
        forged.sign(new RSASSASigner(attacker));
        // Unsigned.
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"secevent+jwt\"}"
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        for (String bad : List.of(tampered, forged.serialize(), unsigned)) {
            assertInstanceOf(SetTestReceiver.Verdict.Refused.class, receiver.check(bad));
            assertEquals(400, post(receiver.url(), bad));
        }
        receiver.forgetRefused();
    }

    @Test
    void metadataAndStreamEndpointsLetTheReceiverReadAndVerifyItsStream() throws Exception {
        HttpResponse<String> wellKnown = http("GET", realm.getBaseUrl() + "/.well-known/ssf-configuration", null);
        assertEquals(200, wellKnown.statusCode(), wellKnown.body());
        Map<String, Object> metadata = JSON.readValue(wellKnown.body(), new TypeReference<>() { });
        assertEquals(realm.getBaseUrl(), metadata.get("issuer"));
        assertEquals(realm.getBaseUrl() + "/protocol/openid-connect/certs", metadata.get("jwks_uri"));
        assertEquals(List.of("urn:ietf:rfc:8935"), metadata.get("delivery_methods_supported"));

        String token = clientToken("signals-reader", "reader-secret");
        HttpResponse<String> stream = bearer("GET", metadata.get("configuration_endpoint") + "?stream_id=" + receiverId, token, null);
        assertEquals(200, stream.statusCode(), stream.body());
        Map<String, Object> config = JSON.readValue(stream.body(), new TypeReference<>() { });
        assertEquals(receiverId, config.get("stream_id"));
        assertEquals(realm.getBaseUrl(), config.get("iss"));
        assertEquals(AUDIENCE, config.get("aud"));
        assertTrue(((List<?>) config.get("events_delivered")).contains(SetTestReceiver.CAEP + "session-revoked"));
        assertEquals(Map.of("method", "urn:ietf:rfc:8935", "endpoint_url", receiver.url()), config.get("delivery"));

        HttpResponse<String> status = bearer("GET", metadata.get("status_endpoint") + "?stream_id=" + receiverId, token, null);
        assertEquals(Map.of("stream_id", receiverId, "status", "enabled"), JSON.readValue(status.body(), new TypeReference<Map<String, Object>>() { }));

        String state = "state-" + System.nanoTime();
        HttpResponse<String> verify = bearer("POST", (String) metadata.get("verification_endpoint"), token,
                "{\"stream_id\":\"" + receiverId + "\",\"state\":\"" + state + "\"}");
        assertEquals(204, verify.statusCode(), verify.body());
        awaitTrue(() -> receiver.accepted(SetTestReceiver.VERIFICATION).stream().anyMatch(r -> state.equals(r.event().get("state"))),
                "the verification event with the receiver's state");
        SetTestReceiver.Received verification = receiver.accepted(SetTestReceiver.VERIFICATION).stream()
                .filter(r -> state.equals(r.event().get("state"))).findFirst().orElseThrow();
        assertEquals(Map.of("format", "opaque", "id", receiverId), verification.subject());

        assertEquals(200, bearer("GET", metadata.get("configuration_endpoint") + "?stream_id=" + receiverId, BEARER, null).statusCode(),
                "the receiver's own bearer secret reads its stream too");
        assertEquals(401, http("GET", metadata.get("configuration_endpoint") + "?stream_id=" + receiverId, null).statusCode());
        Map<String, String> unknownClient = receiverConfig(receiver.url(), "iss_sub");
        unknownClient.put("streamClientId", "no-such-client");
        Map.Entry<Integer, String> refused = targets.refused("bad", unknownClient);
        assertEquals(400, refused.getKey());
        assertTrue(refused.getValue().contains("Unknown client no-such-client"), refused.getValue());
        assertEquals(400, targets.admin("POST", "/targets/" + receiverId + "/sync").statusCode(), "a receiver has no users to sync");
        assertEquals(404, bearer("GET", metadata.get("configuration_endpoint") + "?stream_id=" + receiverId,
                clientToken("other-service", "other-secret"), null).statusCode(), "another client's token sees no stream");
    }

    // -- helpers -------------------------------------------------------------------------------------------

    /** The RISC events of one user at a receiver, in arrival order, by short name. */
    private static List<String> risc(SetTestReceiver at, String userId) {
        return at.accepted().stream().filter(r -> r.type().startsWith(SetTestReceiver.RISC) && userId.equals(r.userSub()))
                .map(r -> r.type().substring(SetTestReceiver.RISC.length())).toList();
    }

    private static String sid(AccessTokenResponse tokens) throws Exception {
        assertEquals(200, tokens.getStatusCode(), tokens.getErrorDescription());
        return SignedJWT.parse(tokens.getIdToken()).getJWTClaimsSet().getStringClaim("sid");
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private String policyId(String name) {
        return realm.admin().components().query(null, "org.keycloak.services.ui.extend.UiPageProvider").stream()
                .filter(c -> name.equals(c.getName())).map(ComponentRepresentation::getId).findFirst().orElseThrow();
    }

    private HttpResponse<String> endSessions(String policyId) {
        return bearer("DELETE", adminBase() + "/gatehouse/policies/" + policyId + "/sessions",
                adminClient.tokenManager().getAccessTokenString(), null);
    }

    private String createWorkflow() {
        String definition = """
                {"name": "signals-disable-inactive", "on": "user-created or user-authenticated",
                 "if": "gatehouse-external-user", "steps": [{"uses": "disable-user", "after": "30d"}]}""";
        HttpResponse<String> created = http("POST", adminBase() + "/workflows", definition);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private String adminBase() {
        return realm.getBaseUrl().replace("/realms/", "/admin/realms/");
    }

    private String clientToken(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return (String) JSON.readValue(r.body(), Map.class).get("access_token");
    }

    private HttpResponse<String> http(String method, String url, String json) {
        return bearer(method, url, adminClient.tokenManager().getAccessTokenString(), json, url.contains("/admin/"));
    }

    private HttpResponse<String> bearer(String method, String url, String token, String json) {
        return bearer(method, url, token, json, true);
    }

    private static HttpResponse<String> bearer(String method, String url, String token, String json, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (withToken && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int post(String url, String set) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BEARER).header("Content-Type", "application/secevent+jwt")
                .POST(HttpRequest.BodyPublishers.ofString(set)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
