package dev.gatehouse.provisioning.target;

import dev.gatehouse.config.ParsedComponents;

/**
 * Parsed targets of this node, as policies are: the listener, the recorders and the worker reuse a parse while the
 * stored component is unchanged; see {@link ParsedComponents}.
 */
public final class ParsedTargets extends ParsedComponents<ProvisioningTarget> {

    /** The provider factory holding the node's memo. */
    public interface Holder {
        ParsedTargets parsedTargets();
    }

    public ParsedTargets() {
        super("provisioning target", TargetConfig::parse);
    }
}
