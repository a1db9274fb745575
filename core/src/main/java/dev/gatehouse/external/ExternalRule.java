package dev.gatehouse.external;

/** The rule that made a user external, as named in events and the what-if answer. */
public enum ExternalRule {
    UNMANAGED_DOMAIN("unmanaged-domain"),
    LISTED_DOMAIN("listed-domain"),
    GROUP("group"),
    ORGANIZATION("organization"),
    ATTRIBUTE("attribute"),
    IDENTITY_PROVIDER("identity-provider");

    private final String id;

    ExternalRule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
