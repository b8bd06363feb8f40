"""Hostile and well-behaved FranceConnect-like provider for the Swift interop tests.

Tokens are made with joserfc (an independent JOSE implementation) or, for the
deliberately invalid ones joserfc refuses to produce, by hand with hmac/base64.
Every path starts with a scenario name; the issuer is http://127.0.0.1:PORT/<scenario>.

Usage: python fc_jose_peer.py --client-id ID --client-secret SECRET
Prints "READY <port>" once listening on 127.0.0.1 (port chosen by the OS) and exits
when its stdin closes, so a crashed test run never leaves it behind.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit, unquote

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, OctKey, RSAKey

EC_KEY = ECKey.generate_key("P-256", parameters={"kid": "ec-1", "use": "sig", "alg": "ES256"})
RSA_KEY = RSAKey.generate_key(2048, parameters={"kid": "rsa-1", "use": "sig", "alg": "RS256"})
ROGUE_KEY = ECKey.generate_key("P-256", parameters={"kid": "rotated-99"})
PUBLIC_JWKS = {"keys": [EC_KEY.as_dict(private=False), RSA_KEY.as_dict(private=False)]}

PERSON = {
    "sub": "fc-sub-4f2a9c",
    "given_name": "Élodie Marie",
    "family_name": "DURAND",
    "birthdate": "1981-06-23",
    "gender": "female",
    "birthplace": "75107",
    "birthcountry": "99100",
    "email": "elodie.durand@example.fr",
    "preferred_username": "",
}

SCENARIOS = {
    "es256", "rs256", "hs256", "expired", "wrong_nonce", "wrong_aud", "wrong_iss", "multi_aud",
    "bad_sig", "alg_none", "alg_confusion", "unknown_kid", "acr_low", "userinfo_sub_mismatch",
    "state_mismatch", "denied", "slow",
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(obj) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


class Peer:
    def __init__(self, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.codes = {}  # code -> (scenario, nonce, redirect_uri)
        self.access_tokens = {}  # token -> scenario
        self.lock = threading.Lock()
        self.port = 0

    def issuer(self, scenario: str) -> str:
        return f"http://127.0.0.1:{self.port}/{scenario}"

    def id_token(self, scenario: str, nonce: str) -> str:
        now = int(time.time())
        claims = dict(PERSON, iss=self.issuer(scenario), aud=self.client_id, iat=now, exp=now + 60,
                      nonce=nonce, acr="eidas2")
        if scenario == "expired":
            claims.update(iat=now - 7200, exp=now - 3600)
        elif scenario == "wrong_nonce":
            claims["nonce"] = "not-the-nonce-we-were-given"
        elif scenario == "wrong_aud":
            claims["aud"] = "another-client"
        elif scenario == "multi_aud":
            claims["aud"] = [self.client_id, "another-client"]  # and no azp
        elif scenario == "wrong_iss":
            claims["iss"] = "https://evil.example"
        elif scenario == "acr_low":
            claims["acr"] = "eidas1"
        return self.sign(scenario, claims)

    def sign(self, scenario: str, claims: dict) -> str:
        if scenario == "hs256":
            return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(self.client_secret.encode()))
        if scenario == "rs256":
            return jwt.encode({"alg": "RS256", "kid": "rsa-1"}, claims, RSA_KEY)
        if scenario == "unknown_kid":
            return jwt.encode({"alg": "ES256", "kid": "rotated-99"}, claims, ROGUE_KEY)
        if scenario == "alg_none":
            return f"{b64url_json({'alg': 'none', 'typ': 'JWT'})}.{b64url_json(claims)}."
        if scenario == "alg_confusion":
            # The classic attack: HMAC keyed with the provider's public RSA key, which anyone can read.
            pem = RSA_KEY.as_pem(private=False)
            signing_input = f"{b64url_json({'alg': 'HS256', 'kid': 'rsa-1'})}.{b64url_json(claims)}"
            mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
            return f"{signing_input}.{b64url(mac)}"
        token = jwt.encode({"alg": "ES256", "kid": "ec-1"}, claims, EC_KEY)
        if scenario == "bad_sig":
            head, body, sig = token.split(".")
            raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
            raw[10] ^= 0x01  # one byte changed
            token = f"{head}.{body}.{b64url(bytes(raw))}"
        return token

    def userinfo(self, scenario: str):
        if scenario == "hs256":
            return "application/json", json.dumps(PERSON).encode()
        claims = dict(PERSON, iss=self.issuer(scenario), aud=self.client_id, iat=int(time.time()))
        if scenario == "userinfo_sub_mismatch":
            claims["sub"] = "someone-else-entirely"
        alg_scenario = "rs256" if scenario == "rs256" else "es256"
        return "application/jwt", self.sign(alg_scenario, claims).encode()


def make_handler(peer: Peer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=b"", content_type="application/json", headers=None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def route(self):
            parts = urlsplit(self.path)
            scenario, _, rest = parts.path.lstrip("/").partition("/")
            if scenario not in SCENARIOS:
                self.reply(404, b'{"error":"unknown scenario"}')
                return None
            return scenario, "/" + rest, parse_qs(parts.query)

        def do_GET(self):
            routed = self.route()
            if routed is None:
                return
            scenario, path, query = routed
            if path == "/.well-known/openid-configuration":
                base = peer.issuer(scenario)
                doc = {
                    "issuer": base,
                    "authorization_endpoint": base + "/authorize",
                    "token_endpoint": base + "/token",
                    "userinfo_endpoint": base + "/userinfo",
                    "end_session_endpoint": base + "/logout",
                    "id_token_signing_alg_values_supported": ["HS256"] if scenario == "hs256" else ["ES256", "RS256"],
                }
                if scenario != "hs256":
                    doc["jwks_uri"] = base + "/jwks"
                self.reply(200, json.dumps(doc).encode())
            elif path == "/jwks":
                self.reply(200, json.dumps(PUBLIC_JWKS).encode())
            elif path == "/authorize":
                self.authorize(scenario, query)
            elif path == "/userinfo":
                token = self.headers.get("Authorization", "")
                with peer.lock:
                    known = peer.access_tokens.get(token.removeprefix("Bearer "))
                if not token.startswith("Bearer ") or known != scenario:
                    self.reply(401, b'{"error":"invalid_token"}')
                    return
                content_type, body = peer.userinfo(scenario)
                self.reply(200, body, content_type)
            else:
                self.reply(404, b"{}")

        def authorize(self, scenario, query):
            one = {k: v[0] for k, v in query.items()}
            required = ["response_type", "client_id", "redirect_uri", "scope", "state", "nonce"]
            if any(k not in one for k in required) or one["client_id"] != peer.client_id:
                self.reply(400, b'{"error":"invalid_request"}')
                return
            if "openid" not in one["scope"].split(" ") or one.get("acr_values") != "eidas1":
                self.reply(400, b'{"error":"invalid_scope"}')
                return
            if scenario == "denied":
                params = {"error": "access_denied", "error_description": "User auth aborted", "state": one["state"]}
            else:
                code = secrets.token_urlsafe(24)
                with peer.lock:
                    peer.codes[code] = (scenario, one["nonce"], one["redirect_uri"])
                state = "forged-state-value" if scenario == "state_mismatch" else one["state"]
                params = {"code": code, "state": state}
            self.reply(302, b"", headers={"Location": one["redirect_uri"] + "?" + urlencode(params)})

        def do_POST(self):
            routed = self.route()
            if routed is None:
                return
            scenario, path, _ = routed
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if path != "/token":
                self.reply(404, b"{}")
                return
            if scenario == "slow":
                time.sleep(4)
            if not self.client_ok(form):
                self.reply(401, b'{"error":"invalid_client"}')
                return
            with peer.lock:
                grant = peer.codes.pop(form.get("code", ""), None)
            if grant is None or grant[0] != scenario or grant[2] != form.get("redirect_uri") \
                    or form.get("grant_type") != "authorization_code":
                self.reply(400, b'{"error":"invalid_grant"}')
                return
            access_token = secrets.token_urlsafe(24)
            with peer.lock:
                peer.access_tokens[access_token] = scenario
            body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 60,
                    "id_token": peer.id_token(scenario, grant[1])}
            self.reply(200, json.dumps(body).encode())

        def client_ok(self, form) -> bool:
            header = self.headers.get("Authorization", "")
            if header.startswith("Basic "):
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                return unquote(user) == peer.client_id and unquote(password) == peer.client_secret
            return form.get("client_id") == peer.client_id and form.get("client_secret") == peer.client_secret

    return Handler


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    args = parser.parse_args()
    peer = Peer(args.client_id, args.client_secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(peer))
    server.daemon_threads = True
    peer.port = server.server_address[1]
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(f"READY {peer.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
