#!/usr/bin/env bash
# Load run against the real `sesame` server (release build), on SQLite then
# PostgreSQL, with LemonLDAP::NG (Debian's, as a SAML IdP and CAS server
# behind nginx) measured in the same run as the anchor. One light client for
# every server (Benchmarks/loadgo, Go standard library), its own CPU per
# operation printed beside every figure, and the server's CPU per operation
# (its whole process tree, from /proc). Median of the rounds.
#   Benchmarks/load.sh [seconds] [workers] [rounds]     (default 10 16 3)
#   LLNG=0 skips LemonLDAP::NG; POSTGRES=0 skips PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-10}
workers=${2:-16}
rounds=${3:-3}

swift build -c release --product sesame >/dev/null
sesame="$root/.build/release/sesame"
mkdir -p Benchmarks/.build
command -v go >/dev/null || { echo "the load client needs Go: apt-get install golang-go" >&2; exit 1; }
(cd Benchmarks/loadgo && go build -o ../.build/loadgo .)
load="$root/Benchmarks/.build/loadgo"

. scripts/postgres.sh
work=$(mktemp -d /tmp/sesame-load.XXXXXX)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    [ "${LLNG:-1}" = 1 ] && LLNG_DATA="$llng_data" Benchmarks/peers/llng/stop.sh >/dev/null 2>&1
    stop_postgres; rm -rf "$work"
}
trap cleanup EXIT
results="$work/results.jsonl"
# LL::NG's workers run as www-data: its folder cannot be inside our private one.
llng_data=${LLNG_DATA:-/tmp/llng-data}
service="http://127.0.0.1:9/app"
sp_id="https://sp.load.test/saml/metadata"
acs="https://sp.load.test/acs"
persistent="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
mkdir -p "$work/metadata"
cat > "$work/metadata/services.yml" <<YAML
services:
  - id: load
    name: Load test service
    match: { exact: "$service" }
    profile: cas-ent
    establishments: [0861002X]   # the collège only: the demo parent is not asked to choose
YAML
cat > "$work/metadata/sp-load.xml" <<XML
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="$sp_id">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="false">
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="$acs" index="0"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
XML
cat > "$work/metadata/saml.yml" <<YAML
serviceProviders:
  "$sp_id": { establishments: [0861002X] }
YAML

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# measure LABEL ENGINE MODE ARGS…: `rounds` windows, each line kept with its labels.
measure() {
    local label=$1 engine=$2; shift 2
    for _ in $(seq "$rounds"); do
        printf '{"server": "%s", "database": "%s", "run": %s}\n' "$label" "$engine" \
            "$("$load" -duration "${seconds}s" -workers "$workers" "$@")" >>"$results"
    done
}

sesame_run() {
    local engine=$1; shift
    local port; port=$(free_port)
    local base="http://127.0.0.1:$port"
    (cd "$work" && exec setsid "$sesame" serve --demo --port "$port" --public-url "$base" "$@" \
        >"$work/server-$engine.log" 2>&1 </dev/null) &
    server=$!
    for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
    # One session per worker, logged in just before the windows, as for LemonLDAP::NG.
    "$load" -mode login -count "$workers" -base "$base/" -login-url "$base/login" -user s.dupont10 \
        -password Parent-Demo-2026 -expect-cookie sesame_session >"$work/cookies-$engine" 2>/dev/null
    measure sesame "$engine" -mode get -target healthz -base "$base/healthz" -server-pids "$server"
    measure sesame "$engine" -mode cas -target cas -base "$base/cas" -service "$service" \
        -cookie-file "$work/cookies-$engine" -server-pids "$server"
    measure sesame "$engine" -mode saml -target saml -base "$base/saml/sso" -sp "$sp_id" -acs "$acs" \
        -nameid-format "$persistent" -cookie-file "$work/cookies-$engine" -server-pids "$server"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

llng_run() {
    local port; port=$(free_port)
    local base="http://127.0.0.1:$port" data="$llng_data"
    # Installs Debian's lemonldap-ng and nginx on first use (see Benchmarks/peers/llng/README.md).
    LLNG_DATA="$data" LLNG_PORT="$port" SP_ENTITY="$sp_id" SP_ACS="$acs" CAS_SERVICE="$service" \
        Benchmarks/peers/llng/setup.sh >"$work/llng-setup.log" 2>&1 || { tail -20 "$work/llng-setup.log" >&2; exit 1; }
    LLNG_DATA="$data" LLNG_PORT="$port" Benchmarks/peers/llng/start.sh >"$work/llng-start.log" 2>&1 || { tail -20 "$work/llng-start.log" >&2; exit 1; }
    local pids; pids="$(cat "$data/run/llng-fastcgi.master"),$(cat "$data/run/nginx.pid")"
    for flow in cas saml; do
        # A fresh session per worker for each flow: LL::NG's sessions grow with every SSO.
        "$load" -mode login -count "$workers" -base "$base/" -user dwho -password dwho -user-field user \
            -pass-field password -expect-cookie lemonldap >"$work/llng-cookies" 2>/dev/null
        if [ "$flow" = cas ]; then
            measure llng - -mode cas -target cas -base "$base/cas" -service "$service" \
                -cookie-file "$work/llng-cookies" -server-pids "$pids"
        else
            measure llng - -mode saml -target saml -base "$base/saml/singleSignOn" -sp "$sp_id" -acs "$acs" \
                -nameid-format "$persistent" -cookie-file "$work/llng-cookies" -server-pids "$pids"
        fi
    done
    measure llng - -mode get -target healthz -base "$base/ping" -server-pids "$pids"
    LLNG_DATA="$data" Benchmarks/peers/llng/stop.sh >/dev/null 2>&1
}

sesame_run sqlite
if [ "${POSTGRES:-1}" = 1 ]; then
    start_postgres
    sesame_run postgresql --database "$POSTGRES_URL"
    stop_postgres
fi
[ "${LLNG:-1}" = 1 ] && llng_run

# Medians per server, engine and flow; the targets of issue #20 beside them.
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
groups = {}
for r in rows:
    groups.setdefault((r["server"], r["database"], r["run"]["target"]), []).append(r["run"])
median = {}
for (server, db, flow), runs in sorted(groups.items()):
    def m(key):
        values = [run[key] for run in runs if run.get(key) is not None]
        return statistics.median(values) if values else None
    rate, srv, cli = m("rate"), m("server_cpu_ms_per_op"), m("client_cpu_ms_per_op")
    median[(server, db, flow)] = (rate, srv)
    print(json.dumps({"server": server, "database": db, "flow": flow, "rate_median": rate,
                      "rates": [run["rate"] for run in runs], "errors": sum(run["errors"] for run in runs),
                      "p99_ms_median": m("p99_ms"), "server_cpu_us_per_op": srv and round(srv * 1000),
                      "client_cpu_us_per_op": cli and round(cli * 1000)}))
def check(name, value, target=None, at_most=False):
    if value is None: return
    if target is None:
        print(json.dumps({"ratio": name, "value": round(value, 1)}))
        return
    met = value <= target if at_most else value >= target
    print(json.dumps({"target": name, "value": round(value, 1), "wanted": ("<= " if at_most else ">= ") + str(target), "met": met}))
def rate(s, db, f): return (median.get((s, db, f)) or (None, None))[0]
def cpu(s, db, f):
    v = (median.get((s, db, f)) or (None, None))[1]
    return v and v * 1000
llng_cas, llng_saml = rate("llng", "-", "cas"), rate("llng", "-", "saml")
if llng_cas and rate("sesame", "sqlite", "cas"):
    check("CAS pairs/s, SQLite, x LemonLDAP::NG", rate("sesame", "sqlite", "cas") / llng_cas, 10)
if llng_saml and rate("sesame", "sqlite", "saml"):
    check("SAML responses/s, SQLite, x LemonLDAP::NG", rate("sesame", "sqlite", "saml") / llng_saml)
check("CAS pairs/s, SQLite", rate("sesame", "sqlite", "cas"), 3000)
check("CAS pairs/s, PostgreSQL", rate("sesame", "postgresql", "cas"), 2000)
check("SAML responses/s, SQLite", rate("sesame", "sqlite", "saml"), 1500)
check("SAML responses/s, PostgreSQL", rate("sesame", "postgresql", "saml"), 1000)
check("/healthz req/s, SQLite", rate("sesame", "sqlite", "healthz"), 12000)
check("server CPU us per CAS pair, SQLite", cpu("sesame", "sqlite", "cas"), 300, at_most=True)
check("server CPU us per SAML response, SQLite", cpu("sesame", "sqlite", "saml"), 1000, at_most=True)
PY
