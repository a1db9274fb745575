<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true; section>
<!-- template: gatehouse-sso.ftl -->
    <#if section="header">
        ${msg("gatehouseSsoTitle")}
    <#elseif section="form">
        <p id="gatehouse-sso-instruction">${msg("gatehouseSsoInstruction", gatehouseSso.providerName)}</p>
        <form id="gatehouse-sso-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="gatehouse-sso-continue" name="continue" label=msg("gatehouseSsoContinue", gatehouseSso.providerName) />
            </@buttons.actionGroup>
        </form>
    <#elseif section="info">
        <span id="gatehouse-sso-why"><#if gatehouseSso.reasonKey??>${msg(gatehouseSso.reasonKey)}<#elseif gatehouseSso.reasonText??>${gatehouseSso.reasonText}<#else>${msg("gatehouseSsoWhy")}</#if></span>
    </#if>
</@layout.registrationLayout>
