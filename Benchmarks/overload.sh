#!/usr/bin/env bash
# Overload of the real server (release build, demo académie, SQLite): SAML
# SSO for pupils with live sessions, by the light Go load client, at rising
# concurrency, while a second client probes /healthz. Closed loop: each
# worker sends its next request when the last is answered, so "200 %" is
# twice the workers that saturate the server. Then the same at 4× with a
# small --max-in-flight, to show requests shed with 503 instead of queued.
# One JSON line per run (p50/p99, rate, errors, the client's own CPU per
# request, server CPU per request, the server's peak memory).
#   Benchmarks/overload.sh [seconds=8]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-8}
loadgo=${LOADGO:-$root/Benchmarks/.build/loadgo}
[ -x "$loadgo" ] || (mkdir -p "$root/Benchmarks/.build" && cd "$root/Benchmarks/loadgo" && go build -o "$loadgo" .)
[ -n "${SESAME_BIN:-}" ] || swift build -c release --product sesame >/dev/null
sesame=${SESAME_BIN:-"$root/.build/release/sesame"}

work=$(mktemp -d /tmp/sesame-overload.XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start() {  # start [extra flags…]
    [ -n "$server" ] && { kill "$server"; wait "$server" 2>/dev/null || true; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    base="http://127.0.0.1:$port"
    rm -rf "$work/run"; mkdir -p "$work/run"
    (cd "$work/run" && exec "$sesame" serve --demo --port "$port" --public-url "$base" "$@" >"$work/server.log" 2>&1) &
    server=$!
    for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
    # One session per worker: pupils (no establishment question), each logged in 8 times.
    curl -s "$base/demo/accounts.json" | python3 -c '
import json, sys
for a in json.load(sys.stdin):
    if a["role"] == "pupil" and len(a["establishments"]) == 1: print(a["identifier"], a["password"])' > "$work/pupils"
    : > "$work/cookies"
    while read -r id pw; do
        "$loadgo" -mode login -count 8 -base "$base/" -login-url "$base/login" -user "$id" -password "$pw" >> "$work/cookies"
    done < "$work/pupils"
}

run() {  # run LABEL WORKERS
    local sp="$base/demo/ent/ent-departement/"
    "$loadgo" -mode get -base "$base/healthz" -workers 1 -warmup 1s -duration "${seconds}s" -target "healthz during $1" > "$work/health.json" &
    local probe=$!
    "$loadgo" -mode saml -base "$base/saml/sso" -sp "$sp" -acs "${sp}acs" -cookie-file "$work/cookies" -workers "$2" \
        -warmup 1s -duration "${seconds}s" -target "$1" -server-pids "$server" || true
    wait "$probe" || true
    cat "$work/health.json"
    echo "{\"target\": \"$1\", \"server_peak_rss_kib\": $(awk '/VmHWM/ { print $2 }' "/proc/$server/status")}"
}

start
for workers in 1 2 4 8 16 32 64; do run "saml sso, $workers workers" "$workers"; done
start --max-in-flight 16
run "saml sso, 64 workers, --max-in-flight 16" 64
