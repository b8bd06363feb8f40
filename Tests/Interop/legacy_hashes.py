#!/usr/bin/env python3
"""Hashes an old portal would have stored, made by passlib at test time.

Usage: legacy_hashes.py PASSWORD
Prints one JSON object: {"ssha": "{SSHA}...", "ssha512": ..., "sha512_crypt": "{CRYPT}$6$...",
"sha256_crypt": ..., "md5_crypt": ..., "bcrypt": "$2b$..."}.
"""
import json
import sys

from passlib import hash as h


def main():
    password = sys.argv[1].encode("utf-8")
    print(json.dumps({
        "ssha": h.ldap_salted_sha1.hash(password),
        "ssha256": h.ldap_salted_sha256.hash(password),
        "ssha512": h.ldap_salted_sha512.hash(password),
        "sha512_crypt": "{CRYPT}" + h.sha512_crypt.using(rounds=5000).hash(password),
        "sha256_crypt": "{CRYPT}" + h.sha256_crypt.using(rounds=5000).hash(password),
        "md5_crypt": "{CRYPT}" + h.md5_crypt.hash(password),
        "bcrypt": h.bcrypt.using(rounds=5, ident="2b").hash(password),
    }))


if __name__ == "__main__":
    main()
