package dev.gatehouse.governance.inventory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import dev.gatehouse.lifecycle.ExternalUsersInOrder;

/**
 * The export, written while it is read: the realm's external users in username order, {@link #BATCH} at a time
 * (keyset paging, {@link ExternalUsersInOrder}), each batch in a transaction of its own (the request's session is
 * closed by the time a streamed body is written, and a short transaction per batch holds no locks or memory
 * across the export) with a fixed number of queries for all its users, and flushed to the client before the next
 * is read. Rows the admin may not see are left out as in Keycloak's user listing.
 */
final class InventoryExport implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(InventoryExport.class);
    static final int BATCH = 500;

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final Viewer viewer;
    private final InventoryFormat format;
    private final ExternalUsersInOrder externalUsers = new ExternalUsersInOrder();
    private final List<BatchColumns> columns = List.of(new PolicyColumns(), new GovernanceColumns(), new ActivityColumns(),
            new ProvisioningColumns());

    InventoryExport(KeycloakSessionFactory factory, String realmId, Viewer viewer, InventoryFormat format) {
        this.factory = factory;
        this.realmId = realmId;
        this.viewer = viewer;
        this.format = format;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        long started = System.nanoTime();
        RowWriter writer = RowWriter.of(format, out);
        writer.begin();
        LOG.debugf("Inventory export of realm %s started", realmId);
        String after = null;
        long rows = 0;
        do {
            String from = after;
            Batch batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> read(session, from));
            for (InventoryRow row : batch.rows()) {
                writer.row(row);
            }
            writer.flush();
            rows += batch.rows().size();
            after = batch.nextAfter();
            LOG.debugf("Inventory export of realm %s: batch of %d users written, %d in all", realmId, batch.rows().size(), rows);
        } while (after != null);
        writer.end();
        LOG.debugf("Inventory export of realm %s: %d users in %d ms", realmId, rows, (System.nanoTime() - started) / 1_000_000);
    }

    private Batch read(KeycloakSession session, String after) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return new Batch(List.of(), null);
        }
        session.getContext().setRealm(realm);
        List<UserModel> users = externalUsers.after(session, realm, after, BATCH);
        String next = users.size() < BATCH ? null : users.get(users.size() - 1).getUsername();
        List<UserModel> visible = viewer.all() ? users : users.stream().filter(viewer.evaluator(session, realm).users()::canView).toList();
        Map<String, InventoryRow> rows = new LinkedHashMap<>();
        for (UserModel user : visible) {
            InventoryRow row = new InventoryRow();
            row.put(InventoryColumn.ID, user.getId());
            row.put(InventoryColumn.USERNAME, user.getUsername());
            row.put(InventoryColumn.EMAIL, user.getEmail());
            row.put(InventoryColumn.ENABLED, String.valueOf(user.isEnabled()));
            rows.put(user.getId(), row);
        }
        if (!visible.isEmpty()) {
            columns.forEach(c -> c.fill(session, realm, visible, rows));
        }
        return new Batch(List.copyOf(rows.values()), next);
    }

    private record Batch(List<InventoryRow> rows, String nextAfter) {
    }

    /**
     * Who asked: either allowed to view every user of the realm, or checked user by user (fine-grained admin
     * permissions) with an evaluator made again in each batch's session.
     */
    record Viewer(boolean all, String adminRealmId, String adminUserId) {

        AdminPermissionEvaluator evaluator(KeycloakSession session, RealmModel realm) {
            RealmModel adminRealm = session.realms().getRealm(adminRealmId);
            UserModel admin = adminRealm == null ? null : session.users().getUserById(adminRealm, adminUserId);
            if (admin == null) {
                throw new IllegalStateException("the exporting admin no longer exists");
            }
            return AdminPermissions.evaluator(session, realm, adminRealm, admin);
        }
    }
}
