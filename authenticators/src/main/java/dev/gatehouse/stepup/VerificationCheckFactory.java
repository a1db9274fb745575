package dev.gatehouse.stepup;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the backstop; Gatehouse adds it to every realm with policies, enabled and after all other actions. */
public final class VerificationCheckFactory implements RequiredActionFactory {

    private static final VerificationCheck INSTANCE = new VerificationCheck();

    @Override
    public String getId() {
        return VerificationCheck.ID;
    }

    @Override
    public String getDisplayText() {
        return "Gatehouse: verification check";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
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
