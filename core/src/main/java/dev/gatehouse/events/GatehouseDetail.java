package dev.gatehouse.events;

/** Names of the details Gatehouse adds to Keycloak events, shared by the modules that write and read them. */
public final class GatehouseDetail {

    /** The policy that applied to the sign-in (set only when one did). */
    public static final String POLICY = "gatehouse_policy";
    public static final String RULE = "gatehouse_rule";
    /** The step-up method; {@link #NO_STEP_UP} when no policy applied. */
    public static final String METHOD = "gatehouse_step_up";
    public static final String NO_STEP_UP = "none";
    public static final String ATTEMPTS_LEFT = "gatehouse_attempts_left";
    public static final String VERIFIED_EARLIER = "gatehouse_verified_earlier";
    /** Report-only policies that would have applied, by name, and the method the first would require. */
    public static final String REPORT_ONLY = "gatehouse_report_only";
    public static final String WOULD_REQUIRE = "gatehouse_would_require";
    /** The rule that matched for each report-only policy, in the order of {@link #REPORT_ONLY} (read by the impact report). */
    public static final String REPORT_ONLY_RULES = "gatehouse_report_only_rules";
    public static final String SSO_OUTCOME = "gatehouse_sso_outcome";
    /** On a token refusal: what was refused ({@code refresh}, {@code password}, {@code offline}, …). */
    public static final String GRANT = "gatehouse_grant";
    /** Which per-user verification budget is spent. */
    public static final String BUDGET = "gatehouse_budget";
    /** The flow path a refused sign-in came through, and who impersonated the user. */
    public static final String PATH = "gatehouse_path";
    public static final String IMPERSONATOR = "gatehouse_impersonator";
    /** Local paths of the existing groups an identity provider named but may not place users in. */
    public static final String REFUSED_GROUPS = "gatehouse_refused_groups";
    // governance: sponsors and invitations
    /** A sponsor's user id, and (on a departure) their username and how they left ({@code disabled}, {@code deleted}). */
    public static final String SPONSOR = "gatehouse_sponsor";
    public static final String SPONSOR_USERNAME = "gatehouse_sponsor_username";
    public static final String DEPARTURE = "gatehouse_departure";
    /** The invitation a link or a new user belongs to. */
    public static final String INVITATION = "gatehouse_invitation";

    /** Governance: the stage an event reports (notified, disabled, deleted, reminded, extended, ...). */
    public static final String GOVERNANCE_STAGE = "gatehouse_governance_stage";
    /** Governance: the end date an event concerns (ISO-8601), and the group of a membership end date. */
    public static final String END_DATE = "gatehouse_end_date";
    public static final String GROUP = "gatehouse_group";
    /** Governance: why (e.g. unanswered, revoked, no-sponsor). */
    public static final String GOVERNANCE_REASON = "gatehouse_governance_reason";

    private GatehouseDetail() {
    }
    /** Provisioning admin events: a quarantine entered, left or released ({@code enter}, {@code leave}, {@code release}) and why. */
    public static final String QUARANTINE = "gatehouse_quarantine";
    public static final String REASON = "gatehouse_reason";
    /** Provisioning admin events: rows a full sync queued, dead letters retried or purged. */
    public static final String QUEUED = "gatehouse_queued";
    public static final String DEAD_LETTERS = "gatehouse_dead_letters";
    /** Provisioning admin events: a full-sync job started or cancelled ({@code start}, {@code cancel}), and its id. */
    public static final String SYNC = "gatehouse_sync";
    public static final String SYNC_JOB = "gatehouse_sync_job";
    /** Provisioning admin events: a preview job started or cancelled ({@code start}, {@code cancel}), and its id. */
    public static final String PREVIEW = "gatehouse_preview";
    public static final String PREVIEW_JOB = "gatehouse_preview_job";
}
