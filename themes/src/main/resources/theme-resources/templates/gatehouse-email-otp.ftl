<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: gatehouse-email-otp.ftl -->
    <#if section="header">
        ${msg("gatehouseOtpTitle")}
    <#elseif section="form">
        <p id="gatehouse-otp-instruction">${msg("gatehouseOtpInstruction", gatehouseOtp.maskedEmail, gatehouseOtp.lifetimeMinutes)}</p>
        <form id="gatehouse-otp-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <@field.input name="code" label=msg("gatehouseOtpLabel", gatehouseOtp.codeLength) autocomplete="one-time-code" autofocus=true required=true />
            <@buttons.actionGroup>
                <@buttons.button id="gatehouse-otp-submit" name="login" label="gatehouseOtpSubmit" />
            </@buttons.actionGroup>
        </form>
        <#if gatehouseOtp.canResend>
            <form id="gatehouse-otp-resend-form" action="${url.loginAction}" method="post">
                <@buttons.actionGroup>
                    <@buttons.button id="gatehouse-otp-resend" name="resend" label="gatehouseOtpResend" type="secondary" />
                </@buttons.actionGroup>
            </form>
        </#if>
    <#elseif section="info">
        <span id="gatehouse-otp-why"><#if gatehouseOtp.reasonKey??>${msg(gatehouseOtp.reasonKey)}<#elseif gatehouseOtp.reasonText??>${gatehouseOtp.reasonText}<#else>${msg("gatehouseOtpWhy")}</#if></span>
    </#if>
</@layout.registrationLayout>
