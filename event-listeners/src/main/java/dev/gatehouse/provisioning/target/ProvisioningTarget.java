package dev.gatehouse.provisioning.target;

import java.net.URI;
import java.util.List;
import java.util.Set;


/**
 * One application Gatehouse provisions, parsed once from its realm component by {@link TargetConfig}. The secret
 * is kept as its vault reference ({@code ${vault.key}}); only the delivery worker resolves it, just before a call.
 * {@code attributeMap}: which custom user attributes a SCIM target receives where (none for webhooks, which get all).
 * {@code receiver}: what a Shared Signals receiver (kind {@code ssf}) is sent; null for the other kinds.
 */
public record ProvisioningTarget(String id, String name, boolean enabled, Kind kind, URI url, Auth auth, String username,
                                 String secretRef, Audience audience, String audienceValue, Deprovision deprovision,
                                 boolean resyncOnLogin, boolean pushGroups, Set<String> ignoredGroups, int maxAttempts,
                                 boolean securityEvents, OAuthClient oauth, QuarantineSettings quarantine,
                                 ScimAttributeMap attributeMap, ReceiverSettings receiver) {

    public ProvisioningTarget {
        ignoredGroups = Set.copyOf(ignoredGroups);
    }

    /** How the target is spoken to. */
    public enum Kind { SCIM, WEBHOOK, SSF }

    /** How a SCIM target authenticates Gatehouse; webhooks always sign with their {@code whsec_} secrets. */
    public enum Auth { NONE, BEARER, BASIC, OAUTH2 }

    /**
     * OAuth 2.0 client credentials (RFC 6749 §4.4) for {@link Auth#OAUTH2}: where Gatehouse gets its access token,
     * as which client; the client secret is the target's {@code secretRef}.
     */
    public record OAuthClient(URI tokenUrl, String clientId, String scope) {
    }

    /** Which users the target receives: kept apart from who may sign in. */
    public enum Audience { ALL, EXTERNAL, GROUP, POLICY }

    /** What a disabled or deleted user becomes at the target. */
    public enum Deprovision { DEACTIVATE, DELETE }

    public boolean isScim() {
        return kind == Kind.SCIM;
    }

    /** A Shared Signals receiver: it hears of Gatehouse's decisions as Security Event Tokens, not of user changes. */
    public boolean isReceiver() {
        return kind == Kind.SSF;
    }

    /** A group is not pushed when its name or path is listed as ignored. */
    public boolean pushes(String groupName, String groupPath) {
        return pushGroups && !ignoredGroups.contains(groupName) && !ignoredGroups.contains(groupPath);
    }

    public List<String> describe() {
        return List.of(kind.name().toLowerCase(), url.toString());
    }
}
