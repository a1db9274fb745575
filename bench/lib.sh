# Shared by the benchmark scripts (sourced, not run): messages, a port check, and stopping the one Keycloak a
# script starts (into KC_PID) on any exit, also on Ctrl-C.

say() { printf '[bench] %s\n' "$*"; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
# True when something already listens on 127.0.0.1:$1 (bash's /dev/tcp: no curl or nc needed).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

KC_PID=
stop_keycloak() {
    if [ -n "$KC_PID" ] && kill -0 "$KC_PID" 2>/dev/null; then
        say "Stopping Keycloak."
        kill "$KC_PID" 2>/dev/null || true
        wait "$KC_PID" 2>/dev/null || true
    fi
    KC_PID=
}
trap stop_keycloak EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
