#!/usr/bin/env bash
# Gatehouse demo: builds the jar, starts a mail catcher, a provisioning target (SCIM server and webhook
# receiver) and Keycloak with the demo realms. Needs only JDK 17 and Maven; stop everything with Ctrl-C.
#
#   ./demo.sh                                            Keycloak on 8080, management (metrics, health) on 9000
#   GATEHOUSE_DEMO_PORT=18080 GATEHOUSE_DEMO_MGMT_PORT=19000 ./demo.sh
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)

HTTP_PORT=${GATEHOUSE_DEMO_PORT:-8080}
MGMT_PORT=${GATEHOUSE_DEMO_MGMT_PORT:-9000}
# The realm's smtpServer points at 127.0.0.1:2525, so the SMTP port is fixed; 2525 keeps clear of
# GreenMail's usual 3025, which the integration tests use. The demo target's port is named in the docs.
SMTP_PORT=2525
MAIL_UI_PORT=8025
TARGET_PORT=8090
REALM=gatehouse-demo

DEMO_DIR=$ROOT/dist/target/demo
# Every dist/src/demo/<realm>-realm.json is imported: the demo realm, and "vendor", the vendors' own
# identity provider for the SSO step-up.
REALM_FILES=("$ROOT"/dist/src/demo/*-realm.json)
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
KC_HOME=$DEMO_DIR/keycloak-$KEYCLOAK_VERSION
VAULT_DIR=$DEMO_DIR/vault

say() { printf '[demo] %s\n' "$*" 2>/dev/null || true; }
die() { printf '[demo] ERROR: %s\n' "$*" >&2; exit 1; }

# True when something already listens on 127.0.0.1:$1 (bash's /dev/tcp: no curl or nc needed).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# True when GET http://127.0.0.1:$1$2 answers 200.
http_ok() {
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
        IFS= read -r -t 10 status <&3 && [[ $status == "HTTP/1."?" 200"* ]]
    ) 2>/dev/null
}

command -v java >/dev/null || die "java not found: install JDK 17 or later."
command -v mvn >/dev/null || die "mvn not found: install Maven."

# Fail early with a clear message rather than half-starting with a port taken.
for port in "$HTTP_PORT" "$MGMT_PORT" "$SMTP_PORT" "$MAIL_UI_PORT" "$TARGET_PORT"; do
    if port_busy "$port"; then
        die "port $port on 127.0.0.1 is in use (a demo still running?). Free it, or set GATEHOUSE_DEMO_PORT / GATEHOUSE_DEMO_MGMT_PORT."
    fi
done

# 1. Build the deployable jar and the demo target; the demo profile also fetches the Keycloak distribution
#    and GreenMail into dist/target/demo (unpacked once, so the demo's database survives later runs).
say "Building Gatehouse; the first run also downloads Keycloak $KEYCLOAK_VERSION (~180 MB) and GreenMail..."
mvn -B -q -Dmaven.test.skip=true -Pdemo package -pl dist,demo-target -am

# The shaded jar (not the shade plugin's original-*); the newest, should an older version be left over.
JAR=$(ls -t "$ROOT"/dist/target/gatehouse-*.jar 2>/dev/null | grep -v '/original-' | head -n 1 || true)
[ -n "$JAR" ] || die "no dist/target/gatehouse-*.jar after the build."
TARGET_JAR=$(ls -t "$ROOT"/demo-target/target/gatehouse-demo-target-*.jar 2>/dev/null | head -n 1 || true)
[ -n "$TARGET_JAR" ] || die "no demo-target/target/gatehouse-demo-target-*.jar after the build."
[ -x "$KC_HOME/bin/kc.sh" ] || die "$KC_HOME is missing: delete dist/target/demo and run again."
[ -f "$DEMO_DIR/greenmail-standalone.jar" ] || die "$DEMO_DIR/greenmail-standalone.jar is missing."

# 2. Install the extension (dropping jars of older builds) and the realms to import. Keycloak imports
#    data/import/<realm>-realm.json and refuses a file whose name differs from its realm, so the import
#    folder is emptied and refilled each run (a realm that exists already is skipped).
rm -f "$KC_HOME"/providers/gatehouse-*.jar
cp "$JAR" "$KC_HOME/providers/"
rm -rf "$KC_HOME/data/import"
mkdir -p "$KC_HOME/data/import"
for json in "${REALM_FILES[@]}"; do
    realm=$(sed -n 's/^  "realm": "\([^"]*\)".*/\1/p' "$json" | head -n 1)
    [ -n "$realm" ] || die "$json names no realm."
    # The realms name their URLs with port 8080; the demo may run on another.
    sed "s#http://localhost:8080#http://localhost:$HTTP_PORT#g" "$json" > "$KC_HOME/data/import/$realm-realm.json"
done
# The realms are imported with the URLs of this port, so each HTTP port keeps an H2 database of its own
# (8080 keeps Keycloak's default one, so a demo set up before stays as it was).
DB_OPTIONS=()
if [ "$HTTP_PORT" != 8080 ]; then
    DB_OPTIONS=("--db-url=jdbc:h2:file:$KC_HOME/data/h2/keycloakdb-$HTTP_PORT;NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=0")
fi

# 3. Keycloak's file vault (<realm>_<key>), with the secrets of the demo target, made once: the SCIM
#    bearer token and the webhook signing secret that docs/provisioning.md's demo targets name.
mkdir -p "$VAULT_DIR"
chmod 700 "$VAULT_DIR"
SCIM_TOKEN_FILE=$VAULT_DIR/${REALM}_app-scim-token
WEBHOOK_SECRET_FILE=$VAULT_DIR/${REALM}_app-webhook-secret
random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
[ -s "$SCIM_TOKEN_FILE" ] || (umask 077; random_base64 24 | tr '+/' '-_' | tr -d '=' > "$SCIM_TOKEN_FILE")
[ -s "$WEBHOOK_SECRET_FILE" ] || (umask 077; printf 'whsec_%s' "$(random_base64 32)" > "$WEBHOOK_SECRET_FILE")

GREENMAIL_PID=
TARGET_PID=
WATCHER_PID=
KC_PID=
# Stop what this script started, Keycloak first (TERM lets it shut down cleanly), on any exit.
stop() { # pid name
    if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
        say "Stopping $2."
        kill "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}
cleanup() {
    [ -n "$WATCHER_PID" ] && kill "$WATCHER_PID" 2>/dev/null || true
    stop "$KC_PID" Keycloak
    stop "$TARGET_PID" "the demo target"
    stop "$GREENMAIL_PID" GreenMail
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
# With output piped (./demo.sh | tee log), Ctrl-C also ends the reader; a write must not kill this
# script before it has stopped the servers.
trap '' PIPE

# Waits for a port of a process this script started.
await_port() { # port pid name log
    for _ in $(seq 1 120); do
        port_busy "$1" && return 0
        kill -0 "$2" 2>/dev/null || die "$3 exited; see $4"
        sleep 0.5
    done
    die "$3 did not open port $1; see $4"
}

# 4. Mail catcher: GreenMail on loopback. auth.disabled accepts any sender and recipient and creates
#    a mailbox per recipient; its REST API and web page show what arrived.
GREENMAIL_LOG=$DEMO_DIR/greenmail.log
say "Starting GreenMail (SMTP 127.0.0.1:$SMTP_PORT, web/API 127.0.0.1:$MAIL_UI_PORT), log: $GREENMAIL_LOG"
java -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port=$SMTP_PORT \
     -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port=$MAIL_UI_PORT \
     -Dgreenmail.auth.disabled \
     -jar "$DEMO_DIR/greenmail-standalone.jar" >"$GREENMAIL_LOG" 2>&1 &
GREENMAIL_PID=$!

# 5. The application Gatehouse provisions to: SCIM at /scim/v2, webhooks at /webhooks, what arrived at /.
TARGET_LOG=$DEMO_DIR/demo-target.log
say "Starting the demo target (SCIM server and webhook receiver, http://localhost:$TARGET_PORT/), log: $TARGET_LOG"
java -jar "$TARGET_JAR" "$TARGET_PORT" "$SCIM_TOKEN_FILE" "$WEBHOOK_SECRET_FILE" >"$TARGET_LOG" 2>&1 &
TARGET_PID=$!

await_port "$SMTP_PORT" "$GREENMAIL_PID" GreenMail "$GREENMAIL_LOG"
await_port "$MAIL_UI_PORT" "$GREENMAIL_PID" GreenMail "$GREENMAIL_LOG"
await_port "$TARGET_PORT" "$TARGET_PID" "The demo target" "$TARGET_LOG"

BASE=http://localhost:$HTTP_PORT
MGMT=http://localhost:$MGMT_PORT
MAIL=http://127.0.0.1:$MAIL_UI_PORT
TARGET=http://localhost:$TARGET_PORT
VENDOR_LOGOUT=$BASE/realms/vendor/protocol/openid-connect/logout
banner() {
    cat <<EOF

==================================================================================================
 Gatehouse demo  (Keycloak $KEYCLOAK_VERSION, realm $REALM)

 Admin console   $BASE/admin/   admin / admin
                 Gatehouse policies: $BASE/admin/master/console/#/$REALM/page-section/gatehouse-external-user-policy

 Try it: sign in at $BASE/realms/$REALM/account (a private window starts a fresh session)
  Password only  olivia / olivia -> her account page at once (internal user: no second step)
  Email code     ada / ada -> asks for a 6-digit code; read it at $MAIL/api/user/ada@partner.example/messages/
  Company SSO    pat / pat -> Continue -> realm "vendor": pat / pat-at-vendor -> her account page
  Other person   pat / pat -> Continue -> at the vendor mallory / mallory-at-vendor -> refused (not pat). The vendor
                 keeps its session (its page then keeps the name pat): after pat signed in there, sign out
                 at the vendor first: $VENDOR_LOGOUT
  Provisioning   add the demo target as docs/provisioning.md says ("Try it on the demo"), then sign in as ada
                 -> she appears at $TARGET/ (SCIM users, groups, verified webhook messages)
  Governance     ada's sponsor is olivia (from ada's "sponsor" attribute, recorded when ada signs in); attestation is
                 on for "Partners verify by email" (every 30 days): olivia's mails with a confirm and a revoke link
                 for ada arrive at $MAIL/api/user/olivia@corp.example/messages/
                 Inventory: docs/governance.md ("Inventory export"): GET $BASE/admin/realms/$REALM/gatehouse-governance/inventory
  Metrics        $MGMT/metrics (gatehouse_provisioning_*); health $MGMT/health/ready
  Events         admin console -> $REALM -> Events (LOGIN, LOGIN_ERROR with gatehouse_* details, REFRESH_TOKEN_ERROR)

 Mail catcher    $MAIL/api/user (all mailboxes; SMTP 127.0.0.1:$SMTP_PORT delivers nowhere)
 Vault           $VAULT_DIR (${REALM}_app-scim-token, ${REALM}_app-webhook-secret)
 Stop with Ctrl-C.
==================================================================================================

EOF
}

# Keycloak's own log scrolls the banner away: show it once Keycloak says it is ready.
(
    until http_ok "$MGMT_PORT" /health/ready; do sleep 2; done
    say "Keycloak is ready."
    banner
) &
WATCHER_PID=$!

# 6. Keycloak in dev mode (H2 file database under $KC_HOME/data). --import-realm skips a realm
#    that already exists, so later runs keep what was changed in the admin console.
#    declarative-ui lets the Gatehouse pages appear in the admin console. Private provisioning targets are
#    allowed, so the demo target (localhost) can be added. Metrics and health on the management port.
#    Governance: the sponsor rule reads the "sponsor" attribute.
export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=admin
say "Starting Keycloak on port $HTTP_PORT (management $MGMT_PORT); the banner follows once it is ready..."
# Run it as a child and wait, so Ctrl-C or a TERM to this script reaches the trap at once and stops
# all servers (background children of a script ignore Ctrl-C themselves).
"$KC_HOME/bin/kc.sh" start-dev --import-realm --features=declarative-ui \
    --spi-events-listener--gatehouse-provisioning--allow-private-targets=true \
    --spi-admin-realm-restapi-extension--gatehouse-governance--sponsor-attribute=sponsor \
        --vault=file --vault-dir="$VAULT_DIR" \
    --metrics-enabled=true --health-enabled=true \
    ${DB_OPTIONS[@]+"${DB_OPTIONS[@]}"} \
    --http-port="$HTTP_PORT" --http-management-port="$MGMT_PORT" &
KC_PID=$!
wait "$KC_PID"
