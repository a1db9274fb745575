package dev.gatehouse.mapper.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

import dev.gatehouse.config.ConsoleDefaults;
import dev.gatehouse.mapper.GroupListSettings;

/** An OIDC group-list mapper saved through REST with only its claim name means what the console pre-fills. */
class OidcGroupListConsoleDefaultsTest {

    private static final Map<String, String> DEFAULTS = ConsoleDefaults.of(new OidcGroupListMapper().getConfigProperties());

    @Test
    void everyLeftOutGroupSettingMeansTheConsoleDefault() {
        GroupListSettings leftOut = GroupListSettings.parse(Map.of());
        assertEquals(leftOut, GroupListSettings.parse(DEFAULTS));
        DEFAULTS.forEach((key, value) -> assertEquals(leftOut, GroupListSettings.parse(Map.of(key, value)),
                () -> key + " = " + value + " differs from leaving it out"));
    }

    @Test
    void everyLeftOutTokenSwitchMeansTheConsoleDefault() {
        ProtocolMapperModel leftOut = model(Map.of());
        for (String key : new String[] {OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN,
                OIDCAttributeMapperHelper.INCLUDE_IN_LIGHTWEIGHT_ACCESS_TOKEN, OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO,
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION}) {
            assertEquals(Boolean.parseBoolean(DEFAULTS.get(key)), OidcGroupListMapper.switchedOn(leftOut, key), key);
            assertEquals(OidcGroupListMapper.switchedOn(model(Map.of(key, DEFAULTS.get(key))), key),
                    OidcGroupListMapper.switchedOn(leftOut, key), key);
        }
    }

    @Test
    void theConsoleSendsTheClaimToEveryTokenButTheLightweightOne() {
        ProtocolMapperModel leftOut = model(Map.of());
        assertTrue(OidcGroupListMapper.switchedOn(leftOut, OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN));
        assertTrue(OidcGroupListMapper.switchedOn(leftOut, OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN));
        assertTrue(OidcGroupListMapper.switchedOn(leftOut, OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO));
        assertTrue(OidcGroupListMapper.switchedOn(leftOut, OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION));
        assertFalse(OidcGroupListMapper.switchedOn(leftOut, OIDCAttributeMapperHelper.INCLUDE_IN_LIGHTWEIGHT_ACCESS_TOKEN));
        assertFalse(OidcGroupListMapper.switchedOn(model(Map.of(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "false")),
                OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN), "an explicit switch wins");
        assertFalse(GroupListSettings.parse(Map.of()).fullPath(), "group names, not paths");
    }

    private static ProtocolMapperModel model(Map<String, String> config) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setConfig(new HashMap<>(config));
        return model;
    }
}
