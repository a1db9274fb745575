<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("gatehouseOtpEmailGreeting")}</p>
<p>${msg("gatehouseOtpEmailIntro", realmName)}</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:4px;font-family:monospace" aria-label="${msg("gatehouseOtpEmailCodeLabel")} ${code?split("")?join(" ")}">${code}</p>
<p>${msg("gatehouseOtpEmailLifetime", lifetimeMinutes)}</p>
<p>${msg("gatehouseOtpEmailIgnore")}</p>
</@layout.emailLayout>
