package dev.gatehouse.policy;

import java.util.Arrays;
import java.util.Optional;

/** How a user under a policy proves who they are after the first factor. */
public enum StepUpMethod {
    EMAIL_OTP("email-otp"),
    /** Sign in again at a named identity provider, which must answer for the same Keycloak user. */
    SSO("sso"),
    NONE("none");

    private final String id;

    StepUpMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<StepUpMethod> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
