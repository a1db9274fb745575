package dev.gatehouse.provisioning.sync;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Gatehouse's own SPI for full syncs, {@code gatehouse-provisioning-sync}: its one factory owns the node's worker,
 * which a factory that is its own provider (closed with every session) could not.
 */
public final class SyncJobsSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "gatehouse-provisioning-sync";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SyncJobs.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SyncJobsFactory.class;
    }
}
