package dev.gatehouse.lifecycle;

import java.util.Optional;

import org.keycloak.models.workflow.WorkflowInvalidStateException;

/**
 * The parsed parameter of the {@code gatehouse-external-user} workflow condition: either empty (external under
 * any enabled policy) or the name of one policy whose rules alone decide. Parsed once, checked in one place.
 */
public record ExternalUserConditionSettings(Optional<String> policyName) {

    public static ExternalUserConditionSettings parse(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return new ExternalUserConditionSettings(Optional.empty());
        }
        String name = parameter.strip();
        if (name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw new WorkflowInvalidStateException("gatehouse-external-user: the policy name must be a plain name of at most 255 characters");
        }
        return new ExternalUserConditionSettings(Optional.of(name));
    }
}
