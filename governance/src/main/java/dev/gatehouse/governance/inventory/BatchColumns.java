package dev.gatehouse.governance.inventory;

import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Fills some columns for a whole batch of users, with a fixed number of queries per batch (never one per user
 * where the data is in a table), inside the batch's transaction.
 */
interface BatchColumns {

    void fill(KeycloakSession session, RealmModel realm, List<UserModel> users, Map<String, InventoryRow> rowsByUserId);
}
