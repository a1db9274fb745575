package dev.gatehouse.governance.link;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Sends a governance mail to a sponsor through Keycloak's email templates, in the sponsor's language. */
public final class SponsorMail {

    private static final Logger LOG = Logger.getLogger(SponsorMail.class);

    private SponsorMail() {
    }

    /** False (and logged, without the links) when the mail could not be sent. */
    public static boolean send(KeycloakSession session, RealmModel realm, UserModel sponsor, String subjectKey,
                               List<Object> subjectArgs, String template, Map<String, Object> attributes) {
        if (sponsor.getEmail() == null || sponsor.getEmail().isBlank()) {
            LOG.warnf("Gatehouse governance: sponsor %s in realm %s has no email address; no %s sent", sponsor.getId(), realm.getName(), template);
            return false;
        }
        Map<String, Object> model = new HashMap<>(attributes);
        // a scheduled run has no request whose language could count: the sponsor's own locale decides
        model.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(sponsor)
                    .send(subjectKey, subjectArgs, template, model);
            return true;
        } catch (EmailException e) {
            LOG.warnf("Gatehouse governance: could not send %s to sponsor %s in realm %s: %s", template, sponsor.getId(),
                    realm.getName(), e.getMessage());
            return false;
        }
    }
}
