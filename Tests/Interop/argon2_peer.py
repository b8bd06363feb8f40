"""Argon2id by implementations nobody here wrote: argon2-cffi (the reference
C code, built on its own) and libsodium's (PyNaCl). Reads a JSON file of
cases; prints one JSON object with the tags, and checks PHC strings both ways."""
import json
import sys

import argon2
import argon2.low_level as low
import nacl.pwhash

cases = json.load(open(sys.argv[1]))
out = {"raw": [], "verified": [], "made": []}
for case in cases.get("raw", []):
    password, salt = bytes.fromhex(case["password"]), bytes.fromhex(case["salt"])
    tag = low.hash_secret_raw(password, salt, time_cost=case["t"], memory_cost=case["m"], parallelism=case["p"],
                              hash_len=case["length"], type=low.Type.ID, version=19)
    sodium = None
    # libsodium: one lane, 16-byte salts, memory in bytes.
    if case["p"] == 1 and len(salt) == 16 and case["length"] >= 16:
        sodium = nacl.pwhash.argon2id.kdf(case["length"], password, salt, opslimit=case["t"], memlimit=case["m"] * 1024).hex()
    out["raw"].append({"cffi": tag.hex(), "sodium": sodium})
for case in cases.get("verify", []):
    try:
        out["verified"].append(argon2.PasswordHasher().verify(case["hash"], case["password"]))
    except argon2.exceptions.VerificationError:
        out["verified"].append(False)
for case in cases.get("make", []):
    hasher = argon2.PasswordHasher(time_cost=case["t"], memory_cost=case["m"], parallelism=1, hash_len=32, salt_len=16)
    out["made"].append(hasher.hash(case["password"]))
print(json.dumps(out))
