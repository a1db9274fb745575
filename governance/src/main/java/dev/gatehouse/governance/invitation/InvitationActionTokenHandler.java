package dev.gatehouse.governance.invitation;

import java.util.Objects;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.keycloak.TokenVerifier.Predicate;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.actiontoken.ActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenHandlerFactory;
import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.ExplainedTokenVerificationException;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.common.VerificationException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.LoginActionsServiceException;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.time.Instant;
import java.util.Optional;

import dev.gatehouse.events.GatehouseDetail;
import dev.gatehouse.governance.access.AccessTerms;
import dev.gatehouse.governance.access.EndDateRefused;
import dev.gatehouse.governance.sponsor.SponsorRefusedException;
import dev.gatehouse.governance.sponsor.SponsorSource;
import dev.gatehouse.governance.sponsor.Sponsors;

/**
 * Redeems invitation links on Keycloak's action-token endpoint, in two steps so a mail scanner that follows the
 * link changes nothing:
 * <ol>
 * <li>first click: the invitation is checked ({@link RedemptionCheck}) and a page asks the person to accept; its
 *     link is the same token bound to this browser's authentication session;</li>
 * <li>accept: the invitee's account is made (or the existing one linked), the inviter recorded as sponsor, the
 *     invitation marked redeemed (REGISTER event for a new account), and Keycloak's required actions (set
 *     password, profile) run before the person is signed in to the account console.</li>
 * </ol>
 * Keycloak looks the token's user up before any handler code runs except the two session hooks, so a new invitee's
 * account is made in {@link #getAuthenticationSessionIdFromToken}, only on the accepting request of the browser
 * that opened the link and only when every check passes. Making accounts at invitation time instead would let a
 * "forgot password" mail activate an account whose invitation expired or was revoked.
 * Any refusal is Keycloak's error page with Gatehouse's message and an {@code EXECUTE_ACTION_TOKEN_ERROR} event
 * with Gatehouse's error code; a forged or altered link is refused by Keycloak's signature check with the same.
 */
public final class InvitationActionTokenHandler
        implements ActionTokenHandler<InvitationToken>, ActionTokenHandlerFactory<InvitationToken> {

    private static final Logger LOG = Logger.getLogger(InvitationActionTokenHandler.class);
    private static final String CREATED_NOTE = "gatehouse.invitation.created";

    @Override
    public ActionTokenHandler<InvitationToken> create(KeycloakSession session) {
        return this;
    }

    @Override
    public String getId() {
        return InvitationToken.TOKEN_TYPE;
    }

    @Override
    public void init(org.keycloak.Config.Scope config) {
    }

    @Override
    public void postInit(org.keycloak.models.KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public Class<InvitationToken> getTokenClass() {
        return InvitationToken.class;
    }

    @Override
    public EventType eventType() {
        return EventType.EXECUTE_ACTION_TOKEN;
    }

    /** Also what a forged or altered link gets: Keycloak's signature check fails before any of this runs. */
    @Override
    public String getDefaultEventError() {
        return LinkRefusal.INVALID.error().code();
    }

    @Override
    public String getDefaultErrorMessage() {
        return LinkRefusal.INVALID.message();
    }

    @Override
    public boolean canUseTokenRepeatedly(InvitationToken token, ActionTokenContext<InvitationToken> context) {
        return false;
    }

    /** First click: checks, then the accept page. Never returns normally. */
    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(InvitationToken token, ActionTokenContext<InvitationToken> context)
            throws VerificationException {
        RedemptionCheck.Result result = checked(token, context);
        var signedIn = AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        if (signedIn != null && !signedIn.user().getId().equals(token.getUserId())) {
            context.getEvent().detail(Details.EXISTING_USER, signedIn.user().getId());
            throw new ExplainedTokenVerificationException(token, Errors.DIFFERENT_USER_AUTHENTICATED, "gatehouseInvitationSignOutFirst");
        }
        AuthenticationSessionModel authSession = context.createAuthenticationSessionForClient(token.getIssuedFor());
        throw new LoginActionsServiceException(acceptPage(token, context, authSession, result.invitation()));
    }

    /** On the accepting request (token bound to this browser's session): makes a new invitee's account. */
    @Override
    public String getAuthenticationSessionIdFromToken(InvitationToken token, ActionTokenContext<InvitationToken> context,
                                                      AuthenticationSessionModel current) {
        String bound = token.getCompoundAuthenticationSessionId();
        if (bound != null && current != null && bound.equals(AuthenticationSessionCompoundId.fromAuthSession(current).getEncodedId())) {
            RedemptionCheck.Result result = new RedemptionCheck(context.getSession(), context.getRealm()).check(token);
            if (result.refusal().isEmpty() && context.getSession().users().getUserById(context.getRealm(), token.getUserId()) == null) {
                createInvitee(context.getSession(), context.getRealm(), result.invitation());
                current.setAuthNote(CREATED_NOTE, "true");
            }
        }
        return bound;
    }

    @Override
    public Predicate<? super InvitationToken>[] getVerifiers(ActionTokenContext<InvitationToken> context) {
        return TokenUtils.predicates(
                t -> {
                    checked(t, context);
                    return true;
                },
                TokenUtils.checkThat(t -> Objects.equals(t.getEmail(),
                                context.getAuthenticationSession().getAuthenticatedUser().getEmail()),
                        Errors.INVALID_EMAIL, LinkRefusal.INVALID.message()));
    }

    @Override
    public Response handleToken(InvitationToken token, ActionTokenContext<InvitationToken> context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        InvitationEntity inv = Invitations.of(session).entity(realm, token.getInvitationId()).orElseThrow();
        if (context.isAuthenticationSessionFresh()) {
            return acceptPage(token, context, authSession, inv);
        }
        UserModel user = authSession.getAuthenticatedUser();
        EventBuilder event = context.getEvent().detail(GatehouseDetail.INVITATION, inv.getId())
                .detail(GatehouseDetail.SPONSOR, inv.getSponsorId());
        try {
            Sponsors.of(session).add(realm, user.getId(), inv.getSponsorId(), SponsorSource.INVITER, inv.getInvitedBy());
        } catch (SponsorRefusedException e) {
            // Nothing of this redemption stays (a new account included).
            session.getTransactionManager().setRollbackOnly();
            event.detail(Details.REASON, e.getMessage()).error(LinkRefusal.NOT_REDEEMABLE.error().code());
            return errorPage(session, LinkRefusal.NOT_REDEEMABLE);
        }
        endAccess(session, realm, user, inv);
        inv.setStatus(InvitationStatus.REDEEMED.name());
        inv.setRedeemedAt(Time.currentTimeMillis());
        boolean created = "true".equals(authSession.getAuthNote(CREATED_NOTE));
        LOG.infof("Invitation %s in realm %s redeemed by %s user %s", inv.getId(), realm.getName(),
                created ? "new" : "existing", user.getId());
        if (created) {
            event.clone().event(EventType.REGISTER).user(user).detail(Details.REGISTER_METHOD, InvitationToken.TOKEN_TYPE)
                    .detail(Details.USERNAME, user.getUsername()).detail(Details.EMAIL, user.getEmail()).success();
        }
        event.clone().user(user).success();
        if (!created) {
            // An existing account keeps its own sign-in: the invitation only records the sponsor.
            new org.keycloak.services.managers.AuthenticationSessionManager(session).removeAuthenticationSession(realm, authSession, true);
            return session.getProvider(LoginFormsProvider.class).setSuccess("gatehouseInvitationAccepted")
                    .setAttribute(Constants.TEMPLATE_ATTR_ACTION_URI,
                            Urls.accountBase(context.getUriInfo().getBaseUri()).path("/").build(realm.getName()).toString())
                    .createInfoPage();
        }
        authSession.removeAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS);
        context.setEvent(event.clone().removeDetail(Details.EMAIL).event(EventType.LOGIN));
        String nextAction = AuthenticationManager.nextRequiredAction(session, authSession, context.getRequest(), context.getEvent());
        return AuthenticationManager.redirectToRequiredActions(session, realm, authSession, context.getUriInfo(), nextAction);
    }

    /** The invitation the token may redeem; a refusal becomes Keycloak's error page and event with Gatehouse's code. */
    private static RedemptionCheck.Result checked(InvitationToken token, ActionTokenContext<InvitationToken> context)
            throws ExplainedTokenVerificationException {
        RedemptionCheck.Result result = new RedemptionCheck(context.getSession(), context.getRealm()).check(token);
        if (result.invitation() != null) {
            context.getEvent().detail(GatehouseDetail.INVITATION, result.invitation().getId());
        }
        if (result.refusal().isPresent()) {
            LinkRefusal why = result.refusal().get();
            throw new ExplainedTokenVerificationException(token, why.error().code(), why.message());
        }
        return result;
    }

    /**
     * The end of access the inviter asked for, set through {@link AccessTerms}; never later than the governing
     * policy allows now (it was checked against that maximum when the invitation was made; a policy tightened since
     * wins). An existing account keeps an earlier end date it already has.
     */
    private static void endAccess(KeycloakSession session, RealmModel realm, UserModel user, InvitationEntity inv) {
        if (inv.getAccessEnd() == null) {
            return;
        }
        AccessTerms terms = AccessTerms.of(session);
        Instant end = Instant.ofEpochMilli(inv.getAccessEnd());
        Optional<Instant> latest = terms.latestAllowedEnd(realm, user);
        if (latest.isPresent() && end.isAfter(latest.get())) {
            end = latest.get();
        }
        Optional<Instant> current = terms.endOf(realm, user.getId());
        if (current.isPresent() && current.get().isBefore(end)) {
            return;
        }
        try {
            terms.setEnd(realm, user.getId(), end, "invitation:" + inv.getId());
        } catch (EndDateRefused e) {
            LOG.warnf("Invitation %s in realm %s: end of access %s not set: %s", inv.getId(), realm.getName(), end, e.getMessage());
        }
    }

    private static void createInvitee(KeycloakSession session, RealmModel realm, InvitationEntity inv) {
        UserModel user = session.users().addUser(realm, inv.getUserId(), inv.getEmail(), true, true);
        user.setEmail(inv.getEmail());
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setFirstName(inv.getFirstName());
        user.setLastName(inv.getLastName());
        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        if (inv.getFirstName() == null || inv.getLastName() == null) {
            user.addRequiredAction(UserModel.RequiredAction.UPDATE_PROFILE);
        }
    }

    private static Response acceptPage(InvitationToken token, ActionTokenContext<InvitationToken> context,
                                       AuthenticationSessionModel authSession, InvitationEntity inv) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UriInfo uri = context.getUriInfo();
        token.setCompoundAuthenticationSessionId(AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId());
        String accept = Urls.actionTokenBuilder(uri.getBaseUri(), token.serialize(session, realm, uri),
                        authSession.getClient().getClientId(), authSession.getTabId(),
                        AuthenticationProcessor.getClientData(session, authSession))
                .build(realm.getName()).toString();
        UserModel sponsor = session.users().getUserById(realm, inv.getSponsorId());
        String realmName = realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
        return session.getProvider(LoginFormsProvider.class)
                .setAuthenticationSession(authSession)
                .setSuccess("gatehouseInvitationConfirm", InvitationMail.displayName(sponsor), realmName)
                .setAttribute("messageHeader", "gatehouseInvitationConfirmTitle")
                .setAttribute(Constants.TEMPLATE_ATTR_ACTION_URI, accept)
                .createInfoPage();
    }

    private static Response errorPage(KeycloakSession session, LinkRefusal why) {
        return org.keycloak.services.ErrorPage.error(session, null, Response.Status.BAD_REQUEST, why.message());
    }
}
