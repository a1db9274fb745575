package dev.gatehouse.governance.attestation;

import java.util.List;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.storage.GatehouseTables;

/** The attestation table and its changelog; a removed user's or realm's rows go with them. */
public final class AttestationTables extends GatehouseTables {

    public static final String ID = "gatehouse-governance-attestation";

    public AttestationTables() {
        super(ID, "META-INF/gatehouse-governance-attestation-changelog.xml", List.of(AttestationEntity.class));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserPreRemovedEvent removed) {
                var em = removed.getKeycloakSession().getProvider(JpaConnectionProvider.class).getEntityManager();
                AttestationEntity row = em.find(AttestationEntity.class, removed.getUser().getId());
                if (row != null) {
                    em.remove(row);
                }
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(JpaConnectionProvider.class).getEntityManager()
                        .createNamedQuery("gatehouseDeleteAttestationsOfRealm").setParameter("realmId", removed.getRealm().getId())
                        .executeUpdate();
            }
        });
    }
}
