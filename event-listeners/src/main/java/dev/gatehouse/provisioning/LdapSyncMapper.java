package dev.gatehouse.provisioning;

import org.keycloak.component.ComponentModel;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ldap.LDAPStorageProvider;
import org.keycloak.storage.ldap.idm.model.LDAPObject;
import org.keycloak.storage.ldap.idm.query.internal.LDAPQuery;
import org.keycloak.storage.ldap.mappers.AbstractLDAPStorageMapper;

import dev.gatehouse.provisioning.target.RealmTargets;

/**
 * Keycloak's LDAP sync writes what changed in the directory into its imported users without any event; each LDAP
 * mapper is called for each synced user, in that user's own transaction. This one maps nothing: it records the
 * user as changed when the transaction commits, after the other mappers wrote the directory's values.
 */
final class LdapSyncMapper extends AbstractLDAPStorageMapper {

    LdapSyncMapper(ComponentModel mapperModel, LDAPStorageProvider ldapProvider) {
        super(mapperModel, ldapProvider);
    }

    @Override
    public void onImportUserFromLDAP(LDAPObject ldapUser, UserModel user, RealmModel realm, boolean isCreate) {
        // A user imported for the first time is new to every target: they enrol at their first sign-in (or a full sync).
        if (isCreate) {
            return;
        }
        KeycloakSession session = ldapProvider.getSession();
        if (RealmTargets.enabled(realm).isEmpty()) {
            return;
        }
        if (session.getProvider(EventListenerProvider.class, ProvisioningListenerFactory.ID) instanceof ProvisioningListener listener) {
            listener.recorder().changedAtCommit(realm, user.getId());
        }
    }

    @Override
    public void onRegisterUserToLDAP(LDAPObject ldapUser, UserModel localUser, RealmModel realm) {
    }

    @Override
    public UserModel proxy(LDAPObject ldapUser, UserModel delegate, RealmModel realm) {
        return delegate;
    }

    @Override
    public void beforeLDAPQuery(LDAPQuery query) {
    }
}
