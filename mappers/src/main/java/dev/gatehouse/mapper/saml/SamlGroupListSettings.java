package dev.gatehouse.mapper.saml;

import java.util.Map;

import org.keycloak.protocol.saml.mappers.AttributeStatementHelper;
import org.keycloak.saml.common.constants.JBossSAMLURIConstants;

import dev.gatehouse.mapper.GroupListSettings;

/** The SAML group-list mapper's settings, parsed once; {@link #parse} is the one place they are checked. */
record SamlGroupListSettings(String attributeName, String nameFormat, String friendlyName, boolean singleAttribute,
                             String overageAttribute, GroupListSettings groups) {

    static final String DEFAULT_ATTRIBUTE = "urn:oid:2.5.4.31";
    static final String SINGLE = "single";
    static final String OVERAGE_ATTRIBUTE = "gatehouse.overage.attribute";
    static final String DEFAULT_OVERAGE_ATTRIBUTE = "groups-overage";

    static SamlGroupListSettings parse(Map<String, String> config) {
        String name = config.containsKey(AttributeStatementHelper.SAML_ATTRIBUTE_NAME)
                ? config.get(AttributeStatementHelper.SAML_ATTRIBUTE_NAME) : DEFAULT_ATTRIBUTE;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The SAML attribute name must not be empty.");
        }
        String format = config.getOrDefault(AttributeStatementHelper.SAML_ATTRIBUTE_NAMEFORMAT, AttributeStatementHelper.URI_REFERENCE);
        String formatUri = switch (format == null ? "" : format) {
            case AttributeStatementHelper.BASIC -> JBossSAMLURIConstants.ATTRIBUTE_FORMAT_BASIC.get();
            case AttributeStatementHelper.URI_REFERENCE, "" -> JBossSAMLURIConstants.ATTRIBUTE_FORMAT_URI.get();
            case AttributeStatementHelper.UNSPECIFIED -> JBossSAMLURIConstants.ATTRIBUTE_FORMAT_UNSPECIFIED.get();
            default -> throw new IllegalArgumentException("NameFormat must be Basic, URI Reference or Unspecified, not " + format + ".");
        };
        String friendly = config.get(AttributeStatementHelper.FRIENDLY_NAME);
        String overage = config.get(OVERAGE_ATTRIBUTE);
        return new SamlGroupListSettings(name.strip(), formatUri,
                friendly == null || friendly.isBlank() ? null : friendly.strip(),
                !"false".equals(config.get(SINGLE)),
                overage == null || overage.isBlank() ? DEFAULT_OVERAGE_ATTRIBUTE : overage.strip(),
                GroupListSettings.parse(config));
    }
}
