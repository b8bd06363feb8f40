"""Starts oidc-provider-mock (an independent Flask/authlib OpenID provider) on 127.0.0.1.

Usage: python run_mock_op.py --user-claims JSON
Prints "READY <port>" (OS-chosen port) and exits when its stdin closes.
Nonces are required so the relying party's nonce handling is exercised end to end.
"""
import argparse
import json
import os
import sys
import threading

os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on loopback only

import oidc_provider_mock  # noqa: E402
from oidc_provider_mock._storage import User  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user-claims", action="append", default=[])
    args = parser.parse_args()
    users = []
    for text in args.user_claims:
        claims = json.loads(text)
        sub = claims.pop("sub")
        users.append(User(sub=sub, claims=claims))
    app = oidc_provider_mock.app(require_nonce=True, user_claims=users)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
