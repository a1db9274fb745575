package dev.gatehouse.stepup;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.policy.Enforcement;

/** Registers the step-up in the flow editor; it has no settings of its own: the realm's policies hold them. */
public final class ExternalUserStepUpAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = Enforcement.STEP_UP_ID;
    private static final ExternalUserStepUpAuthenticator INSTANCE = new ExternalUserStepUpAuthenticator();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: external-user step-up";
    }

    @Override
    public String getReferenceCategory() {
        return "gatehouse-step-up";
    }

    @Override
    public String getHelpText() {
        return "After the first factor, applies the Gatehouse external-user policy that targets the user "
                + "(for example an email one-time passcode). Users no policy targets pass untouched.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
