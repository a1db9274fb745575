package dev.gatehouse.provisioning;

import java.util.List;

import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.storage.ldap.LDAPStorageProvider;
import org.keycloak.storage.ldap.mappers.AbstractLDAPStorageMapper;
import org.keycloak.storage.ldap.mappers.AbstractLDAPStorageMapperFactory;

/**
 * The LDAP mapper "Gatehouse provisioning" (no settings): added to an LDAP user federation provider, it makes the
 * changes Keycloak's LDAP sync imports reach the provisioning targets (see {@link LdapSyncMapper}).
 */
public final class LdapSyncMapperFactory extends AbstractLDAPStorageMapperFactory {

    public static final String ID = "gatehouse-provisioning";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Sends the users an LDAP sync changed in Keycloak to Gatehouse's provisioning targets they are enrolled at.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    protected AbstractLDAPStorageMapper createMapper(ComponentModel mapperModel, LDAPStorageProvider federationProvider) {
        return new LdapSyncMapper(mapperModel, federationProvider);
    }
}
