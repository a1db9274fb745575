<#ftl output_format="plainText">
${msg("gatehouseMailGreeting", sponsorName)}

${msg("gatehouseReminderIntro", realmName)}

<#list entries as e>
- ${e.name} (${e.email})<#if e.group?has_content>, ${msg("gatehouseReminderGroup", e.group)}</#if>: ${msg("gatehouseReminderEnds", e.end)}
  ${msg("gatehouseReminderExtendLink", e.name)}: ${e.link}

</#list>
${msg("gatehouseReminderNothing")}
${msg("gatehouseMailLinksNote")}
