package dev.gatehouse.governance.inventory;

/** The export's columns, in order; the header names are also the JSON field names. */
public enum InventoryColumn {
    ID("id"),
    USERNAME("username"),
    EMAIL("email"),
    ENABLED("enabled"),
    POLICY("policy"),
    POLICY_OUTCOME("policyOutcome"),
    RULE("rule"),
    SPONSORS("sponsors"),
    INVITATION_STATE("invitationState"),
    END_DATE("endDate"),
    LAST_SIGN_IN("lastSignIn"),
    LAST_VERIFICATION("lastVerification"),
    ATTESTATION_STATE("attestationState"),
    PROVISIONING_TARGETS("provisioningTargets");

    private final String header;

    InventoryColumn(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
