package dev.gatehouse.mapper.oidc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

import dev.gatehouse.config.ConsoleDefaults;
import dev.gatehouse.mapper.GroupList;
import dev.gatehouse.mapper.GroupListProperties;
import dev.gatehouse.mapper.GroupListsOfRequest;
import dev.gatehouse.mapper.GroupListSettings;

/**
 * The user's groups as a token claim (nested names like {@code org.groups} allowed), with the same choices as the
 * SAML mapper. Above the group limit, ID and access tokens and introspection carry the first groups in
 * alphabetical order plus an overage claim holding the total, so the token stays small enough for HTTP headers;
 * the userinfo endpoint always answers with the full list.
 */
public final class OidcGroupListMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String ID = "gatehouse-oidc-group-list";
    static final String OVERAGE_CLAIM = "gatehouse.overage.claim";

    private static final List<ProviderConfigProperty> PROPERTIES = properties();
    /** A token switch left out of a REST save means what the console pre-fills: ID, access, userinfo, introspection on. */
    private static final Map<String, String> DEFAULTS = ConsoleDefaults.of(PROPERTIES);

    private static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> list = new ArrayList<>();
        OIDCAttributeMapperHelper.addTokenClaimNameConfig(list);
        list.addAll(ProviderConfigurationBuilder.create()
                .property().name(OVERAGE_CLAIM).label("Overage claim").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Claim set to the total number of groups when the group limit left some out; default: the claim name followed by _overage.").add()
                .build());
        list.addAll(GroupListProperties.shared());
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(list, OidcGroupListMapper.class);
        return List.copyOf(list);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: group list";
    }

    @Override
    public String getHelpText() {
        return "The user's groups in a claim, with full path on or off, ignored groups, filters, client-relevant groups "
                + "only, prefix stripping, stable order and a limit with an overage marker (userinfo keeps the full list).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
                               ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        String claim = mapperModel.getConfig().get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME);
        if (claim == null || claim.isBlank()) {
            throw GroupListProperties.configError("The token claim name must not be empty.");
        }
        try {
            GroupListSettings.parse(mapperModel.getConfig());
        } catch (IllegalArgumentException invalid) {
            throw GroupListProperties.configError(invalid.getMessage());
        }
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        GroupListSettings settings = GroupListSettings.parse(mappingModel.getConfig());
        GroupList groups = GroupListsOfRequest.limited(session, mappingModel, settings, userSession.getUser(),
                clientSessionCtx.getClientSession().getClient());
        OIDCAttributeMapperHelper.mapClaim(token, multivalued(mappingModel), groups.values());
        if (groups.overage()) {
            OIDCAttributeMapperHelper.mapClaim(token, overageClaim(mappingModel), groups.total());
        }
    }

    // Keycloak's own checks read a missing switch as off although its console shows it on; Gatehouse reads the
    // console's default, so a mapper saved through REST without the switches lands where the console says.

    @Override
    public IDToken transformIDToken(IDToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                    UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (switchedOn(mappingModel, OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN)) {
            setClaim(token, mappingModel, userSession, session, clientSessionCtx);
        }
        return token;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        String key = getShouldUseLightweightToken(session)
                ? OIDCAttributeMapperHelper.INCLUDE_IN_LIGHTWEIGHT_ACCESS_TOKEN : OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN;
        if (switchedOn(mappingModel, key)) {
            setClaim(token, mappingModel, userSession, session, clientSessionCtx);
        }
        return token;
    }

    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (switchedOn(mappingModel, OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION)) {
            setClaim(token, mappingModel, userSession, session, clientSessionCtx);
        }
        return token;
    }

    static boolean switchedOn(ProtocolMapperModel mappingModel, String key) {
        return ConsoleDefaults.bool(mappingModel.getConfig(), key, DEFAULTS);
    }

    /** Userinfo is where a client fetches what the token had to leave out: never limited. */
    @Override
    public AccessToken transformUserInfoToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                              UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (switchedOn(mappingModel, OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO)) {
            GroupListSettings settings = GroupListSettings.parse(mappingModel.getConfig());
            List<String> all = GroupListsOfRequest.all(session, mappingModel, settings, userSession.getUser(),
                    clientSessionCtx.getClientSession().getClient());
            OIDCAttributeMapperHelper.mapClaim(token, multivalued(mappingModel), all);
        }
        return token;
    }

    /** A copy marked multi-valued: the shared mapper model is left as the admin saved it. */
    private static ProtocolMapperModel multivalued(ProtocolMapperModel model) {
        return copy(model, Map.of(ProtocolMapperUtils.MULTIVALUED, "true"));
    }

    private static ProtocolMapperModel overageClaim(ProtocolMapperModel model) {
        String configured = model.getConfig().get(OVERAGE_CLAIM);
        String name = configured == null || configured.isBlank()
                ? model.getConfig().get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME) + "_overage" : configured.strip();
        return copy(model, Map.of(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, name,
                OIDCAttributeMapperHelper.JSON_TYPE, "int", ProtocolMapperUtils.MULTIVALUED, "false"));
    }

    private static ProtocolMapperModel copy(ProtocolMapperModel model, Map<String, String> overrides) {
        ProtocolMapperModel copy = new ProtocolMapperModel();
        copy.setName(model.getName());
        copy.setProtocol(model.getProtocol());
        copy.setProtocolMapper(model.getProtocolMapper());
        Map<String, String> config = new HashMap<>(model.getConfig());
        config.putAll(overrides);
        copy.setConfig(config);
        return copy;
    }
}
