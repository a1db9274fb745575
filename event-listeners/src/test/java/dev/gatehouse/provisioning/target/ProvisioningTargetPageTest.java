package dev.gatehouse.provisioning.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.provisioning.admin.ProvisioningTargetPage;

class ProvisioningTargetPageTest {

    private final ProvisioningTargetPage page = new ProvisioningTargetPage();

    @Test
    void theConsoleListShowsNameKindUrlAndStatusEachAPropertyWithALabel() {
        @SuppressWarnings("unchecked")
        List<String> columns = (List<String>) page.getTypeMetadata().get("displayFields");
        assertEquals(List.of("name", "kind", "url", "status"), columns);
        // The console looks each column's label up among the properties and fails on a missing one.
        for (String column : columns) {
            assertTrue(page.getConfigProperties().stream().anyMatch(p -> p.getName().equals(column) && p.getLabel() != null), column);
        }
    }

    @Test
    void statusAndTheReceiversIssuerAreTheOnlyReadOnlyFieldsBothSetByGatehouse() {
        List<ProviderConfigProperty> readOnly = page.getConfigProperties().stream().filter(ProviderConfigProperty::isReadOnly).toList();
        assertEquals(List.of("issuer", "status"), readOnly.stream().map(ProviderConfigProperty::getName).toList());
        readOnly.forEach(p -> assertTrue(p.getHelpText().contains("Set by Gatehouse"), p.getName()));
    }

    @Test
    void testOnSaveIsOnUnlessTurnedOff() {
        ProviderConfigProperty property = page.getConfigProperties().stream()
                .filter(p -> p.getName().equals(TargetConfig.TEST_ON_SAVE)).findFirst().orElseThrow();
        assertEquals(ProviderConfigProperty.BOOLEAN_TYPE, property.getType());
        assertEquals("true", property.getDefaultValue());
        assertTrue(TargetConfig.testOnSave(Map.of()));
        assertFalse(TargetConfig.testOnSave(Map.of(TargetConfig.TEST_ON_SAVE, List.of("false"))));
        assertThrows(ComponentValidationException.class, () -> TargetConfig.testOnSave(Map.of(TargetConfig.TEST_ON_SAVE, List.of("maybe"))));
    }
}
