package dev.gatehouse.governance.schedule;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.DurationConverter;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Owns governance's scheduled task, as Keycloak's own Workflows listener owns its step runner: one run every
 * {@code task-interval} in the whole cluster (Keycloak's {@link ClusterAwareScheduledTaskRunner}: the node that
 * claims the interval runs it), each realm in its own transaction. It listens to no events.
 *
 * <p>Options ({@code --spi-events-listener--gatehouse-governance--task-interval=1h}): {@code task-interval}
 * (Keycloak durations, default 1h, at least 1s) and {@code link-base-url} (the server's address for links in
 * mails when neither the realm's Frontend URL nor the {@code hostname} option gives it).
 */
public final class GovernanceTaskFactory implements EventListenerProviderFactory {

    public static final String ID = "gatehouse-governance";
    static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(GovernanceTaskFactory.class);

    private Duration interval = DEFAULT_INTERVAL;
    private Optional<String> linkBaseUrl = Optional.empty();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return NO_EVENTS;
    }

    @Override
    public void init(Config.Scope config) {
        interval = parseInterval(config.get("taskInterval"));
        linkBaseUrl = Optional.ofNullable(config.get("linkBaseUrl")).map(String::strip).filter(s -> !s.isEmpty());
    }

    static Duration parseInterval(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        Duration d;
        try {
            d = DurationConverter.parseDuration(value.strip());
        } catch (RuntimeException e) {
            d = null;
        }
        if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("Gatehouse governance: task-interval must be a duration of at least 1s (e.g. 1h, 15m), not " + value);
        }
        return d;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            ClusterAwareScheduledTaskRunner runner = new ClusterAwareScheduledTaskRunner(factory, this::runAllRealms, interval.toMillis());
            timer.schedule(runner, interval.toMillis(), "gatehouse-governance");
        });
        LOG.infof("Gatehouse governance task scheduled every %s", interval);
    }

    /** Each realm in its own transaction, so one realm's failure neither undoes nor stops another's. */
    private void runAllRealms(KeycloakSession outer) {
        KeycloakSessionFactory factory = outer.getKeycloakSessionFactory();
        List<String> realmIds = outer.realms().getRealmsStream().map(RealmModel::getId).toList();
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm != null) {
                        session.getContext().setRealm(realm);
                        new GovernanceRun(session, realm, linkBaseUrl).run();
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf(e, "Gatehouse governance: the run of realm %s failed; it is tried again next interval", realmId);
            }
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("taskInterval").type(ProviderConfigProperty.STRING_TYPE).defaultValue("1h")
                .helpText("How often governance runs (reminders, end dates, attestation rounds, disables, deletions); at least 1s.").add()
                .property().name("linkBaseUrl").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The server's address for links in sponsor mails, when the realm's Frontend URL and the hostname option are unset.").add()
                .build();
    }

    @Override
    public void close() {
    }

    private static final EventListenerProvider NO_EVENTS = new EventListenerProvider() {
        @Override
        public void onEvent(Event event) {
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
        }

        @Override
        public void close() {
        }
    };
}
