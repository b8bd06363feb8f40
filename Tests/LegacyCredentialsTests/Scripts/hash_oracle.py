#!/usr/bin/env python3
"""Independent hash producer for the Swift tests.

Reads a JSON list of requests on stdin, writes a JSON list of hash strings.
Each request: {"tool": "passlib" | "bcrypt", "scheme": str, "password": str,
               "options": {...}}.
- tool "passlib": scheme is a passlib.hash handler name (ldap_salted_sha1,
  sha512_crypt, ldap_bcrypt, ...), options go to handler.using(...).
- tool "bcrypt": pyca/bcrypt hashpw with options {"rounds": int, "prefix": "2a"|"2b"}.
Passwords are encoded as UTF-8.
"""
import json
import sys

import bcrypt
from passlib import hash as passlib_hash


def produce(request):
    password = request["password"]
    options = request.get("options", {})
    if request["tool"] == "passlib":
        handler = getattr(passlib_hash, request["scheme"])
        if options:
            handler = handler.using(**options)
        return handler.hash(password.encode("utf-8"))
    if request["tool"] == "bcrypt":
        salt = bcrypt.gensalt(rounds=options.get("rounds", 4), prefix=options.get("prefix", "2b").encode())
        return bcrypt.hashpw(password.encode("utf-8"), salt).decode("ascii")
    raise SystemExit("unknown tool %r" % request["tool"])


def main():
    requests = json.load(sys.stdin)
    json.dump([produce(r) for r in requests], sys.stdout)


if __name__ == "__main__":
    main()
