package dev.gatehouse.provisioning.scim;

import org.apache.http.client.methods.HttpGet;

import dev.gatehouse.provisioning.client.Reachability;
import dev.gatehouse.provisioning.client.TargetHttp;
import dev.gatehouse.provisioning.target.ProvisioningTarget;

/**
 * What a SCIM service provider supports ({@code GET /ServiceProviderConfig}, RFC 7643 §5): read once per target and
 * settings on this node ({@link KnownCapabilities}), and the connection test, which reads it afresh.
 */
final class ScimDiscovery {

    private final ProvisioningTarget target;
    private final ScimCalls calls;
    private final KnownCapabilities known;
    private volatile ScimCapabilities capabilities;

    ScimDiscovery(ProvisioningTarget target, ScimCalls calls, KnownCapabilities known) {
        this.target = target;
        this.calls = calls;
        this.known = known;
    }

    /** How to talk to this provider; a provider that does not say is assumed to offer RFC 7644's mandatory parts. */
    ScimCapabilities capabilities() throws ScimStop {
        ScimCapabilities found = capabilities;
        if (found == null) {
            found = known.get(target);
        }
        if (found == null) {
            TargetHttp.Response r = calls.call(new HttpGet(calls.url("/ServiceProviderConfig")), null);
            found = r.ok() ? read(r) : ScimCapabilities.UNKNOWN;
        }
        capabilities = found;
        return found;
    }

    /** The connection test: what the provider supports, or why it cannot be reached. */
    Reachability reachability() {
        try {
            TargetHttp.Response r = calls.call(new HttpGet(calls.url("/ServiceProviderConfig")), null);
            if (!r.ok()) {
                return new Reachability.Unreachable(r.failure("GET /ServiceProviderConfig").describe());
            }
            ScimCapabilities found = read(r);
            return new Reachability.Reachable(new Reachability.Features(found.patch(), found.filter(), found.bulk()));
        } catch (ScimStop stop) {
            return new Reachability.Unreachable(stop.outcome().describe());
        }
    }

    private ScimCapabilities read(TargetHttp.Response r) throws ScimStop {
        ScimCapabilities found = ScimCapabilities.from(ScimCalls.json(r.body()));
        known.keep(target, found);
        return found;
    }
}
