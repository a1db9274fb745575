<#ftl output_format="plainText">
${msg("gatehouseOtpEmailGreeting")}

${msg("gatehouseOtpEmailIntro", realmName)}

    ${code}

${msg("gatehouseOtpEmailLifetime", lifetimeMinutes)}
${msg("gatehouseOtpEmailHowTo")}

${msg("gatehouseOtpEmailIgnore")}
