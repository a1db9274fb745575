<#ftl output_format="plainText">
${msg("gatehouseMailGreeting", sponsorName)}

${msg("gatehouseAttestationIntro", realmName, deadline)}

<#list entries as e>
- ${e.name} (${e.email})
  ${msg("gatehouseAttestationConfirmLink", e.name)}: ${e.confirm}
  ${msg("gatehouseAttestationRevokeLink", e.name)}: ${e.revoke}

</#list>
${msg("gatehouseAttestationUnanswered", deadline)}
${msg("gatehouseMailLinksNote")}
