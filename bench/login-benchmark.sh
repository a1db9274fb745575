#!/usr/bin/env bash
# Gatehouse login benchmark: a browser login on plain Keycloak and on Keycloak with Gatehouse, side by side on
# one server in one run; prints the ratios. Needs only JDK 17 and Maven. Results: docs/benchmarks.md.
#
#   bench/login-benchmark.sh                 HTTP 18080, management 19000, SMTP sink 127.0.0.1:12525
#
# Settings (environment):
#   BENCH_HTTP_PORT / BENCH_MGMT_PORT        Keycloak ports (default 18080 / 19000; SMTP 12525 is in the realms)
#   BENCH_WARMUP=40                          warm-up logins per realm
#   BENCH_ROUNDS=8 BENCH_LOGINS=48           measured rounds x logins per realm (realms interleaved login by login)
#   BENCH_MAX_SECONDS=300                    no new round starts after this many seconds of measuring
#   BENCH_THREADS=4 BENCH_CONCURRENT_SECONDS=2 BENCH_CONCURRENT_PASSES=10  throughput run (0 seconds: skip)
#   BENCH_SQL_LOGINS=20 BENCH_SQL_COLD_LOGINS=5   SQL-count phase: logins per realm with warm caches, and
#                                            with caches cleared before each login (BENCH_SQL_LOGINS=0: skip)
#   BENCH_SKIP_BUILD=1                       reuse the jar and Keycloak already in dist/target
#   BENCH_PASSWORD_POLICY='...'              a realm password policy for all bench realms, e.g.
#                                            'hashAlgorithm(pbkdf2-sha256) and hashIterations(1)' to see the login
#                                            without the cost of password hashing (default: Keycloak's default)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

HTTP_PORT=${BENCH_HTTP_PORT:-18080}
MGMT_PORT=${BENCH_MGMT_PORT:-19000}
SMTP_PORT=12525 # fixed in bench/realms/bench-otp-realm.json
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
DIST_DIR=$ROOT/dist/target/demo
BENCH_DIR=$ROOT/bench/target
KC_HOME=$BENCH_DIR/keycloak-$KEYCLOAK_VERSION
GREENMAIL_JAR=$DIST_DIR/greenmail-standalone.jar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$BENCH_DIR/results-$STAMP.txt

# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

command -v java >/dev/null || die "java not found: install JDK 17 or later."
command -v mvn >/dev/null || die "mvn not found: install Maven."
for port in "$HTTP_PORT" "$MGMT_PORT" "$SMTP_PORT"; do
    port_busy "$port" && die "port $port on 127.0.0.1 is in use; free it (or set BENCH_HTTP_PORT / BENCH_MGMT_PORT)."
done

# 1. The provider jar, and (demo profile) the Keycloak distribution and GreenMail next to it.
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
    say "Building Gatehouse (the first run also downloads Keycloak $KEYCLOAK_VERSION, ~180 MB)..."
    mvn -B -q -DskipTests -Pdemo package -pl dist -am
fi
JAR=$(ls -t "$ROOT"/dist/target/gatehouse-*.jar 2>/dev/null | grep -v '/original-' | head -n 1 || true)
[ -n "$JAR" ] || die "no dist/target/gatehouse-*.jar: run without BENCH_SKIP_BUILD."
[ -x "$DIST_DIR/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ] || die "no Keycloak in $DIST_DIR: run without BENCH_SKIP_BUILD."
[ -f "$GREENMAIL_JAR" ] || die "no $GREENMAIL_JAR: run without BENCH_SKIP_BUILD."

# 2. A Keycloak of its own (fresh H2 database each run, the demo's is not touched), with Gatehouse installed
#    and the four bench realms to import. One server serves plain and Gatehouse realms alike: the jar's presence
#    costs a realm that does not use it nothing, so bench-plain is plain Keycloak.
say "Preparing $KC_HOME"
mkdir -p "$BENCH_DIR"
rm -rf "$KC_HOME"
cp -r "$DIST_DIR/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
cp "$JAR" "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
cp "$ROOT"/bench/realms/*-realm.json "$KC_HOME/data/import/"
if [ -n "${BENCH_PASSWORD_POLICY:-}" ]; then
    case "$BENCH_PASSWORD_POLICY" in *'"'*|*'\'*|*'|'*) die "BENCH_PASSWORD_POLICY may not hold quotes, backslashes or |." ;; esac
    for realm_json in "$KC_HOME"/data/import/*-realm.json; do
        sed -i "1s|^{\$|{ \"passwordPolicy\": \"$BENCH_PASSWORD_POLICY\",|" "$realm_json"
    done
fi
# Production mode (theme and template caches on, as in a real deployment), H2 file database, local caches.
"$KC_HOME/bin/kc.sh" build --db=dev-file >"$BENCH_DIR/keycloak-build.log" 2>&1 \
    || die "kc.sh build failed; see $BENCH_DIR/keycloak-build.log"

start_keycloak() { # log-name, extra options...
    local name=$1
    shift
    # A temporary admin on loopback only; the SQL phase uses it to clear caches.
    export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin
    "$KC_HOME/bin/kc.sh" start --optimized --cache=local --http-enabled=true --http-host=127.0.0.1 --hostname-strict=false \
        --http-port="$HTTP_PORT" --http-management-port="$MGMT_PORT" \
        --log=file --log-file="$BENCH_DIR/keycloak-$name.log" "$@" >"$BENCH_DIR/keycloak-$name.out" 2>&1 &
    KC_PID=$!
    say "Keycloak starting (pid $KC_PID, log $BENCH_DIR/keycloak-$name.log)"
}

# The benchmark client: one Java source file, GreenMail (SMTP sink for the OTP realm) on the class path. It waits
# for the realms itself. `timeout` (coreutils), when present, bounds a phase that would hang.
run_client() {
    local guard=()
    command -v timeout >/dev/null && guard=(timeout 900)
    ${guard[@]+"${guard[@]}"} java -Dlog4j2.configurationFile="$ROOT/bench/src/log4j2-bench.xml" -cp "$GREENMAIL_JAR" \
        "$ROOT/bench/src/LoginBenchmark.java" --base "http://127.0.0.1:$HTTP_PORT" --smtp-port "$SMTP_PORT" "$@"
}

# From here on, everything printed is also kept in $RESULTS.
exec > >(tee "$RESULTS") 2>&1
say "Gatehouse login benchmark, $STAMP"
say "Keycloak $KEYCLOAK_VERSION, jar $(basename "$JAR"), $(nproc 2>/dev/null || echo '?') CPUs," \
    "$(free -h 2>/dev/null | awk '/^Mem:/ {print $2 " RAM"}'), $(uname -sr)"
say "Password policy of the bench realms: ${BENCH_PASSWORD_POLICY:-Keycloak default}"

# 3. Timing: all realms on one server, interleaved.
start_keycloak timing --import-realm
run_client --phase timing --server-pid "$KC_PID" \
    --warmup "${BENCH_WARMUP:-40}" --rounds "${BENCH_ROUNDS:-8}" --logins-per-round "${BENCH_LOGINS:-48}" \
    --max-seconds "${BENCH_MAX_SECONDS:-300}" --threads "${BENCH_THREADS:-4}" \
    --concurrent-seconds "${BENCH_CONCURRENT_SECONDS:-2}" --concurrent-passes "${BENCH_CONCURRENT_PASSES:-10}"
stop_keycloak

# 4. Database work: the same server restarted with Hibernate's SQL log on (never during the timing).
if [ "${BENCH_SQL_LOGINS:-20}" -gt 0 ]; then
    start_keycloak sql --log-level=INFO,org.hibernate.SQL:debug
    run_client --phase sql --sql-log "$BENCH_DIR/keycloak-sql.log" --sql-logins "${BENCH_SQL_LOGINS:-20}" \
        --sql-cold-logins "${BENCH_SQL_COLD_LOGINS:-5}" --admin-user admin --admin-password admin
    stop_keycloak
fi
say "Results also in $RESULTS"
