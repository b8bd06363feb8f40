#!/usr/bin/env bash
# Load run against the real `sesame` server (release build) on SQLite and on
# PostgreSQL, same client, same machine, same run: CAS ticket issue +
# validation pairs per second, and SAML Responses per second for a person
# with a live session (IdP-initiated SSO, signed assertion). The same loads
# against the pysaml2 example IdP and django-cas-server give the ratios.
# One JSON line each.
#   Benchmarks/load.sh [seconds] [workers]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-10}
workers=${2:-32}

swift build -c release --product sesame >/dev/null
(cd Benchmarks && swift build -c release --product SSOLoad >/dev/null)
sesame="$root/.build/release/sesame"
load="$root/Benchmarks/.build/release/SSOLoad"

. scripts/postgres.sh
work=$(mktemp -d /tmp/sesame-casload.XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; stop_postgres; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/metadata"
results="$work/results.jsonl"
service="http://127.0.0.1:9/app"
cat > "$work/metadata/services.yml" <<YAML
services:
  - id: load
    name: Load test service
    match: { exact: "$service" }
    profile: cas-ent
    establishments: [0861002X]   # the collège only: the demo parent is not asked to choose
YAML
sp_id="https://sp.load.test/saml/metadata"
cat > "$work/metadata/sp-load.xml" <<XML
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="$sp_id">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.load.test/acs" index="0"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
XML
cat > "$work/metadata/saml.yml" <<YAML
serviceProviders:
  "$sp_id": { establishments: [0861002X] }
YAML

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Logs the demo parent in with curl and prints the Cookie header value.
session_cookie() {
    local base=$1 jar="$work/jar"
    rm -f "$jar"
    local csrf
    csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "username=s.dupont10" \
        --data-urlencode "password=Parent-Demo-2026" "$base/login"
    awk '$6 ~ /^sesame_/ { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar"
}

run() {
    local label=$1; shift
    local port; port=$(free_port)
    (cd "$work" && "$sesame" serve --demo --port "$port" "$@" >"$work/server.log" 2>&1) &
    server=$!
    for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    local cookie; cookie=$(session_cookie "http://127.0.0.1:$port")
    printf '{"server": "sesame", "flow": "cas", "database": "%s", "result": %s}\n' "$label" \
        "$("$load" --cas "http://127.0.0.1:$port/cas/" --service "$service" --cookie "$cookie" --seconds "$seconds" --workers "$workers")" | tee -a "$results"
    printf '{"server": "sesame", "flow": "saml-sso", "database": "%s", "result": %s}\n' "$label" \
        "$("$load" --saml-sso "http://127.0.0.1:$port/saml/sso?sp=https%3A%2F%2Fsp.load.test%2Fsaml%2Fmetadata" --cookie "$cookie" --seconds "$seconds" --workers "$workers")" | tee -a "$results"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

rm -rf "$work/data"
run sqlite

# The same SAML load against a pysaml2 identity provider (signing with the
# xmlsec1 program, as pysaml2 does) under gunicorn with 2 workers.
venv="$root/.build/venv"
if [ -x "$venv/bin/gunicorn" ] && "$venv/bin/python" -c 'import saml2' 2>/dev/null; then
    mkdir -p "$work/peer"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/peer/idp.key" -out "$work/peer/idp.crt" -days 30 -subj /CN=peer 2>/dev/null
    cp "$work/metadata/sp-load.xml" "$work/peer/sp.xml"
    port=$(free_port)
    (cd Benchmarks/peers && SESAME_PEER_DIR="$work/peer" SESAME_PEER_BASE="http://127.0.0.1:$port" \
        "$venv/bin/gunicorn" -w 2 -b "127.0.0.1:$port" pysaml2_idp:app >"$work/peer.log" 2>&1) &
    server=$!
    for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/sso" && break; sleep 0.1; done
    printf '{"server": "pysaml2+gunicorn", "flow": "saml-sso", "result": %s}\n' \
        "$("$load" --saml-sso "http://127.0.0.1:$port/sso" --cookie "unused=1" --seconds "$seconds" --workers "$workers")" | tee -a "$results"
    kill "$server"; wait "$server" 2>/dev/null || true; pkill -f "gunicorn -w 2 -b 127.0.0.1:$port" || true; server=""
else
    echo '{"server": "pysaml2+gunicorn", "skipped": "run ./scripts/test once to create .build/venv with pysaml2 and gunicorn"}'
fi
# The same CAS load against django-cas-server (PyPI) under gunicorn with 2
# workers, on SQLite, logged in through its own form.
if [ -x "$venv/bin/gunicorn" ]; then
    "$venv/bin/python" -c 'import cas_server' 2>/dev/null || "$venv/bin/pip" install -q django-cas-server==3.1.0 >/dev/null
    mkdir -p "$work/django"
    (cd Benchmarks/peers/django_cas && SESAME_PEER_DIR="$work/django" "$venv/bin/python" setup.py "$service")
    port=$(free_port)
    (cd Benchmarks/peers/django_cas && SESAME_PEER_DIR="$work/django" \
        "$venv/bin/gunicorn" -w 2 -b "127.0.0.1:$port" wsgi:app >"$work/django.log" 2>&1) &
    server=$!
    for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/cas/login" && break; sleep 0.1; done
    jar="$work/django/jar" base="http://127.0.0.1:$port/cas"
    page=$(curl -s -c "$jar" -b "$jar" "$base/login")
    field() { echo "$page" | grep -o "name=\"$1\" value=\"[^\"]*\"" | sed 's/.*value="//;s/"//'; }
    curl -s -o /dev/null -c "$jar" -b "$jar" -e "$base/login" --data-urlencode "csrfmiddlewaretoken=$(field csrfmiddlewaretoken)" \
        --data-urlencode "lt=$(field lt)" --data-urlencode "renew=False" --data-urlencode "username=s.dupont10" \
        --data-urlencode "password=Parent-Demo-2026" "$base/login"
    cookie=$(awk '$6 ~ /^(sessionid|csrftoken)$/ { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")
    printf '{"server": "django-cas-server+gunicorn", "flow": "cas", "database": "sqlite", "result": %s}\n' \
        "$("$load" --cas "$base/" --service "$service" --cookie "$cookie" --seconds "$seconds" --workers "$workers")" | tee -a "$results"
    kill "$server"; wait "$server" 2>/dev/null || true; pkill -f "gunicorn -w 2 -b 127.0.0.1:$port" || true; server=""
else
    echo '{"server": "django-cas-server+gunicorn", "skipped": "run ./scripts/test once to create .build/venv with gunicorn"}'
fi
start_postgres
run postgresql --database "$POSTGRES_URL"

# Ratios against the peers measured in this same run.
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
rate = {(r["server"], r.get("flow"), r.get("database")): r["result"]["pairsPerSecond"] for r in rows if "result" in r}
for flow, peer, target in (("saml-sso", ("pysaml2+gunicorn", "saml-sso", None), 10), ("cas", ("django-cas-server+gunicorn", "cas", "sqlite"), 10)):
    if peer not in rate:
        continue
    for db in ("sqlite", "postgresql"):
        ours = rate.get(("sesame", flow, db))
        if ours:
            ratio = ours / rate[peer]
            print(f'{{"ratio": "{flow} sesame/{db} vs {peer[0]}", "value": {ratio:.1f}, "target": {target}, "met": {str(ratio >= target).lower()}}}')
PY
