<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "gatehouse-page.ftl" as gatehouse>
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: gatehouse-email-otp.ftl -->
    <#if section="show-username">
        <@gatehouse.attemptedUsernameLabel/>
    <#elseif section="header">
        ${msg("gatehouseOtpTitle")}
    <#elseif section="form">
        <p id="gatehouse-otp-instruction">${msg("gatehouseOtpInstruction", gatehouseOtp.maskedEmail, gatehouseOtp.lifetimeMinutes)}</p>
        <form id="gatehouse-otp-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <#-- Keycloak's field.input, plus what a screen reader needs: the field names its error and the instruction. -->
            <#assign codeError = messagesPerField.get('code')>
            <@field.group name="code" label=msg("gatehouseOtpLabel", gatehouseOtp.codeLength) error=codeError required=true>
                <span class="${properties.kcInputClass} <#if codeError?has_content>${properties.kcError}</#if>">
                    <input id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric" autofocus required
                           aria-describedby="<#if codeError?has_content>input-error-code </#if>gatehouse-otp-instruction"
                           <#if codeError?has_content>aria-invalid="true"</#if>/>
                    <@field.errorIcon error=codeError/>
                </span>
            </@field.group>
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
