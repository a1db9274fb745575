package dev.gatehouse.stepup.sso;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.util.AuthenticationFlowURLHelper;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.policy.RealmPolicies;
import dev.gatehouse.policy.SsoAnswerGuard;
import dev.gatehouse.policy.StepUpMethod;
import dev.gatehouse.stepup.common.StepUpEvents;

/**
 * Judges an identity provider's answer to a Gatehouse SSO step-up before Keycloak would sign anybody in with it.
 *
 * <p>Keycloak hands a provider's answer to the provider's mappers first; this one acts only while the
 * authentication session has a pending step-up attempt. It records whether the answer proves the same person
 * (linking by email when the policy allows it), then sends the browser back to the step instead of letting
 * Keycloak continue: an answer for another user never signs that user in, never reaches first-broker-login, and
 * never creates a link. Ordinary sign-ins through the provider pass untouched.
 */
public final class SsoAnswerGuardMapper extends AbstractIdentityProviderMapper {

    private static final Logger LOG = Logger.getLogger(SsoAnswerGuardMapper.class);

    @Override
    public String getId() {
        return SsoAnswerGuard.MAPPER_TYPE;
    }

    @Override
    public String[] getCompatibleProviders() {
        return new String[] {ANY_PROVIDER};
    }

    @Override
    public String getDisplayCategory() {
        return "Gatehouse";
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse step-up guard";
    }

    @Override
    public String getHelpText() {
        return "Needed on every identity provider a Gatehouse policy uses for SSO verification (Gatehouse adds it): "
                + "checks that the provider's answer belongs to the user who is verifying. Ordinary sign-ins pass untouched.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
                                            BrokeredIdentityContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SsoNotes notes = authSession == null ? null : new SsoNotes(authSession);
        Optional<SsoNotes.Attempt> attempt = notes == null ? Optional.empty() : notes.attempt();
        if (attempt.isEmpty()) {
            return;
        }
        if (!notes.answered()) {
            SsoOutcome outcome = judge(session, realm, context, authSession, attempt.get());
            notes.answer(attempt.get(), outcome);
            LOG.debugf("Gatehouse SSO step-up through %s for user %s: %s", context.getIdpConfig().getAlias(),
                    attempt.get().userId(), outcome);
        }
        // Back to the step, whatever the verdict: Keycloak must not go on to sign in whoever answered.
        throw new WebApplicationException(Response.status(Response.Status.FOUND)
                .location(new AuthenticationFlowURLHelper(session, realm, session.getContext().getUri()).getLastExecutionUrl(authSession))
                .build());
    }

    /**
     * The step-up runs inside first broker login for this very provider account ("Add to existing account"):
     * Keycloak makes the link itself once the flow succeeds, and a second one now would make it fail.
     */
    private static boolean linkedByKeycloakNext(AuthenticationSessionModel authSession, String alias, String upstreamId) {
        SerializedBrokeredIdentityContext linking = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                authSession, AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE);
        return linking != null && alias.equals(linking.getIdentityProviderId()) && upstreamId.equals(linking.getId());
    }

    private static SsoOutcome judge(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context,
                                    AuthenticationSessionModel authSession, SsoNotes.Attempt attempt) {
        String alias = context.getIdpConfig().getAlias();
        UserModel expected = authSession.getAuthenticatedUser();
        Optional<ExternalUserPolicy> policy = RealmPolicies.of(realm).byId(attempt.policyId())
                .filter(p -> p.method() == StepUpMethod.SSO && p.sso().identityProvider().equals(alias));
        if (!alias.equals(attempt.providerAlias()) || policy.isEmpty() || expected == null
                || !expected.getId().equals(attempt.userId())) {
            return SsoOutcome.WRONG_PROVIDER;
        }
        FederatedIdentityModel answered = new FederatedIdentityModel(alias, context.getId(), context.getUsername(), context.getToken());
        UserModel linked = session.users().getUserByFederatedIdentity(realm, answered);
        if (linked == null && context.getLegacyId() != null) {
            linked = session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(answered, context.getLegacyId()));
        }
        FederatedIdentityModel existing = session.users().getFederatedIdentity(realm, expected, alias);
        SsoAnswerJudge judge = new SsoAnswerJudge(expected.getId(), expected.isEmailVerified() ? expected.getEmail() : null,
                existing == null ? null : existing.getUserId(), linked == null ? null : linked.getId(), Time.currentTime());
        SsoOutcome outcome = judge.judge(ProviderAnswer.of(context), policy.get().sso());
        if (outcome == SsoOutcome.LINKED && !linkedByKeycloakNext(authSession, alias, context.getId())) {
            session.users().addFederatedIdentity(realm, expected, answered);
            new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(EventType.FEDERATED_IDENTITY_LINK)
                    .client(authSession.getClient())
                    .user(expected)
                    .detail(Details.IDENTITY_PROVIDER, alias)
                    .detail(Details.IDENTITY_PROVIDER_USERNAME, context.getUsername())
                    .detail(StepUpEvents.METHOD, StepUpMethod.SSO.id())
                    .detail(StepUpEvents.POLICY, policy.get().name())
                    .success();
        }
        return outcome;
    }
}
