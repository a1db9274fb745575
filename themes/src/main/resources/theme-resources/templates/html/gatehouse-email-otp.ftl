<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- No images, no links, no tracking: text and inline styles only, so it reads the same with images off.
     The code stands alone in a monospace box, one double-click selects all of it; screen readers get the
     digits one by one from the aria-label (role img, because only an element with a role takes a name). -->
<div role="main" style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f1f1f;background:#ffffff;max-width:600px">
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${msg("gatehouseOtpEmailSubject")}</h1>
<p>${msg("gatehouseOtpEmailGreeting")}</p>
<p>${msg("gatehouseOtpEmailIntro", realmName)}</p>
<p style="margin:24px 0"><span id="gatehouse-otp-code" role="img" aria-label="${msg("gatehouseOtpEmailCodeLabel")} ${code?split("")?join(" ")}" style="display:inline-block;padding:8px 16px;border:1px solid #6a6e73;border-radius:4px;background:#f5f5f5;color:#151515;font-family:'Courier New',Courier,monospace;font-size:28px;font-weight:bold;letter-spacing:6px">${code}</span></p>
<p>${msg("gatehouseOtpEmailLifetime", lifetimeMinutes)}</p>
<p>${msg("gatehouseOtpEmailHowTo")}</p>
<p>${msg("gatehouseOtpEmailIgnore")}</p>
</div>
</@layout.emailLayout>
