<#-- What the Gatehouse login pages add around keycloak.v2's layout. -->

<#-- keycloak.v2's layout shows the user being signed in as a read-only field whose visible label points at
     a field id that is not on the page ("username"), so the field has no name for assistive technology
     (axe rule "label", critical). Given in the layout's "show-username" section, this visually hidden label
     names that field with the same words; the visible label stays as the realm's theme draws it. -->
<#macro attemptedUsernameLabel>
    <label for="kc-attempted-username" class="pf-v5-screen-reader"><#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if></label>
</#macro>
