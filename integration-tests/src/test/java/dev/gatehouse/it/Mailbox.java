package dev.gatehouse.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.keycloak.testframework.mail.MailServer;

/** Reads the one-time codes Keycloak sent to GreenMail. */
public final class Mailbox {

    private static final Pattern CODE = Pattern.compile("^\\s*(\\d{6,10})\\s*$", Pattern.MULTILINE);

    private final MailServer mail;

    Mailbox(MailServer mail) {
        this.mail = mail;
    }

    int count() {
        return mail.getReceivedMessages().length;
    }

    /** How long a mail may take on a loaded 2-core machine; the wait ends when it arrives. */
    static final int PATIENCE_MILLIS = 60_000;

    /** Waits for message number {@code count + 1} and returns it. */
    MimeMessage next(int countBefore) {
        if (!mail.waitForIncomingEmail(PATIENCE_MILLIS, countBefore + 1)) {
            throw new AssertionError("no email arrived");
        }
        MimeMessage[] all = mail.getReceivedMessages();
        return all[all.length - 1];
    }

    /** Waits for the message at {@code index} (0: the first the server received) and returns it. */
    MimeMessage at(int index) {
        if (!mail.waitForIncomingEmail(PATIENCE_MILLIS, index + 1)) {
            throw new AssertionError("no email number " + (index + 1) + " arrived");
        }
        return mail.getReceivedMessages()[index];
    }

    static String recipient(MimeMessage message) throws Exception {
        return message.getRecipients(Message.RecipientType.TO)[0].toString();
    }

    static String plainText(MimeMessage message) throws Exception {
        return part(message.getContent(), "text/plain");
    }

    static String html(MimeMessage message) throws Exception {
        return part(message.getContent(), "text/html");
    }

    public static String code(MimeMessage message) throws Exception {
        Matcher m = CODE.matcher(plainText(message));
        if (!m.find()) {
            throw new AssertionError("no code in email");
        }
        return m.group(1);
    }

    private static String part(Object content, String type) throws Exception {
        if (content instanceof String s) {
            return s;
        }
        Multipart multipart = (Multipart) content;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                String found = part(nested, type);
                if (found != null) {
                    return found;
                }
            } else if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        return null;
    }
}
