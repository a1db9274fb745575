package dev.gatehouse.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.gatehouse.external.UserFacts;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.PolicyConfig;

/**
 * The workflow condition asks {@link ExternalUserPolicy#counts} in Java and its SQL twin selects the same users: a
 * test-mode policy counts only its test users in both. The SQL is read back from the JPA Criteria calls the
 * predicate makes (a recording {@link CriteriaBuilder}), so no database is needed to see what it restricts;
 * {@code LifecycleSchedulingIT} runs both against Keycloak's database.
 */
class TestModeCountsTest {

    private static final UserFacts PARTNER = new UserFacts() {
        public String email() { return "tess@partner.example"; }
        public boolean emailVerified() { return true; }
        public List<String> attributeValues(String name) { return List.of(); }
        public boolean inGroupOrSubgroup(String path) { return false; }
        public boolean inOrganization(Set<String> aliases) { return false; }
        public boolean linkedToIdentityProvider(String alias) { return "partner-idp".equals(alias); }
    };

    private static ExternalUserPolicy policy(String name, String... config) {
        Map<String, List<String>> values = new HashMap<>();
        values.put(PolicyConfig.EXTERNAL_DOMAINS, List.of("partner.example"));
        values.put(PolicyConfig.IDENTITY_PROVIDERS, List.of("partner-idp"));
        for (int i = 0; i < config.length; i += 2) {
            values.put(config[i], List.of(config[i + 1]));
        }
        return PolicyConfig.parse(name, name, values);
    }

    private static final ExternalUserPolicy PILOT = policy("Pilot", PolicyConfig.MODE, "test", PolicyConfig.TEST_USERS, "Tess");
    private static final ExternalUserPolicy PARTNERS = policy("Partners", PolicyConfig.MODE, "report-only");

    @Test
    void conditionCountsOnlyTheTestUsersOfATestModePolicyInJava() {
        assertTrue(ExternalUserCondition.countedByAny(List.of(PILOT), PARTNER, "tess"));
        assertTrue(ExternalUserCondition.countedByAny(List.of(PILOT), PARTNER, "TESS"), "usernames compared in lower case");
        assertFalse(ExternalUserCondition.countedByAny(List.of(PILOT), PARTNER, "tom"), "external by the rules, not a test user");
        assertTrue(ExternalUserCondition.countedByAny(List.of(PILOT, PARTNERS), PARTNER, "tom"), "another policy counts tom");
    }

    @Test
    void sqlTwinRestrictsATestModePolicyToItsTestUsers() {
        String sql = countedByAny(List.of(PILOT));
        // the policy's rules, and the username (lower-cased, as counts compares it) among its test users
        assertTrue(sql.startsWith("or(and(or(lower(user.get(username)).in([tess])),or("), sql);
        assertTrue(sql.contains("like(lower(user.get(email)),%@partner.example)"), sql);
        assertTrue(sql.contains("in([partner-idp])"), sql);
        assertEquals(1, occurrences(sql, "user.get(username)"), "one restriction, on the whole policy: " + sql);
        // the Java-classified unusual emails of a test-mode policy are looked up among its test users only
        assertEquals(1, occurrences(ODD_EMAIL_QUERIES.get(0), "lower(userEntity.get(username)).in([tess])"), ODD_EMAIL_QUERIES.toString());
    }

    @Test
    void sqlTwinLeavesOtherModesAndTheInventorysQuestionUnrestricted() {
        assertFalse(countedByAny(List.of(PARTNERS)).contains("username"), "report-only: every user its rules make external");
        assertFalse(externalUnderAny(List.of(PILOT)).contains("username"), "who is external (inventory): whatever the mode");
        assertEquals("disjunction()", countedByAny(List.of(policy("Off", PolicyConfig.ENABLED, "false"))), "a disabled policy counts nobody");
        String both = countedByAny(List.of(PILOT, PARTNERS));
        assertEquals(1, occurrences(both, "user.get(username)"), "only the test-mode policy is restricted: " + both);
    }

    // -- a CriteriaBuilder that records the calls made on it -------------------------------------------------

    private static final List<String> ODD_EMAIL_QUERIES = new java.util.ArrayList<>();

    private static String countedByAny(List<ExternalUserPolicy> policies) {
        return predicate().countedByAny(policies).toString();
    }

    private static String externalUnderAny(List<ExternalUserPolicy> policies) {
        return predicate().externalUnderAny(policies).toString();
    }

    @SuppressWarnings("unchecked")
    private static ExternalUserPredicate predicate() {
        ODD_EMAIL_QUERIES.clear();
        KeycloakSession session = mock(KeycloakSession.class);
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        EntityManager em = mock(EntityManager.class);
        TypedQuery<Object> none = mock(TypedQuery.class);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
        when(em.createQuery(any(CriteriaQuery.class))).thenAnswer(call -> {
            ODD_EMAIL_QUERIES.add(call.getArgument(0).toString());
            return none;
        });
        when(none.getResultStream()).thenAnswer(call -> Stream.empty());
        CriteriaBuilder cb = recorder(CriteriaBuilder.class, "");
        return new ExternalUserPredicate(session, mock(RealmModel.class), cb, recorder(CriteriaQuery.class, "query"),
                recorder(Root.class, "user"));
    }

    /**
     * A proxy whose every call answers a proxy of the return type labelled by the call, e.g. {@code lower(user.get(email))};
     * a query's builder calls ({@code select}, {@code where}, …) add to its own label and answer the query itself.
     */
    @SuppressWarnings("unchecked")
    private static <T> T recorder(Class<T> type, String label) {
        StringBuilder text = new StringBuilder(label);
        boolean query = jakarta.persistence.criteria.AbstractQuery.class.isAssignableFrom(type);
        return (T) Proxy.newProxyInstance(TestModeCountsTest.class.getClassLoader(), new Class<?>[]{type}, (self, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return text.toString();
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    break;
            }
            if (method.getName().equals("from") && args[0] instanceof Class<?> entity) {
                String name = entity.getSimpleName();
                return recorder(method.getReturnType(), Character.toLowerCase(name.charAt(0)) + name.substring(1));
            }
            String call = method.getName() + "(" + render(args) + ")";
            if (query && method.getReturnType().isAssignableFrom(type)) {
                text.append('.').append(call);
                return self;
            }
            return answer(method, text.isEmpty() ? call : text + "." + call);
        });
    }

    private static Object answer(Method method, String call) {
        Class<?> returned = method.getReturnType();
        if (returned.isInterface()) {
            return recorder(returned, call);
        }
        return returned == boolean.class ? false : returned == int.class ? 0 : null;
    }

    private static String render(Object[] args) {
        if (args == null) {
            return "";
        }
        return Stream.of(args).map(TestModeCountsTest::renderOne).collect(Collectors.joining(","));
    }

    private static String renderOne(Object arg) {
        if (arg != null && arg.getClass().isArray()) {
            return Stream.iterate(0, i -> i + 1).limit(Array.getLength(arg)).map(i -> renderOne(Array.get(arg, i)))
                    .collect(Collectors.joining(","));
        }
        if (arg instanceof Collection<?> values) {
            return values.stream().map(TestModeCountsTest::renderOne).sorted().collect(Collectors.joining(", ", "[", "]"));
        }
        if (arg instanceof Class<?> c) {
            return c.getSimpleName();
        }
        return String.valueOf(arg);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
