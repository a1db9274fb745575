package dev.gatehouse.policy;

import dev.gatehouse.config.ParsedComponents;

/** Parsed policies of this node, held by the policy page's factory; see {@link ParsedComponents}. */
final class ParsedPolicies extends ParsedComponents<ExternalUserPolicy> {

    ParsedPolicies() {
        super("policy", PolicyConfig::parse);
    }
}
