#!/usr/bin/env bash
# Gatehouse demo: builds the jar, starts a mail catcher and Keycloak with a demo realm.
# Needs only JDK 17 and Maven; stop everything with Ctrl-C.
#
#   ./demo.sh                                            Keycloak on 8080, management on 9000
#   GATEHOUSE_DEMO_PORT=18080 GATEHOUSE_DEMO_MGMT_PORT=19000 ./demo.sh
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)

HTTP_PORT=${GATEHOUSE_DEMO_PORT:-8080}
MGMT_PORT=${GATEHOUSE_DEMO_MGMT_PORT:-9000}
# The realm's smtpServer points at 127.0.0.1:2525, so the SMTP port is fixed; 2525 keeps clear of
# GreenMail's usual 3025, which the integration tests use.
SMTP_PORT=2525
MAIL_UI_PORT=8025
REALM=gatehouse-demo

DEMO_DIR=$ROOT/dist/target/demo
REALM_JSON=$ROOT/dist/src/demo/gatehouse-demo-realm.json
# A second realm acting as the vendors' own identity provider, for the SSO step-up.
UPSTREAM_JSON=$ROOT/dist/src/demo/vendor-upstream-realm.json
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
KC_HOME=$DEMO_DIR/keycloak-$KEYCLOAK_VERSION

say() { printf '[demo] %s\n' "$*" 2>/dev/null || true; }
die() { printf '[demo] ERROR: %s\n' "$*" >&2; exit 1; }

# True when something already listens on 127.0.0.1:$1 (bash's /dev/tcp: no curl or nc needed).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v java >/dev/null || die "java not found: install JDK 17 or later."
command -v mvn >/dev/null || die "mvn not found: install Maven."

# Fail early with a clear message rather than half-starting with a port taken.
for port in "$HTTP_PORT" "$MGMT_PORT" "$SMTP_PORT" "$MAIL_UI_PORT"; do
    if port_busy "$port"; then
        die "port $port on 127.0.0.1 is in use (a demo still running?). Free it, or set GATEHOUSE_DEMO_PORT / GATEHOUSE_DEMO_MGMT_PORT."
    fi
done

# 1. Build the deployable jar; the demo profile also fetches the Keycloak distribution and GreenMail
#    into dist/target/demo (unpacked once, so the demo's database survives later runs).
say "Building Gatehouse; the first run also downloads Keycloak $KEYCLOAK_VERSION (~180 MB) and GreenMail..."
mvn -B -q -DskipTests -Pdemo package -pl dist -am

# The shaded jar (not the shade plugin's original-*); the newest, should an older version be left over.
JAR=$(ls -t "$ROOT"/dist/target/gatehouse-*.jar 2>/dev/null | grep -v '/original-' | head -n 1 || true)
[ -n "$JAR" ] || die "no dist/target/gatehouse-*.jar after the build."
[ -x "$KC_HOME/bin/kc.sh" ] || die "$KC_HOME is missing: delete dist/target/demo and run again."
[ -f "$DEMO_DIR/greenmail-standalone.jar" ] || die "$DEMO_DIR/greenmail-standalone.jar is missing."

# 2. Install the extension (dropping jars of older builds) and the realm to import.
rm -f "$KC_HOME"/providers/gatehouse-*.jar
cp "$JAR" "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
# The realms name their URLs with port 8080; the demo may run on another.
for json in "$REALM_JSON" "$UPSTREAM_JSON"; do
    sed "s#http://localhost:8080#http://localhost:$HTTP_PORT#g" "$json" > "$KC_HOME/data/import/$(basename "$json")"
done

# 3. Mail catcher: GreenMail on loopback. auth.disabled accepts any sender and recipient and creates
#    a mailbox per recipient; its REST API and web page show what arrived. Stopped when this script exits.
GREENMAIL_LOG=$DEMO_DIR/greenmail.log
say "Starting GreenMail (SMTP 127.0.0.1:$SMTP_PORT, web/API 127.0.0.1:$MAIL_UI_PORT), log: $GREENMAIL_LOG"
java -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port=$SMTP_PORT \
     -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port=$MAIL_UI_PORT \
     -Dgreenmail.auth.disabled \
     -jar "$DEMO_DIR/greenmail-standalone.jar" >"$GREENMAIL_LOG" 2>&1 &
GREENMAIL_PID=$!
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
    stop "$GREENMAIL_PID" GreenMail
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
# With output piped (./demo.sh | tee log), Ctrl-C also ends the reader; a write must not kill this
# script before it has stopped the servers.
trap '' PIPE

for _ in $(seq 1 60); do
    port_busy "$MAIL_UI_PORT" && port_busy "$SMTP_PORT" && break
    kill -0 "$GREENMAIL_PID" 2>/dev/null || die "GreenMail exited; see $GREENMAIL_LOG"
    sleep 0.5
done
port_busy "$MAIL_UI_PORT" || die "GreenMail did not open port $MAIL_UI_PORT; see $GREENMAIL_LOG"

BASE=http://localhost:$HTTP_PORT
MAIL=http://127.0.0.1:$MAIL_UI_PORT
banner() {
    cat <<EOF

==================================================================================================
 Gatehouse demo  (Keycloak $KEYCLOAK_VERSION, realm $REALM)

 Admin console    $BASE/admin/            admin / admin
                  Gatehouse policies of the demo realm:
                  $BASE/admin/master/console/#/$REALM/page-section/gatehouse-external-user-policy
 Sign in as user  $BASE/realms/$REALM/account
                  olivia / olivia   olivia@corp.example  internal: password only
                  ada    / ada      ada@partner.example  external: password, then a code sent by email
                  pat    / pat      pat@vendor.example   vendor: password, then sign-in at the vendor's own
                                    identity provider (realm "vendor") as pat / pat-at-vendor; signing in
                                    there as mallory / mallory-at-vendor is refused (another person)
 Read the email   $MAIL/api/user/ada@partner.example/messages/
                  (JSON; the code is in "mimeMessage". All mailboxes: $MAIL/api/user
                   API explorer: $MAIL/ ; delete all mail: POST $MAIL/api/mail/purge)
 Outgoing SMTP    127.0.0.1:$SMTP_PORT (GreenMail, accepts any recipient, delivers nowhere)

 Stop with Ctrl-C.
==================================================================================================

EOF
}
banner

# Keycloak's own log scrolls the banner away: repeat it once the HTTP port answers.
(
    while ! port_busy "$HTTP_PORT"; do sleep 2; done
    sleep 1
    say "Keycloak is up."
    banner
) &
WATCHER_PID=$!

# 4. Keycloak in dev mode (H2 file database under $KC_HOME/data). --import-realm skips a realm
#    that already exists, so later runs keep what was changed in the admin console.
#    declarative-ui lets the Gatehouse policy page appear in the admin console. Private provisioning
#    targets are allowed, so a SCIM server or webhook receiver tried out on this machine (localhost) can be added.
export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=admin
say "Starting Keycloak on port $HTTP_PORT (management $MGMT_PORT)..."
# Run it as a child and wait, so Ctrl-C or a TERM to this script reaches the trap at once and stops
# both servers (background children of a script ignore Ctrl-C themselves).
"$KC_HOME/bin/kc.sh" start-dev --import-realm --features=declarative-ui \
    --spi-events-listener--gatehouse-provisioning--allow-private-targets=true \
    --http-port="$HTTP_PORT" --http-management-port="$MGMT_PORT" &
KC_PID=$!
wait "$KC_PID"
