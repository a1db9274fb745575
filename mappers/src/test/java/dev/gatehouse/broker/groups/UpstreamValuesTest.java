package dev.gatehouse.broker.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.xml.datatype.DatatypeFactory;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AssertionType;
import org.keycloak.dom.saml.v2.assertion.AttributeStatementType;
import org.keycloak.dom.saml.v2.assertion.AttributeType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.representations.JsonWebToken;

class UpstreamValuesTest {

    private static BrokeredIdentityContext context() {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias("upstream");
        idp.setEnabled(true);
        return new BrokeredIdentityContext("id-1", idp);
    }

    private static AttributeStatementType statement(String name, String friendlyName, Object... values) {
        AttributeType attribute = new AttributeType(name);
        attribute.setFriendlyName(friendlyName);
        Arrays.stream(values).forEach(attribute::addAttributeValue);
        AttributeStatementType statement = new AttributeStatementType();
        statement.addAttribute(new AttributeStatementType.ASTChoiceType(attribute));
        return statement;
    }

    @Test
    void samlValuesComeFromEveryStatementByNameOrFriendlyName() throws Exception {
        AssertionType assertion = new AssertionType("a-1", DatatypeFactory.newInstance().newXMLGregorianCalendar());
        assertion.addStatement(statement("urn:oid:2.5.4.31", "groups", "dev", "ops"));
        assertion.addStatement(statement("other", "groups", "sales", null));
        assertion.addStatement(statement("unrelated", null, "x"));
        BrokeredIdentityContext context = context();
        context.getContextData().put(SAMLEndpoint.SAML_ASSERTION, assertion);

        assertTrue(UpstreamValues.isSaml(context));
        assertEquals(List.of("dev", "ops"), UpstreamValues.read(context, "urn:oid:2.5.4.31"));
        List<String> both = new java.util.ArrayList<>(UpstreamValues.read(context, "groups"));
        java.util.Collections.sort(both);
        assertEquals(List.of("", "dev", "ops", "sales"), both, "both statements (Keycloak keeps them unordered); a null value counts as empty");
        assertEquals(List.of(), UpstreamValues.read(context, "missing"));
    }

    @Test
    void oidcClaimsAreReadByDottedPathAsListsOrSingleValues() {
        JsonWebToken token = new JsonWebToken();
        token.setOtherClaims("groups", List.of("dev", "ops"));
        token.setOtherClaims("org", Map.of("groups", List.of("nested")));
        token.setOtherClaims("single", "one;two");
        token.setOtherClaims("number", 7);
        BrokeredIdentityContext context = context();
        context.getContextData().put(OIDCIdentityProvider.VALIDATED_ID_TOKEN, token);

        assertFalse(UpstreamValues.isSaml(context));
        assertEquals(List.of("dev", "ops"), UpstreamValues.read(context, "groups"));
        assertEquals(List.of("nested"), UpstreamValues.read(context, "org.groups"));
        assertEquals(List.of("one;two"), UpstreamValues.read(context, "single"));
        assertEquals(List.of("7"), UpstreamValues.read(context, "number"));
        assertEquals(List.of(), UpstreamValues.read(context, "missing"));
    }
}
