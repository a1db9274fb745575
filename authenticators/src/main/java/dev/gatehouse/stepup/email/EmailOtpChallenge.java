package dev.gatehouse.stepup.email;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import dev.gatehouse.external.EmailDomains;
import dev.gatehouse.policy.EmailOtpSettings;
import dev.gatehouse.policy.ExternalUserPolicy;
import dev.gatehouse.stepup.common.FailedLogins;
import dev.gatehouse.stepup.common.ReasonText;
import dev.gatehouse.stepup.common.StepUpEvents;
import dev.gatehouse.session.VerifiedSession;

/**
 * One step of the email one-time passcode: send a code, show the page, check an answer, resend.
 *
 * <p>Wrong answers are counted by claiming numbered slots in Keycloak's single-use store, which is atomic
 * across requests and cluster nodes: parallel guesses cannot share a slot, so a round never gets more than
 * the configured number of comparisons, resends included. The last wrong answer resets the authentication
 * session (the password is asked again) and counts as a failed login for brute-force detection.
 *
 * <p>Across sign-ins, the user's {@link VerificationBudget} caps wrong codes and mails per rolling window,
 * whatever the realm's brute-force setting: a guess takes a slot before it is compared (a right code gives it
 * back), a mail takes one before it is sent.
 */
public final class EmailOtpChallenge {

    private static final Logger LOG = Logger.getLogger(EmailOtpChallenge.class);
    static final String TEMPLATE = "gatehouse-email-otp.ftl";
    static final String FIELD = "code";
    static final String RESEND = "resend";

    private final AuthenticationFlowContext context;
    private final EmailOtpSettings settings;
    private final ExternalUserPolicy policy;
    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final CodeNotes notes;
    private final VerificationBudget budget;

    public EmailOtpChallenge(AuthenticationFlowContext context, ExternalUserPolicy policy) {
        this.context = context;
        this.settings = policy.emailOtp();
        this.policy = policy;
        this.session = context.getSession();
        this.realm = context.getRealm();
        this.user = context.getUser();
        this.notes = new CodeNotes(context.getAuthenticationSession());
        this.budget = new VerificationBudget(session.singleUseObjects(), realm, user, settings.budget());
    }

    /** First arrival, or a reload of the page: a code is sent once, never again by reloading. */
    public void begin() {
        if (EmailDomains.ofEmail(user.getEmail()).isEmpty()) {
            refuse(StepUpEvents.OTP_NO_EMAIL, "gatehouseOtpNoEmail", Response.Status.FORBIDDEN);
            return;
        }
        if (budget.spent(VerificationBudget.Kind.WRONG_CODES)) {
            budgetSpent(VerificationBudget.Kind.WRONG_CODES); // no mail for a code that could not be entered
            return;
        }
        if (!notes.everSent()) {
            if (send()) {
                context.challenge(page(null));
            }
            return;
        }
        context.challenge(page(isLive() ? null : new FormMessage(FIELD, "gatehouseOtpExpired")));
    }

    public void answer() {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(RESEND)) {
            resend();
            return;
        }
        if (!notes.everSent()) {
            begin();
            return;
        }
        if (!isLive()) {
            notes.forgetCode();
            context.getEvent().error(StepUpEvents.OTP_EXPIRED);
            context.challenge(page(new FormMessage(FIELD, "gatehouseOtpExpired")));
            return;
        }
        String submitted = normalize(form.getFirst(FIELD));
        if (submitted.length() != settings.codeLength() || !submitted.chars().allMatch(Character::isDigit)) {
            context.challenge(page(new FormMessage(FIELD, "gatehouseOtpMalformed", settings.codeLength())));
            return;
        }
        Optional<VerificationBudget.Use> guess = budget.take(VerificationBudget.Kind.WRONG_CODES);
        if (guess.isEmpty()) {
            FailedLogins.report(context);
            budgetSpent(VerificationBudget.Kind.WRONG_CODES);
            return;
        }
        int attempt = claimAttempt();
        if (attempt == 0) {
            budget.giveBack(guess.get());
            tooManyAttempts();
            return;
        }
        Optional<KeyWrapper> key = Optional.ofNullable(
                session.keys().getKey(realm, notes.keyId(), KeyUse.SIG, Algorithm.HS512));
        boolean correct = key.isPresent()
                && OneTimeCode.same(notes.hash(), OneTimeCode.mac(key.get().getSecretKey().getEncoded(), notes.binding(), submitted));
        if (correct && singleUse().putIfAbsent(slot("used"), slotLifespan())) {
            budget.giveBack(guess.get());
            notes.forgetAll();
            VerifiedSession.markVerified(context, policy);
            context.success();
            return;
        }
        int left = settings.maxAttempts() - attempt;
        if (left <= 0) {
            tooManyAttempts();
            return;
        }
        FailedLogins.report(context);
        context.getEvent().detail(StepUpEvents.ATTEMPTS_LEFT, Integer.toString(left)).error(StepUpEvents.OTP_INVALID);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                page(new FormMessage(FIELD, "gatehouseOtpInvalid", left)));
    }

    private void resend() {
        if (notes.resends() >= settings.maxResends()) {
            context.getEvent().detail(StepUpEvents.REASON, "limit").error(StepUpEvents.OTP_RESEND_THROTTLED);
            context.challenge(page(new FormMessage(FIELD, "gatehouseOtpResendLimit")));
            return;
        }
        long wait = notes.sentAt() + settings.resendCooldown().toMillis() - Time.currentTimeMillis();
        if (wait > 0) {
            context.getEvent().detail(StepUpEvents.REASON, "cooldown").error(StepUpEvents.OTP_RESEND_THROTTLED);
            context.challenge(page(new FormMessage(FIELD, "gatehouseOtpResendWait", (wait + 999) / 1000)));
            return;
        }
        if (send()) {
            notes.countResend();
            context.challenge(context.form().setInfo("gatehouseOtpResent")
                    .setAttribute("gatehouseOtp", pageModel()).createForm(TEMPLATE));
        }
    }

    /** Sends a fresh code; the previous one stops working. False when no mail could be sent. */
    private boolean send() {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            LOG.errorf("Gatehouse needs an active HS512 key in realm %s to protect one-time codes", realm.getName());
            context.getEvent().detail(StepUpEvents.REASON, "no HS512 key");
            refuse(StepUpEvents.OTP_SEND_FAILED, "gatehouseOtpSendFailed", Response.Status.SERVICE_UNAVAILABLE);
            return false;
        }
        Optional<VerificationBudget.Use> mail = budget.take(VerificationBudget.Kind.MAILS);
        if (mail.isEmpty()) {
            budgetSpent(VerificationBudget.Kind.MAILS);
            return false;
        }
        String code = OneTimeCode.generate(settings.codeLength());
        long now = Time.currentTimeMillis();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("lifetimeMinutes", Math.max(1, settings.lifetime().toMinutes()));
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(user)
                    .setAuthenticationSession(context.getAuthenticationSession())
                    .send("gatehouseOtpEmailSubject", List.of(), TEMPLATE, attributes);
        } catch (EmailException e) {
            LOG.warnf("Gatehouse could not send a one-time code to user %s in realm %s: %s",
                    user.getId(), realm.getName(), e.getMessage());
            budget.giveBack(mail.get());
            refuse(StepUpEvents.OTP_SEND_FAILED, "gatehouseOtpSendFailed", Response.Status.SERVICE_UNAVAILABLE);
            return false;
        }
        notes.round();
        notes.store(key.getKid(), OneTimeCode.mac(key.getSecretKey().getEncoded(), notes.binding(), code), now,
                now + settings.lifetime().toMillis());
        LOG.debugf("Gatehouse sent a one-time code to user %s", user.getId());
        return true;
    }

    /** Takes the next free attempt number of this round, or 0 when all are used. */
    private int claimAttempt() {
        SingleUseObjectProvider store = singleUse();
        for (int n = 1; n <= settings.maxAttempts(); n++) {
            if (store.putIfAbsent(slot("attempt." + n), slotLifespan())) {
                return n;
            }
        }
        return 0;
    }

    private void tooManyAttempts() {
        context.getEvent().error(StepUpEvents.OTP_ATTEMPTS_EXCEEDED);
        FailedLogins.report(context);
        notes.forgetAll();
        context.resetFlow(() -> context.setForwardedInfoMessage("gatehouseOtpTooManyAttempts"));
    }

    /** The page ends the sign-in: nothing more can be done here until the window has moved on. */
    private void budgetSpent(VerificationBudget.Kind kind) {
        context.getEvent().detail(StepUpEvents.BUDGET, kind.id()).error(StepUpEvents.OTP_BUDGET_SPENT);
        notes.forgetAll();
        long minutes = settings.budget().window().toMinutes();
        var form = minutes % 60 == 0 ? context.form().setError("gatehouseOtpBudgetSpentHours", minutes / 60)
                : context.form().setError("gatehouseOtpBudgetSpentMinutes", minutes);
        context.forceChallenge(form.createErrorPage(Response.Status.TOO_MANY_REQUESTS));
    }

    private void refuse(String error, String message, Response.Status status) {
        context.getEvent().error(error);
        context.forceChallenge(context.form().setError(message).createErrorPage(status));
    }

    private boolean isLive() {
        return notes.hasCode() && Time.currentTimeMillis() <= notes.expiresAt();
    }

    private Response page(FormMessage error) {
        var form = context.form().setAttribute("gatehouseOtp", pageModel());
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    private Map<String, Object> pageModel() {
        Map<String, Object> model = new HashMap<>();
        model.put("codeLength", settings.codeLength());
        model.put("maskedEmail", mask(user.getEmail()));
        model.put("lifetimeMinutes", Math.max(1, settings.lifetime().toMinutes()));
        model.put("canResend", notes.resends() < settings.maxResends());
        model.putAll(ReasonText.model(policy));
        return model;
    }

    private SingleUseObjectProvider singleUse() {
        return session.singleUseObjects();
    }

    private String slot(String what) {
        return "gatehouse.otp." + notes.round() + "." + what;
    }

    /** Slots outlive every code of the round: as long as the sign-in itself may last. */
    private long slotLifespan() {
        return Math.max(realm.getAccessCodeLifespanLogin(), 60) + settings.lifetime().toSeconds();
    }

    /** People paste codes with spaces or dashes; those are not part of the code. */
    private static String normalize(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s-]", "");
    }

    static String mask(String email) {
        int at = email.lastIndexOf('@');
        return email.charAt(0) + "***" + email.substring(at);
    }
}
