#!/usr/bin/env bash
# Gatehouse group-list mappers benchmark: token and SAML-response issuance with Gatehouse's group-list mappers
# against Keycloak's built-in Group Membership (OIDC) / Group list (SAML) mappers, for users in 10, 1,000 and
# 10,000 groups, side by side on one server in one run; prints the ratios and SQL statements per request.
# Needs only JDK 17 and Maven. Results: docs/benchmarks.md, section "Group-list mappers".
#
#   bench/mappers-benchmark.sh               Keycloak (start-dev, H2) on HTTP 38080, management 39000
#
# Settings (environment):
#   BENCH_MAPPERS_HTTP_PORT / BENCH_MAPPERS_MGMT_PORT   Keycloak ports (default 38080 / 39000)
#   BENCH_MAPPERS_WARMUP=30                   warm-up request pairs per case at 10 groups (proportionally fewer above)
#   BENCH_MAPPERS_ROUNDS=8                    measured rounds; each round runs every case (order rotated)
#   BENCH_MAPPERS_PAIRS_10=60 BENCH_MAPPERS_PAIRS_1000=40 BENCH_MAPPERS_PAIRS_10000=10
#                                             request pairs (built-in + Gatehouse) per case and round
#   BENCH_MAPPERS_MAX_SECONDS=420             no new round starts after this many seconds of measuring
#   BENCH_MAPPERS_SQL_REQUESTS=3              requests per mapper in the SQL-count phase (0: skip the phase)
#   BENCH_MAPPERS_REALMS_CACHE=30000          entries of Keycloak's realms cache (groups live there); Keycloak's
#                                             default, 10000, is too small for a realm of 10,100 groups: the cache
#                                             then evicts groups and every 10,000-group request reloads hundreds to
#                                             thousands of them from the database. "default": leave Keycloak's.
#   BENCH_MAPPERS_KC_OPTS="..."               further kc.sh options
#   BENCH_MAPPERS_FRESH=1                     start from a new copy of Keycloak (new database, realm created again)
#   BENCH_MAPPERS_SKIP_BUILD=1                reuse the jar and Keycloak already in dist/target
#
# Keycloak runs from its own copy, bench/target/mappers/keycloak-<version> (the demo's database is not touched).
# The realm bench-mappers (10,000 groups) is created once through the admin REST API and kept for later runs.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

HTTP_PORT=${BENCH_MAPPERS_HTTP_PORT:-38080}
MGMT_PORT=${BENCH_MAPPERS_MGMT_PORT:-39000}
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
DIST_DIR=$ROOT/dist/target/demo
WORK=$ROOT/bench/target/mappers
KC_HOME=$WORK/keycloak-$KEYCLOAK_VERSION
SRC=$ROOT/integration-tests/src/test/java/dev/gatehouse/bench/mappers
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$WORK/results-$STAMP.txt

# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

command -v java >/dev/null || die "java not found: install JDK 17 or later."
command -v javac >/dev/null || die "javac not found: install a JDK 17 or later (not only a JRE)."
command -v mvn >/dev/null || die "mvn not found: install Maven."
for port in "$HTTP_PORT" "$MGMT_PORT"; do
    port_busy "$port" && die "port $port on 127.0.0.1 is in use; free it (or set BENCH_MAPPERS_HTTP_PORT / BENCH_MAPPERS_MGMT_PORT)."
done

# 1. The provider jar, and (demo profile) the Keycloak distribution next to it.
if [ "${BENCH_MAPPERS_SKIP_BUILD:-}" != 1 ]; then
    say "Building Gatehouse (the first run also downloads Keycloak $KEYCLOAK_VERSION, ~180 MB)..."
    mvn -B -q -DskipTests -Pdemo package -pl dist -am
fi
JAR=$(ls -t "$ROOT"/dist/target/gatehouse-*.jar 2>/dev/null | grep -v '/original-' | head -n 1 || true)
[ -n "$JAR" ] || die "no dist/target/gatehouse-*.jar: run without BENCH_MAPPERS_SKIP_BUILD."
[ -x "$DIST_DIR/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ] || die "no Keycloak in $DIST_DIR: run without BENCH_MAPPERS_SKIP_BUILD."

# 2. A Keycloak of its own with this build of Gatehouse. Its H2 database (and so the bench realm) is kept
#    between runs unless BENCH_MAPPERS_FRESH=1. One server serves both sides: the built-in and the Gatehouse
#    mappers sit on different clients of the same realm, for the same users.
mkdir -p "$WORK"
if [ "${BENCH_MAPPERS_FRESH:-}" = 1 ] || [ ! -x "$KC_HOME/bin/kc.sh" ]; then
    say "Preparing $KC_HOME (new copy of the distribution)"
    rm -rf "$KC_HOME"
    cp -r "$DIST_DIR/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
fi
rm -f "$KC_HOME"/providers/gatehouse-*.jar
cp "$JAR" "$KC_HOME/providers/"

# 3. The benchmark client: plain Java (JDK only), compiled here, so no Maven run is needed for it.
rm -rf "$WORK/classes"
javac --release 17 -d "$WORK/classes" "$SRC"/*.java || die "the benchmark client in $SRC does not compile."

KC_OPTS=${BENCH_MAPPERS_KC_OPTS:-}
REALMS_CACHE=${BENCH_MAPPERS_REALMS_CACHE:-30000}
[ "$REALMS_CACHE" = default ] || KC_OPTS="--cache-embedded-realms-max-count=$REALMS_CACHE $KC_OPTS"

# Keycloak's log goes to the console, which is kept in $WORK/keycloak-<name>.log (a plain redirect: Keycloak's
# own log file rotates at 10 MB, which would cut the SQL count short).
start_keycloak() { # log-name, extra options...
    local name=$1
    shift
    export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin
    # shellcheck disable=SC2086 # KC_OPTS is a list of options
    "$KC_HOME/bin/kc.sh" start-dev --http-port="$HTTP_PORT" --http-management-port="$MGMT_PORT" \
        --log=console --log-console-color=false $KC_OPTS "$@" \
        >"$WORK/keycloak-$name.log" 2>&1 &
    KC_PID=$!
    say "Keycloak starting (pid $KC_PID, log $WORK/keycloak-$name.log)"
}

# `timeout` (coreutils), when present, bounds a phase that would hang.
run_client() {
    local guard=()
    command -v timeout >/dev/null && guard=(timeout 1500)
    ${guard[@]+"${guard[@]}"} java -cp "$WORK/classes" dev.gatehouse.bench.mappers.MappersBenchmark \
        --base "http://127.0.0.1:$HTTP_PORT" --server-pid "$KC_PID" "$@"
}

# From here on, everything printed is also kept in $RESULTS.
exec > >(tee "$RESULTS") 2>&1
say "Gatehouse group-list mappers benchmark, $STAMP"
say "Keycloak $KEYCLOAK_VERSION (start-dev, H2), jar $(basename "$JAR"), $(nproc 2>/dev/null || echo '?') CPUs," \
    "$(free -h 2>/dev/null | awk '/^Mem:/ {print $2 " RAM"}'), $(uname -sr), $(java -version 2>&1 | head -n 1)"
say "Keycloak options: start-dev ${KC_OPTS:-(none beyond ports and logging)}"
say "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') (other work on this machine skews the timings)"

# 4. Realm, then timing, on one server.
start_keycloak timing
run_client --phase setup
run_client --phase timing \
    --warmup "${BENCH_MAPPERS_WARMUP:-30}" --rounds "${BENCH_MAPPERS_ROUNDS:-8}" \
    --pairs-10 "${BENCH_MAPPERS_PAIRS_10:-60}" --pairs-1000 "${BENCH_MAPPERS_PAIRS_1000:-40}" \
    --pairs-10000 "${BENCH_MAPPERS_PAIRS_10000:-10}" --max-seconds "${BENCH_MAPPERS_MAX_SECONDS:-420}"
say "Load average after the timing: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
stop_keycloak

# 5. Database work: the same server restarted with Hibernate's SQL log on (never during the timing).
if [ "${BENCH_MAPPERS_SQL_REQUESTS:-3}" -gt 0 ]; then
    start_keycloak sql --log-level=INFO,org.hibernate.SQL:debug
    run_client --phase sql --sql-log "$WORK/keycloak-sql.log" --sql-requests "${BENCH_MAPPERS_SQL_REQUESTS:-3}"
    stop_keycloak
fi
say "Results also in $RESULTS"
