package dev.gatehouse.provisioning.target;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.config.ComponentSettings;
import dev.gatehouse.provisioning.target.ReceiverSettings.SubjectFormat;

/** The settings of a Shared Signals receiver (target kind {@code ssf}): their console fields and their one parse. */
public final class ReceiverConfig {

    public static final String SET_AUDIENCE = "setAudience";
    public static final String SUBJECT_FORMAT = "subjectFormat";
    public static final String EVENTS = "events";
    public static final String STREAM_CLIENT = "streamClientId";
    /** Written by Gatehouse at an admin's save: the realm's issuer URL as that request saw it. */
    public static final String ISSUER = "issuer";

    /** The events a receiver can choose; all of them when {@code events} is left out. */
    static final Set<SignalType> CHOOSABLE = EnumSet.complementOf(EnumSet.of(SignalType.VERIFICATION));

    private ReceiverConfig() {
    }

    static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(SET_AUDIENCE).label("Receiver: audience (ssf)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Shared Signals receivers: the aud claim of the Security Event Tokens, how the receiver names "
                        + "itself (often its URL). Required for kind ssf.").add()
                .property().name(SUBJECT_FORMAT).label("Receiver: subject format (ssf)").type(ProviderConfigProperty.LIST_TYPE)
                .options("iss_sub", "email").defaultValue("iss_sub")
                .helpText("How users are named in sub_id (RFC 9493): iss_sub (the realm issuer and the user id, as in "
                        + "ID tokens) or email.").add()
                .property().name(EVENTS).label("Receiver: events (ssf)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Which events the receiver gets: " + CHOOSABLE.stream().map(SignalType::id).collect(Collectors.joining(", "))
                        + ". All when empty. The verification event is always sent.").add()
                .property().name(STREAM_CLIENT).label("Receiver: stream client (ssf)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Client id of the realm client whose client-credentials access token may read and verify this "
                        + "stream. The receiver may also use its bearer secret.").add()
                .property().name(ISSUER).label("Receiver: issuer (ssf)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by Gatehouse on save: the realm's issuer URL, the iss of every Security Event Token.").add()
                .build();
        properties.stream().filter(p -> ISSUER.equals(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    /** Spelled as RFC 9493 names them ({@code iss_sub}, {@code email}); iss_sub when left out. */
    private static SubjectFormat subjectFormat(String value) {
        if (value == null) {
            return SubjectFormat.ISS_SUB;
        }
        return Arrays.stream(SubjectFormat.values()).filter(f -> f.id().equals(value.strip())).findFirst()
                .orElseThrow(() -> new ComponentValidationException("Setting " + SUBJECT_FORMAT
                        + " must be one of iss_sub, email, not " + value + "."));
    }

    /** The receiver's settings; null for other kinds, which may not set them. */
    static ReceiverSettings parse(ComponentSettings in, ProvisioningTarget.Kind kind) {
        if (kind != ProvisioningTarget.Kind.SSF) {
            for (String key : List.of(SET_AUDIENCE, EVENTS, STREAM_CLIENT)) {
                if (in.text(key) != null) {
                    throw new ComponentValidationException("Setting " + key + " is for Shared Signals receivers (kind ssf).");
                }
            }
            return null;
        }
        String audience = in.required(SET_AUDIENCE, "Receiver: audience");
        SubjectFormat format = subjectFormat(in.text(SUBJECT_FORMAT));
        Set<SignalType> events = EnumSet.noneOf(SignalType.class);
        for (String id : in.values(EVENTS)) {
            SignalType type = SignalType.ofId(id.strip()).filter(CHOOSABLE::contains).orElseThrow(() ->
                    new ComponentValidationException("Unknown event " + id + "; choose from "
                            + Arrays.toString(CHOOSABLE.stream().map(SignalType::id).toArray()) + "."));
            events.add(type);
        }
        return new ReceiverSettings(audience, format, events.isEmpty() ? CHOOSABLE : events, in.text(STREAM_CLIENT),
                in.text(ISSUER));
    }
}
