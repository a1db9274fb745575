package dev.gatehouse.governance.inventory;

import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sponsors, invitation state, end date and attestation state: the governance packages' own records.
 * Columns stay empty until those packages are in the build.
 */
final class GovernanceColumns implements BatchColumns {

    @Override
    public void fill(KeycloakSession session, RealmModel realm, List<UserModel> users, Map<String, InventoryRow> rows) {
        // filled from Sponsors, invitations, AccessTerms and attestation once they are merged
    }
}
