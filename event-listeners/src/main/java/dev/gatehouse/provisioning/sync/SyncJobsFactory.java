package dev.gatehouse.provisioning.sync;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * The full-sync and preview service and the owner of this node's {@link SyncWorker} and {@link PreviewWorker} (a
 * thread each, so a preview never waits for a long sync), started with Keycloak and stopped with it.
 */
public final class SyncJobsFactory implements ProviderFactory<SyncJobs> {

    private SyncSettings settings = SyncSettings.DEFAULTS;
    private SyncWorker worker;
    private PreviewWorker previews;

    @Override
    public SyncJobs create(KeycloakSession session) {
        return new SyncJobs(session, () -> {
            if (worker != null) {
                worker.wake();
            }
        }, () -> {
            if (previews != null) {
                previews.wake();
            }
        });
    }

    @Override
    public void init(Config.Scope config) {
        settings = SyncSettings.from(config);
    }

    /** Polls once Keycloak has created its tables (a first start migrates after the factories' postInit). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        worker = new SyncWorker(factory, settings);
        previews = new PreviewWorker(factory, settings, worker.node());
        factory.register(event -> {
            if (event instanceof org.keycloak.models.utils.PostMigrationEvent) {
                worker.start();
                previews.start();
            }
        });
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.stop();
        }
        if (previews != null) {
            previews.stop();
        }
    }

    @Override
    public String getId() {
        return "default";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("batch-size").type("int").defaultValue(SyncSettings.DEFAULTS.batchSize())
                .helpText("Users per full-sync batch (one transaction each)").add()
                .property().name("lease-seconds").type("int").defaultValue(SyncSettings.DEFAULTS.leaseMillis() / 1000)
                .helpText("How long a node holds a job without renewing it before another node takes it over").add()
                .property().name("poll-millis").type("int").defaultValue(SyncSettings.DEFAULTS.pollMillis())
                .helpText("How often an idle node looks for a job nobody holds").add()
                .property().name("max-failures").type("int").defaultValue(SyncSettings.DEFAULTS.maxFailures())
                .helpText("Failed batches in a row after which a job fails").add()
                .build();
    }
}
