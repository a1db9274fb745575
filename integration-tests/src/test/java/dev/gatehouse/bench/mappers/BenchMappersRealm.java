package dev.gatehouse.bench.mappers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The realm {@code bench-mappers} as one JSON representation (created with one {@code POST /admin/realms}).
 *
 * <ul>
 *   <li>10,000 groups, two levels deep as in real directories: {@code /dept-00} … {@code /dept-99}, each with 100
 *       subgroups {@code team-00000} … {@code team-09999} (names unique realm-wide).</li>
 *   <li>Users {@code g10}, {@code g1000}, {@code g10000} (password {@value #PASSWORD}), members of 10, 1,000 and
 *       all 10,000 teams (every 1,000th team, every 10th team, all teams).</li>
 *   <li>Four clients, each with one group mapper and no client scopes (so the tokens and assertions carry the
 *       group list and little else; the same for built-in and Gatehouse):
 *       {@code oidc-builtin} (Keycloak's Group Membership mapper), {@code oidc-gatehouse}
 *       ({@code gatehouse-oidc-group-list}), claim {@code groups} in access and ID token, names not paths;
 *       {@code saml-builtin} (Keycloak's Group list mapper), {@code saml-gatehouse}
 *       ({@code gatehouse-saml-group-list}), one attribute {@code urn:oid:2.5.4.31} with a value per group,
 *       names not paths, unsigned responses (the mapping is measured, not XML signing).</li>
 *   <li>Password hashing made cheap (pbkdf2-sha256, 1 iteration) so the fixed cost of a password grant does not
 *       drown the mapper's cost; it is the same for both mappers.</li>
 * </ul>
 *
 * {@link #LAYOUT} is stored as a realm attribute: a run finding the realm with the same layout reuses it.
 */
final class BenchMappersRealm {

    static final String REALM = "bench-mappers";
    static final String PASSWORD = "bench";
    static final String SECRET = "bench-secret";
    static final String ACS = "http://127.0.0.1:38999/acs";
    static final String SAML_ATTRIBUTE = "urn:oid:2.5.4.31";
    static final int DEPTS = 100;
    static final int TEAMS_PER_DEPT = 100;
    static final int[] GROUP_COUNTS = {10, 1_000, 10_000};
    static final String LAYOUT_ATTRIBUTE = "gatehouseBenchLayout";
    static final String LAYOUT = "v1 depts=" + DEPTS + " teams=" + DEPTS * TEAMS_PER_DEPT
            + " users=g10,g1000,g10000 clients=oidc-builtin,oidc-gatehouse,saml-builtin,saml-gatehouse";

    record Client(String clientId, String protocol, String mapper, String label) {
        boolean saml() {
            return "saml".equals(protocol);
        }
    }

    static final Client OIDC_BUILTIN = new Client("oidc-builtin", "openid-connect", "oidc-group-membership-mapper",
            "built-in Group Membership");
    static final Client OIDC_GATEHOUSE = new Client("oidc-gatehouse", "openid-connect", "gatehouse-oidc-group-list",
            "Gatehouse group list");
    static final Client SAML_BUILTIN = new Client("saml-builtin", "saml", "saml-group-membership-mapper",
            "built-in Group list");
    static final Client SAML_GATEHOUSE = new Client("saml-gatehouse", "saml", "gatehouse-saml-group-list",
            "Gatehouse group list");
    static final List<Client> CLIENTS = List.of(OIDC_BUILTIN, OIDC_GATEHOUSE, SAML_BUILTIN, SAML_GATEHOUSE);

    private BenchMappersRealm() {
    }

    static String username(int groups) {
        return "g" + groups;
    }

    static String dept(int d) {
        return String.format("dept-%02d", d);
    }

    static String team(int t) {
        return String.format("team-%05d", t);
    }

    /** The teams a member of {@code count} groups belongs to, spread over all departments. */
    static List<Integer> teamsOf(int count) {
        int total = DEPTS * TEAMS_PER_DEPT;
        if (total % count != 0) {
            throw new IllegalArgumentException(count + " does not divide " + total);
        }
        int step = total / count;
        List<Integer> teams = new ArrayList<>(count);
        for (int t = 0; t < total; t += step) {
            teams.add(t);
        }
        return teams;
    }

    static Map<String, Object> realm() {
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", REALM);
        realm.put("enabled", true);
        realm.put("attributes", Map.of(LAYOUT_ATTRIBUTE, LAYOUT));
        realm.put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        realm.put("bruteForceProtected", false);

        List<Object> groups = new ArrayList<>();
        for (int d = 0; d < DEPTS; d++) {
            List<Object> subs = new ArrayList<>();
            for (int k = 0; k < TEAMS_PER_DEPT; k++) {
                subs.add(Map.of("name", team(d * TEAMS_PER_DEPT + k)));
            }
            Map<String, Object> dept = new LinkedHashMap<>();
            dept.put("name", dept(d));
            dept.put("subGroups", subs);
            groups.add(dept);
        }
        realm.put("groups", groups);

        List<Object> users = new ArrayList<>();
        for (int count : GROUP_COUNTS) {
            List<Object> paths = new ArrayList<>();
            for (int t : teamsOf(count)) {
                paths.add("/" + dept(t / TEAMS_PER_DEPT) + "/" + team(t));
            }
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", username(count));
            user.put("enabled", true);
            user.put("email", username(count) + "@bench.example");
            user.put("emailVerified", true);
            user.put("firstName", "Bench");
            user.put("lastName", "Member of " + count);
            user.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
            user.put("groups", paths);
            users.add(user);
        }
        realm.put("users", users);

        List<Object> clients = new ArrayList<>();
        for (Client c : CLIENTS) {
            clients.add(c.saml() ? samlClient(c) : oidcClient(c));
        }
        realm.put("clients", clients);
        return realm;
    }

    private static Map<String, Object> oidcClient(Client c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("claim.name", "groups");
        config.put("full.path", "false");
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "true");
        config.put("userinfo.token.claim", "false");
        config.put("introspection.token.claim", "true");
        Map<String, Object> client = base(c);
        client.put("publicClient", false);
        client.put("secret", SECRET);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("protocolMappers", List.of(mapper(c, config)));
        return client;
    }

    private static Map<String, Object> samlClient(Client c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("attribute.name", SAML_ATTRIBUTE);
        config.put("attribute.nameformat", "URI Reference");
        config.put("single", "true");
        config.put("full.path", "false");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("saml_idp_initiated_sso_url_name", c.clientId());
        attributes.put("saml_assertion_consumer_url_post", ACS);
        attributes.put("saml.assertion.signature", "false");
        attributes.put("saml.server.signature", "false");
        attributes.put("saml.client.signature", "false");
        attributes.put("saml.encrypt", "false");
        attributes.put("saml.authnstatement", "true");
        attributes.put("saml_name_id_format", "username");
        Map<String, Object> client = base(c);
        client.put("frontchannelLogout", true);
        client.put("attributes", attributes);
        client.put("protocolMappers", List.of(mapper(c, config)));
        return client;
    }

    private static Map<String, Object> base(Client c) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", c.clientId());
        client.put("enabled", true);
        client.put("protocol", c.protocol());
        client.put("redirectUris", List.of("http://127.0.0.1:38999/*"));
        client.put("fullScopeAllowed", false);
        client.put("defaultClientScopes", List.of());
        client.put("optionalClientScopes", List.of());
        return client;
    }

    private static Map<String, Object> mapper(Client c, Map<String, Object> config) {
        Map<String, Object> mapper = new LinkedHashMap<>();
        mapper.put("name", "groups");
        mapper.put("protocol", c.protocol());
        mapper.put("protocolMapper", c.mapper());
        mapper.put("config", config);
        return mapper;
    }
}
