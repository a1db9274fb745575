<#ftl output_format="plainText">
${msg("gatehouseInvitationEmailGreeting")}

${msg("gatehouseInvitationEmailIntro", inviterName, realmName)}

${msg("gatehouseInvitationEmailAction")}:
${link}

<#if existingAccount>${msg("gatehouseInvitationEmailExistingAccount")}<#else>${msg("gatehouseInvitationEmailNewAccount")}</#if>
${msg("gatehouseInvitationEmailDeadline", deadline)}

${msg("gatehouseInvitationEmailIgnore")}
