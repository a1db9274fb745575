<#import "template.ftl" as layout>
<@layout.emailLayout>
<div role="main" style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f1f1f;background:#ffffff;max-width:600px">
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${msg("gatehouseAttestationSubject", entries?size)}</h1>
<p>${msg("gatehouseMailGreeting", sponsorName)}</p>
<p>${msg("gatehouseAttestationIntro", realmName, deadline)}</p>
<ul>
<#list entries as e>
<li style="margin:0 0 12px"><strong>${e.name}</strong> (${e.email})<br/>
<a class="gatehouse-confirm" href="${e.confirm}">${msg("gatehouseAttestationConfirmLink", e.name)}</a> ·
<a class="gatehouse-revoke" href="${e.revoke}">${msg("gatehouseAttestationRevokeLink", e.name)}</a></li>
</#list>
</ul>
<p>${msg("gatehouseAttestationUnanswered", deadline)}</p>
<p>${msg("gatehouseMailLinksNote")}</p>
</div>
</@layout.emailLayout>
