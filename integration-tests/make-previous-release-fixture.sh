#!/usr/bin/env bash
# Makes the database fixture of the upgrade test (ClusterProvisioningIT): the PostgreSQL database that an earlier
# real build of Gatehouse created, as a gzipped plain SQL dump under src/test/resources. Run once per release
# that the upgrade should start from; commit the dump together with this script.
#
#   integration-tests/make-previous-release-fixture.sh [commit]     (default 27baac6: before provisioning)
#
# 1. builds the dist jar of that commit (git archive into a temporary directory, mvn package — never install),
# 2. starts an empty PostgreSQL 15 from Debian's postgresql-15 package (PostgreSQL 17, which the tests run,
#    has no pg_dump on Maven Central or in Debian 12; a plain dump restores into any newer server),
# 3. runs PreviousReleaseFixture: a Keycloak 26.7.3 node with the old jar creates its schema, the cluster test's
#    realm (a policy, users) is imported and one identity-provider group grant recorded, the node stops cleanly,
# 4. pg_dump (plain SQL, no owners or grants) | gzip into the fixture.
# Needs: git, Maven, Debian's postgresql-15 and postgresql-client-15, util-linux (runuser) when run as root.
set -euo pipefail

COMMIT=${1:-27baac6}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PG_PORT:-55432}
OUT=$ROOT/integration-tests/src/test/resources/dev/gatehouse/it/cluster/previous-release.sql.gz
WORK=$(mktemp -d /tmp/gatehouse-previous.XXXXXX)
AS_POSTGRES=()
if [ "$(id -u)" = 0 ]; then
  AS_POSTGRES=(runuser -u postgres --)   # PostgreSQL refuses to run as root
fi

stop_postgres() {
  "${AS_POSTGRES[@]}" "$PG/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop_postgres EXIT

echo "== building Gatehouse at $(git -C "$ROOT" rev-parse --short "$COMMIT")"
mkdir -p "$WORK/src"
git -C "$ROOT" archive "$COMMIT" | tar -x -C "$WORK/src"
(cd "$WORK/src" && mvn -B -q package -Dmaven.test.skip=true -pl dist -am)
JAR=$(ls "$WORK"/src/dist/target/gatehouse-*.jar | grep -v '/original-')

echo "== PostgreSQL $("$PG/postgres" --version | awk '{print $3}') on port $PORT"
mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK" "$WORK/pg"
"${AS_POSTGRES[@]}" "$PG/initdb" -D "$WORK/pg/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
"${AS_POSTGRES[@]}" "$PG/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
  -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null
"$PG/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -c 'CREATE DATABASE keycloak'

echo "== the previous release creates its database"
(cd "$ROOT" && flock /tmp/gatehouse-it.lock mvn -B -q verify -pl integration-tests -am \
  -Dit.test=PreviousReleaseFixture -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgatehouse.previous.jar="$JAR" -Dgatehouse.previous.dbUrl="jdbc:postgresql://127.0.0.1:$PORT/keycloak")

"$PG/pg_dump" -h 127.0.0.1 -p "$PORT" -U postgres --no-owner --no-privileges keycloak | gzip -9n > "$OUT"
echo "== wrote $OUT ($(stat -c %s "$OUT") bytes) from commit $COMMIT"
rm -rf "$WORK/src"
