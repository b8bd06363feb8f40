#!/usr/bin/env bash
# Load run against the real `sesame` server (release build) on SQLite and on
# PostgreSQL, same client, same machine, same run: CAS ticket issue +
# validation pairs per second, and SAML Responses per second for a person
# with a live session (IdP-initiated SSO, signed assertion). One JSON line each.
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
    (cd "$work" && "$sesame" serve --demo --scrypt-cost 10 --port "$port" "$@" >"$work/server.log" 2>&1) &
    server=$!
    for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    local cookie; cookie=$(session_cookie "http://127.0.0.1:$port")
    printf '{"server": "sesame", "flow": "cas", "database": "%s", "result": %s}\n' "$label" \
        "$("$load" --cas "http://127.0.0.1:$port/cas/" --service "$service" --cookie "$cookie" --seconds "$seconds" --workers "$workers")"
    printf '{"server": "sesame", "flow": "saml-sso", "database": "%s", "result": %s}\n' "$label" \
        "$("$load" --saml-sso "http://127.0.0.1:$port/saml/sso?sp=https%3A%2F%2Fsp.load.test%2Fsaml%2Fmetadata" --cookie "$cookie" --seconds "$seconds" --workers "$workers")"
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
        "$("$load" --saml-sso "http://127.0.0.1:$port/sso" --cookie "unused=1" --seconds "$seconds" --workers "$workers")"
    kill "$server"; wait "$server" 2>/dev/null || true; pkill -f "gunicorn -w 2 -b 127.0.0.1:$port" || true; server=""
else
    echo '{"server": "pysaml2+gunicorn", "skipped": "run ./scripts/test once to create .build/venv with pysaml2 and gunicorn"}'
fi
start_postgres
run postgresql --database "$POSTGRES_URL"
