package dev.gatehouse.governance.review;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.events.GatehouseError;
import dev.gatehouse.governance.access.AccessSchedule;
import dev.gatehouse.governance.access.EligibleSponsors;
import dev.gatehouse.governance.access.Extension;
import dev.gatehouse.governance.attestation.AttestationAnswers;
import dev.gatehouse.governance.audit.GovernanceEvents;
import dev.gatehouse.governance.link.Answer;
import dev.gatehouse.governance.link.GovernanceLinkToken;
import dev.gatehouse.governance.link.LinkAction;
import dev.gatehouse.governance.link.LinkCheck;
import dev.gatehouse.governance.link.Links;

/**
 * {@code /realms/{realm}/gatehouse-access/link}: where a sponsor's link lands. Opening it (GET) changes nothing: it
 * checks the link and shows what it would do, with a button; the button (POST) checks everything again, acts and
 * uses the link up. Every refusal is a page saying why and an event with Gatehouse's error code.
 *
 * <p>Checks, in order: signed by this realm, unexpired, unused; the sponsor exists, is enabled and internal; the
 * sponsor is (still) a sponsor of the user; the question is still open (same round, same end date); for an
 * extension, the new end date within the policy's maximum.
 */
public final class SponsorLinkResource {

    static final String PAGE = "gatehouse-governance-link.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;

    SponsorLinkResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("link")
    @Produces(MediaType.TEXT_HTML)
    public Response open(@QueryParam("key") String key) {
        Checked checked = check(key);
        if (checked.refused() != null) {
            return refused(checked, checked.refused());
        }
        GovernanceLinkToken token = checked.token();
        Map<String, Object> model = model(checked, "question");
        model.put("key", key);
        if (token.action().orElseThrow() == LinkAction.EXTEND) {
            Extension extension = new Extension(session, realm);
            model.put("end", AccessSchedule.DATE.format(Instant.ofEpochMilli(token.question())));
            model.put("maxDays", extension.maxDays(checked.user()));
            model.put("days", extension.offeredDays(checked.user()));
        }
        return page(model, Response.Status.OK);
    }

    @POST
    @Path("link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response act(@FormParam("key") String key, @FormParam("days") String days) {
        Checked checked = check(key);
        if (checked.refused() != null) {
            return refused(checked, checked.refused());
        }
        GovernanceLinkToken token = checked.token();
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        Integer extendBy = null;
        if (token.action().orElseThrow() == LinkAction.EXTEND) {
            // a wrong number of days is refused before the link is used up: the sponsor may correct it
            Extension extension = new Extension(session, realm);
            extendBy = days(days);
            if (extendBy == null || extendBy > extension.maxDays(checked.user())) {
                return refused(checked, new Answer.Refused(GatehouseError.GOVERNANCE_BEYOND_MAXIMUM,
                        extendBy == null ? "gatehouseExtendDaysInvalid" : "gatehouseExtendBeyondMaximum",
                        List.of(extension.maxDays(checked.user())), "days " + days));
            }
        }
        if (!new Links(session, realm).useUp(token)) {
            // a second click racing the first: the first one acts
            return refused(checked, new Answer.Refused(GatehouseError.GOVERNANCE_LINK_USED, "gatehouseLinkUsed", List.of(), "used"));
        }
        Answer answer = switch (token.action().orElseThrow()) {
            case CONFIRM -> new AttestationAnswers(session, realm).confirm(checked.user(), checked.sponsor(), token.question(), now);
            case REVOKE -> new AttestationAnswers(session, realm).revoke(checked.user(), checked.sponsor(), token.question(), now);
            case EXTEND -> new Extension(session, realm).extend(checked.user(), checked.sponsor(), token.groupId(), token.question(), extendBy);
        };
        if (answer instanceof Answer.Refused no) {
            return refused(checked, no);
        }
        Map<String, Object> model = model(checked, "done");
        model.put("messageKey", answer.messageKey());
        model.put("messageArgs", answer.args());
        return page(model, Response.Status.OK);
    }

    private static Integer days(String days) {
        try {
            int n = Integer.parseInt(days == null ? "" : days.strip());
            return n < 1 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Everything that does not depend on the action: the link itself, the sponsor, the sponsorship, the open question. */
    private Checked check(String key) {
        LinkCheck link = new Links(session, realm).check(key);
        if (link instanceof LinkCheck.Refused no) {
            GovernanceLinkToken t = no.token();
            return new Checked(t, null, null, new Answer.Refused(no.error(), no.messageKey(), List.of(), no.reason()));
        }
        GovernanceLinkToken token = ((LinkCheck.Valid) link).token();
        UserModel sponsor = session.users().getUserById(realm, token.sponsorId());
        UserModel user = session.users().getUserById(realm, token.subjectUserId());
        EligibleSponsors sponsors = new EligibleSponsors(session, realm);
        if (sponsor == null) {
            return new Checked(token, null, user, refusal(GatehouseError.GOVERNANCE_NOT_SPONSOR, "gatehouseLinkNotSponsor", "sponsor gone"));
        }
        Optional<String> ineligible = sponsors.eligible(sponsor);
        if (ineligible.isPresent()) {
            return new Checked(token, sponsor, user, refusal(GatehouseError.GOVERNANCE_SPONSOR_NOT_ELIGIBLE, "gatehouseLinkSponsorNotEligible", ineligible.get()));
        }
        if (user == null) {
            return new Checked(token, sponsor, null, refusal(GatehouseError.GOVERNANCE_NOT_PENDING, "gatehouseLinkUserGone", "user gone"));
        }
        if (!sponsors.isSponsorOf(sponsor.getId(), user.getId())) {
            return new Checked(token, sponsor, user, refusal(GatehouseError.GOVERNANCE_NOT_SPONSOR, "gatehouseLinkNotSponsor", "not a sponsor of the user"));
        }
        boolean open = switch (token.action().orElseThrow()) {
            case EXTEND -> new Extension(session, realm).pending(user.getId(), token.groupId(), token.question()).isPresent();
            case CONFIRM, REVOKE -> new AttestationAnswers(session, realm).awaits(user.getId(), token.question());
        };
        if (!open) {
            return new Checked(token, sponsor, user, new Answer.Refused(GatehouseError.GOVERNANCE_NOT_PENDING, "gatehouseLinkNotPending",
                    List.of(AccessSchedule.displayName(user)), "question closed"));
        }
        return new Checked(token, sponsor, user, null);
    }

    private static Answer.Refused refusal(GatehouseError error, String key, String reason) {
        return new Answer.Refused(error, key, List.of(), reason);
    }

    private Response refused(Checked checked, Answer.Refused no) {
        GovernanceLinkToken t = checked.token();
        GovernanceEvents.refused(session, realm, t == null ? null : t.subjectUserId(), t == null ? null : t.sponsorId(),
                t == null ? null : t.getActionId(), no.error(), no.reason());
        Map<String, Object> model = model(checked, "refused");
        model.put("messageKey", no.messageKey());
        model.put("messageArgs", no.args());
        return page(model, no.error() == GatehouseError.GOVERNANCE_BEYOND_MAXIMUM ? Response.Status.BAD_REQUEST : Response.Status.FORBIDDEN);
    }

    private Map<String, Object> model(Checked checked, String state) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("state", state);
        model.put("action", checked.token() == null ? "" : checked.token().action().map(a -> a.name().toLowerCase()).orElse(""));
        model.put("userName", checked.user() == null ? "" : AccessSchedule.displayName(checked.user()));
        model.put("userEmail", checked.user() == null || checked.user().getEmail() == null ? "" : checked.user().getEmail());
        model.put("group", checked.token() == null ? "" : checked.token().groupId().map(realm::getGroupById)
                .map(g -> g.getName()).orElse(""));
        model.put("formAction", session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path(Links.RESOURCE).path("link").build().toString());
        return model;
    }

    private Response page(Map<String, Object> model, Response.Status status) {
        return session.getProvider(LoginFormsProvider.class).setAttribute("gatehouseLink", model).setStatus(status).createForm(PAGE);
    }

    private record Checked(GovernanceLinkToken token, UserModel sponsor, UserModel user, Answer.Refused refused) {
    }
}
