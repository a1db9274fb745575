package dev.gatehouse.governance.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.persistence.EntityManager;

import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The provisioning targets a user is enrolled at (known to), by target name: provisioning's enrolment table
 * {@code GH_PROV_USER}, read by SQL so governance does not depend on the provisioning module's classes.
 */
final class ProvisioningColumns implements BatchColumns {

    /** Provisioning's target page (event-listeners' ProvisioningTargetPage), a realm component. */
    private static final String TARGET_PROVIDER = "gatehouse-provisioning-target";

    @Override
    public void fill(KeycloakSession session, RealmModel realm, List<UserModel> users, Map<String, InventoryRow> rows) {
        Map<String, String> names = new HashMap<>();
        realm.getComponentsStream(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider")
                .filter(c -> TARGET_PROVIDER.equals(c.getProviderId()))
                .forEach(c -> names.put(c.getId(), nameOf(c)));
        if (names.isEmpty()) {
            return;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Map<String, TreeSet<String>> targets = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> enrolments = em.createNativeQuery("SELECT USER_ID, TARGET_ID FROM GH_PROV_USER WHERE REALM_ID = :realm AND USER_ID IN (:ids)")
                .setParameter("realm", realm.getId()).setParameter("ids", users.stream().map(UserModel::getId).toList())
                .getResultList();
        for (Object[] e : enrolments) {
            String name = names.get((String) e[1]);
            if (name != null) {
                targets.computeIfAbsent((String) e[0], u -> new TreeSet<>()).add(name);
            }
        }
        targets.forEach((userId, set) -> {
            InventoryRow row = rows.get(userId);
            if (row != null) {
                row.put(InventoryColumn.PROVISIONING_TARGETS, String.join(";", set));
            }
        });
    }

    private static String nameOf(ComponentModel target) {
        String name = target.get("name");
        return name == null || name.isBlank() ? target.getName() : name;
    }
}
