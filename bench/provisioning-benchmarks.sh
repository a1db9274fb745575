#!/usr/bin/env bash
# Gatehouse provisioning benchmarks, all in one run on one machine (docs/benchmarks.md):
#   1. the drain: N queued users delivered to the test SCIM server answering at once (ProvisioningBenchmark);
#   2. the same to a SCIM server answering every request 100 ms late, without and with SCIM Bulk;
#   3. the full sync of a large realm as a background job, on the test framework's file H2 (FullSyncBenchmark)
#      and on PostgreSQL with a production-built Keycloak node (FullSyncPostgresBenchmark).
# Each runs its own Keycloak through the test framework (ports 8080, 9000, 8500 must be free). Needs JDK 17 and Maven.
#
# Settings (environment):
#   BENCH_DRAIN_USERS=100000      users queued and drained in 1.
#   BENCH_SLOW_USERS=20000        users drained in 2.
#   BENCH_SLOW_CONCURRENCY=64     the worker's senders in 2. (-Dgatehouse.worker.concurrency; empty: the default 16)
#   BENCH_SYNC_USERS=1000000      users in the realm of 3. on PostgreSQL
#   BENCH_SYNC_H2_USERS=100000    users in the realm of 3. on H2 (its file store slows down past a few 100,000)
#   BENCH_ONLY="drain slow sync-h2 sync-postgres"   which of them to run
#   MVN="mvn -B"                  how Maven is called (e.g. "mvn -o -B" offline)
# Results: each benchmark's block is printed and kept in integration-tests/target/*.txt; a summary with the load
# average before and after each is written to bench/target/provisioning-<time>.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -B}
ONLY=${BENCH_ONLY:-drain slow sync-h2 sync-postgres}
SLOW_CONCURRENCY=${BENCH_SLOW_CONCURRENCY-64}
mkdir -p bench/target
out=bench/target/provisioning-$(date -u +%Y%m%dT%H%M%SZ).txt
{ echo "Gatehouse provisioning benchmarks, $(date -u), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)";
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"; } > "$out"

run() { # name, test class, result file, -D options...
    local name=$1 test=$2 result=$3; shift 3
    case " $ONLY " in *" $name "*) ;; *) return 0 ;; esac
    echo "== $name: load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
    rm -f "integration-tests/target/$result"
    $MVN verify -pl integration-tests -am -Dit.test="$test" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
        -DfailIfNoTests=false -Djacoco.skip=true "$@" > "bench/target/$name.log" 2>&1
    local rc=$?
    if [ -f "integration-tests/target/$result" ]; then cat "integration-tests/target/$result" | tee -a "$out"; fi
    echo "== $name: exit $rc, load after: $(cut -d' ' -f1-3 /proc/loadavg) (log: bench/target/$name.log)" | tee -a "$out"
}

run drain ProvisioningBenchmark provisioning-benchmark.txt -Dgatehouse.bench.users="${BENCH_DRAIN_USERS:-100000}"
run slow ProvisioningBenchmark provisioning-benchmark-100ms.txt -Dgatehouse.bench.users="${BENCH_SLOW_USERS:-20000}" \
    -Dgatehouse.bench.latencyMillis=100 -Dgatehouse.bench.bulkMaxOperations=0,100 \
    ${SLOW_CONCURRENCY:+-Dgatehouse.worker.concurrency=$SLOW_CONCURRENCY}
run sync-h2 FullSyncBenchmark full-sync-benchmark.txt -Dkc.test.database=dev-file -Dgatehouse.bench.users="${BENCH_SYNC_H2_USERS:-100000}"
run sync-postgres FullSyncPostgresBenchmark full-sync-postgres-benchmark.txt -Dgatehouse.bench.users="${BENCH_SYNC_USERS:-1000000}"
echo "summary: $out"
