<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#-- A sponsor's link: the question (one button, so a mail scanner opening the link changes nothing), the result, or why it was refused. -->
<@layout.registrationLayout displayInfo=false displayMessage=false; section>
<!-- template: gatehouse-governance-link.ftl -->
    <#if section="header">
        <#if gatehouseLink.state == "refused">${msg("gatehouseLinkRefusedTitle")}<#elseif gatehouseLink.action == "extend">${msg("gatehouseExtendTitle")}<#else>${msg("gatehouseAttestTitle")}</#if>
    <#elseif section="form">
        <#if gatehouseLink.state == "question">
            <#if gatehouseLink.action == "extend">
                <p id="gatehouse-link-question"><#if gatehouseLink.group?has_content>${msg("gatehouseExtendMembershipQuestion", gatehouseLink.userName, gatehouseLink.userEmail, gatehouseLink.group, gatehouseLink.end)}<#else>${msg("gatehouseExtendQuestion", gatehouseLink.userName, gatehouseLink.userEmail, gatehouseLink.end)}</#if></p>
                <form id="gatehouse-link-form" class="${properties.kcFormClass!}" action="${gatehouseLink.formAction}" method="post">
                    <input type="hidden" name="key" value="${gatehouseLink.key}"/>
                    <div class="${properties.kcFormGroupClass!}">
                        <label for="days" class="${properties.kcLabelClass!}">${msg("gatehouseExtendDaysLabel", gatehouseLink.maxDays)}</label>
                        <span class="${properties.kcInputClass!}">
                            <input id="days" name="days" type="number" min="1" value="${gatehouseLink.days?c}" required aria-describedby="gatehouse-link-question"/>
                        </span>
                    </div>
                    <@buttons.actionGroup>
                        <@buttons.button id="gatehouse-link-submit" name="extend" label="gatehouseExtendSubmit"/>
                    </@buttons.actionGroup>
                </form>
            <#else>
                <p id="gatehouse-link-question"><#if gatehouseLink.action == "revoke">${msg("gatehouseRevokeQuestion", gatehouseLink.userName, gatehouseLink.userEmail)}<#else>${msg("gatehouseConfirmQuestion", gatehouseLink.userName, gatehouseLink.userEmail)}</#if></p>
                <form id="gatehouse-link-form" class="${properties.kcFormClass!}" action="${gatehouseLink.formAction}" method="post">
                    <input type="hidden" name="key" value="${gatehouseLink.key}"/>
                    <@buttons.actionGroup>
                        <@buttons.button id="gatehouse-link-submit" name="${gatehouseLink.action}" label=(gatehouseLink.action == "revoke")?then("gatehouseRevokeSubmit", "gatehouseConfirmSubmit")/>
                    </@buttons.actionGroup>
                </form>
            </#if>
        <#else>
            <p id="gatehouse-link-result" role="status">${msg(gatehouseLink.messageKey, (gatehouseLink.messageArgs[0])!"", (gatehouseLink.messageArgs[1])!"")}</p>
        </#if>
    </#if>
</@layout.registrationLayout>
