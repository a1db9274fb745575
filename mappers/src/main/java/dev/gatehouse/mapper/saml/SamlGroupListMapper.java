package dev.gatehouse.mapper.saml;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.dom.saml.v2.assertion.AttributeStatementType;
import org.keycloak.dom.saml.v2.assertion.AttributeType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.saml.mappers.AbstractSAMLProtocolMapper;
import org.keycloak.protocol.saml.mappers.AttributeStatementHelper;
import org.keycloak.protocol.saml.mappers.SAMLAttributeStatementMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.mapper.GroupList;
import dev.gatehouse.mapper.GroupListProperties;
import dev.gatehouse.mapper.GroupListSelector;

/**
 * The user's groups as SAML attribute values, shaped as relying applications expect: by default one
 * {@code urn:oid:2.5.4.31} attribute holding each group name, filtered, sorted and optionally limited.
 */
public final class SamlGroupListMapper extends AbstractSAMLProtocolMapper implements SAMLAttributeStatementMapper {

    public static final String ID = "gatehouse-saml-group-list";

    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    private static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> list = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(AttributeStatementHelper.SAML_ATTRIBUTE_NAME).label("Attribute name")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(SamlGroupListSettings.DEFAULT_ATTRIBUTE)
                .helpText("The SAML attribute the groups go into; urn:oid:2.5.4.31 (groupOfNames member) is what many applications look for.").add()
                .property().name(AttributeStatementHelper.SAML_ATTRIBUTE_NAMEFORMAT).label("NameFormat")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(AttributeStatementHelper.URI_REFERENCE, AttributeStatementHelper.BASIC, AttributeStatementHelper.UNSPECIFIED)
                .defaultValue(AttributeStatementHelper.URI_REFERENCE).add()
                .property().name(AttributeStatementHelper.FRIENDLY_NAME).label("Friendly name")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(SamlGroupListSettings.SINGLE).label("One attribute with many values")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("On: one attribute holding every group. Off: one attribute per group, the same name repeated, which "
                        + "SAML allows but many applications do not: python3-saml refuses such a response and node-saml "
                        + "keeps only the last group. Keep it on unless the application asks for repeated attributes.").add()
                .property().name(SamlGroupListSettings.OVERAGE_ATTRIBUTE).label("Overage attribute")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(SamlGroupListSettings.DEFAULT_OVERAGE_ATTRIBUTE)
                .helpText("Sent with the total number of groups when the group limit left some out.").add()
                .build());
        list.addAll(GroupListProperties.shared());
        return List.copyOf(list);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayCategory() {
        return AttributeStatementHelper.ATTRIBUTE_STATEMENT_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: group list";
    }

    @Override
    public String getHelpText() {
        return "The user's groups in one SAML attribute (default urn:oid:2.5.4.31) or one per group, with full path "
                + "on or off, ignored groups, filters, client-relevant groups only, prefix stripping, stable order and a limit.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
                               ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        try {
            SamlGroupListSettings.parse(mapperModel.getConfig());
        } catch (IllegalArgumentException invalid) {
            throw GroupListProperties.configError(invalid.getMessage());
        }
    }

    @Override
    public void transformAttributeStatement(AttributeStatementType statement, ProtocolMapperModel mappingModel,
                                            KeycloakSession session, UserSessionModel userSession,
                                            AuthenticatedClientSessionModel clientSession) {
        SamlGroupListSettings settings = SamlGroupListSettings.parse(mappingModel.getConfig());
        GroupList groups = GroupListSelector.limited(settings.groups(), userSession.getUser(), clientSession.getClient());
        if (groups.values().isEmpty()) {
            return;
        }
        if (settings.singleAttribute()) {
            AttributeType attribute = attribute(settings, settings.attributeName());
            groups.values().forEach(attribute::addAttributeValue);
            statement.addAttribute(new AttributeStatementType.ASTChoiceType(attribute));
        } else {
            for (String group : groups.values()) {
                AttributeType attribute = attribute(settings, settings.attributeName());
                attribute.addAttributeValue(group);
                statement.addAttribute(new AttributeStatementType.ASTChoiceType(attribute));
            }
        }
        if (groups.overage()) {
            AttributeType marker = attribute(settings, settings.overageAttribute());
            marker.setFriendlyName(null);
            marker.addAttributeValue(Integer.toString(groups.total()));
            statement.addAttribute(new AttributeStatementType.ASTChoiceType(marker));
        }
    }

    private static AttributeType attribute(SamlGroupListSettings settings, String name) {
        AttributeType attribute = new AttributeType(name);
        attribute.setNameFormat(settings.nameFormat());
        if (settings.friendlyName() != null) {
            attribute.setFriendlyName(settings.friendlyName());
        }
        return attribute;
    }
}
