#!/usr/bin/env bash
# A burst of password logins against the real server (release build, demo
# académie, SQLite), each login a fresh browser (GET the form, POST it, new
# cookie jar), by the light Go load client of Benchmarks/loadgo.
# Prints one JSON line: logins, wall time, logins/s, the server's CPU per
# login (so logins per core-second), the load client's own CPU per login,
# and the server's peak resident memory before and after the burst.
#   Benchmarks/login-burst.sh [identifiers=9] [logins-per-identifier=16]
# 9 identifiers × 2 logins at a time each = 18 in flight: all come from one
# address, whose budget turns away the 21st reserved attempt (SECURITY.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
identifiers=${1:-9}
per=${2:-16}

loadgo=${LOADGO:-$root/Benchmarks/.build/loadgo}
[ -x "$loadgo" ] || (mkdir -p "$root/Benchmarks/.build" && cd "$root/Benchmarks/loadgo" && go build -o "$loadgo" .)
# SESAME_BIN: another build to compare with (an earlier version), same client, same run.
if [ -z "${SESAME_BIN:-}" ]; then (cd Benchmarks && swift build -c release --product sesame >/dev/null); fi
sesame=${SESAME_BIN:-"$root/Benchmarks/.build/release/sesame"}

work=$(mktemp -d /tmp/sesame-logins.XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; cat "$work"/err-* 2>/dev/null | sort | uniq -c | head -5 >&2; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
(cd "$work" && exec "$sesame" serve --demo --port "$port" >"$work/server.log" 2>&1) &
server=$!
for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

# Activated guardians of the demo académie (they share one demo password).
curl -s "$base/demo/accounts.json" | python3 -c '
import json, sys
rows = [a for a in json.load(sys.stdin) if a["role"] == "guardian" and a["password"]]
print("\n".join(a["identifier"] for a in rows))' | head -n "$identifiers" > "$work/ids" || true
password=$(curl -s "$base/demo/accounts.json" | python3 -c 'import json,sys; print(next(a["password"] for a in json.load(sys.stdin) if a["role"] == "guardian" and a["password"]))')
found=$(wc -l < "$work/ids")

cpu() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hwm() { awk '/VmHWM/ { print $2 }' "/proc/$server/status"; }
ticks=$(getconf CLK_TCK)
rss_before=$(hwm)
cpu_before=$(cpu)
start=$(date +%s.%N)
while read -r id; do
    /usr/bin/time -f "%U %S" -o "$work/time-$id" "$loadgo" -mode login -count "$per" -base "$base/" -login-url "$base/login" \
        -user "$id" -password "$password" -expect-cookie sesame_session > "$work/cookies-$id" 2>"$work/err-$id" &
done < "$work/ids"
wait_for_clients() { for job in $(jobs -p); do [ "$job" = "$server" ] || wait "$job" || true; done; }
wait_for_clients
end=$(date +%s.%N)
cpu_after=$(cpu)
rss_after=$(hwm)
ok=$(cat "$work"/cookies-* | grep -c sesame_session || true)
client=$(cat "$work"/time-* | awk '{ s += $1 + $2 } END { print s }')
python3 - "$found" "$per" "$ok" "$start" "$end" "$cpu_before" "$cpu_after" "$ticks" "$client" "$rss_before" "$rss_after" <<'PY'
import json, sys
ids, per, ok, start, end, c0, c1, ticks, client, rss0, rss1 = sys.argv[1:]
wall = float(end) - float(start); ok = int(ok)
server_cpu = (float(c1) - float(c0)) / float(ticks)
print(json.dumps({
    "flow": "password login burst (fresh browser each)", "identifiers": int(ids), "in_flight": 2 * int(ids),
    "asked": int(ids) * int(per), "ok": ok, "wall_s": round(wall, 2), "logins_per_s": round(ok / wall, 1),
    "server_cpu_ms_per_login": round(1000 * server_cpu / max(ok, 1), 1),
    "logins_per_core_s": round(ok / server_cpu, 1) if server_cpu else None,
    "client_cpu_ms_per_login": round(1000 * float(client) / max(ok, 1), 2),
    "server_peak_rss_mib_before": round(int(rss0) / 1024, 1), "server_peak_rss_mib_after": round(int(rss1) / 1024, 1),
}))
PY
