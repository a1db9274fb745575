<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "gatehouse-page.ftl" as gatehouse>
<#assign ssoError = message?has_content && message.type = 'error'>
<#-- An error is drawn here instead of by the layout, so the button can name it (aria-describedby). -->
<@layout.registrationLayout displayInfo=true displayMessage=!ssoError; section>
<!-- template: gatehouse-sso.ftl -->
    <#if section="show-username">
        <@gatehouse.attemptedUsernameLabel/>
    <#elseif section="header">
        ${msg("gatehouseSsoTitle")}
    <#elseif section="form">
        <#if ssoError>
            <div id="gatehouse-sso-error" class="${properties.kcAlertClass!} pf-m-danger">
                <div class="${properties.kcAlertIconClass!}"><span class="${properties.kcFeedbackErrorIcon!}"></span></div>
                <span class="${properties.kcAlertTitleClass!} kc-feedback-text">${message.summary}</span>
            </div>
        </#if>
        <p id="gatehouse-sso-instruction">${msg("gatehouseSsoInstruction", gatehouseSso.providerName)}</p>
        <form id="gatehouse-sso-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <#-- Not buttons.button: it would pass the already formatted label through msg() a second time,
                     where an apostrophe or brace in the provider's display name would be lost. -->
                <button class="${properties.kcButtonPrimaryClass} ${properties.kcButtonBlockClass}" name="continue"
                        id="gatehouse-sso-continue" type="submit" aria-describedby="<#if ssoError>gatehouse-sso-error </#if>gatehouse-sso-instruction">
                    ${msg("gatehouseSsoContinue", gatehouseSso.providerName)}
                </button>
            </@buttons.actionGroup>
        </form>
    <#elseif section="info">
        <span id="gatehouse-sso-why"><#if gatehouseSso.reasonKey??>${msg(gatehouseSso.reasonKey)}<#elseif gatehouseSso.reasonText??>${gatehouseSso.reasonText}<#else>${msg("gatehouseSsoWhy")}</#if></span>
    </#if>
</@layout.registrationLayout>
