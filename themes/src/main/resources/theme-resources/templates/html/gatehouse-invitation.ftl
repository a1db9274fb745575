<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- Text and one link, inline styles only: reads the same with images off. -->
<div role="main" style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f1f1f;background:#ffffff;max-width:600px">
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${msg("gatehouseInvitationEmailSubject", inviterName)}</h1>
<p>${msg("gatehouseInvitationEmailGreeting")}</p>
<p>${msg("gatehouseInvitationEmailIntro", inviterName, realmName)}</p>
<p style="margin:24px 0"><a id="gatehouse-invitation-link" href="${link}" style="display:inline-block;padding:10px 18px;border-radius:4px;background:#0066cc;color:#ffffff;text-decoration:none;font-weight:bold">${msg("gatehouseInvitationEmailAction")}</a></p>
<p><#if existingAccount>${msg("gatehouseInvitationEmailExistingAccount")}<#else>${msg("gatehouseInvitationEmailNewAccount")}</#if></p>
<p>${msg("gatehouseInvitationEmailDeadline", deadline)}</p>
<p>${msg("gatehouseInvitationEmailIgnore")}</p>
</div>
</@layout.emailLayout>
