package dev.gatehouse.broker.groups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.broker.oidc.mappers.AbstractClaimMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AssertionType;
import org.keycloak.dom.saml.v2.assertion.AttributeStatementType;
import org.keycloak.dom.saml.v2.assertion.AttributeType;

/**
 * The values of one SAML attribute or OIDC claim of a brokered login, as strings. A SAML attribute is found by
 * name or friendly name, in every attribute statement; an OIDC claim by dotted path in the access token, the ID
 * token or the userinfo response (Keycloak's own claim lookup). A missing attribute gives an empty list; a null
 * value gives an empty string so the rules count it.
 */
final class UpstreamValues {

    private UpstreamValues() {
    }

    static boolean isSaml(BrokeredIdentityContext context) {
        return context.getContextData().get(SAMLEndpoint.SAML_ASSERTION) instanceof AssertionType;
    }

    static List<String> read(BrokeredIdentityContext context, String attribute) {
        Object assertion = context.getContextData().get(SAMLEndpoint.SAML_ASSERTION);
        if (assertion instanceof AssertionType saml) {
            return samlValues(saml, attribute);
        }
        List<String> values = new ArrayList<>();
        collect(AbstractClaimMapper.getClaimValue(context, attribute), values);
        return values;
    }

    private static List<String> samlValues(AssertionType assertion, String attribute) {
        List<String> values = new ArrayList<>();
        for (AttributeStatementType statement : assertion.getAttributeStatements()) {
            for (AttributeStatementType.ASTChoiceType choice : statement.getAttributes()) {
                AttributeType a = choice.getAttribute();
                if (a != null && (attribute.equals(a.getName()) || attribute.equals(a.getFriendlyName()))) {
                    for (Object v : a.getAttributeValue()) {
                        values.add(v == null ? "" : v.toString());
                    }
                }
            }
        }
        return values;
    }

    private static void collect(Object value, List<String> into) {
        if (value == null) {
            return;
        }
        if (value instanceof JsonNode node) {
            if (node.isArray()) {
                node.forEach(element -> into.add(element.isNull() ? "" : element.isValueNode() ? element.asText() : element.toString()));
            } else if (!node.isNull()) {
                into.add(node.isValueNode() ? node.asText() : node.toString());
            }
        } else if (value instanceof Collection<?> list) {
            for (Object element : list) {
                if (element instanceof JsonNode node) {
                    into.add(node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString());
                } else {
                    into.add(element == null ? "" : element.toString());
                }
            }
        } else {
            into.add(value.toString());
        }
    }
}
