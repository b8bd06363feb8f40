#!/usr/bin/env python3
"""Reads `swift package benchmark` text output on stdin and prints each
measured path as a ratio of its baseline from the same run: operations per
second, from the p50 wall-clock time of one operation.

    cd Benchmarks && swift package --disable-sandbox benchmark | python3 ratios.py
"""
import re
import sys

# (what, baseline, target ratio)
PAIRS = [
    ("password verify (PHC parse + argon2id + compare)", "argon2id raw (baseline, m=19456 t=2 p=1)", 0.90),
    # Above 1: Argon2id at OWASP's minimum against the earlier scrypt default (target 4x).
    ("argon2id raw (baseline, m=19456 t=2 p=1)", "scrypt raw (earlier default, ln=15 r=8 p=1)", 4.0),
    ("2 XMLSigner sign assertion (parse+sign+serialize)", "1 raw RSA-2048 SHA-256 sign 3KB (EVP_DigestSign)", 0.80),
    ("4 SignatureVerifier verify signed Response", "3 raw RSA-2048 SHA-256 verify 3KB (EVP_DigestVerify)", 0.50),
    ("4b SignatureVerifier verify parsed Response", "3 raw RSA-2048 SHA-256 verify 3KB (EVP_DigestVerify)", 0.50),
]
SECONDS = {"s": 1, "ms": 1e-3, "μs": 1e-6, "us": 1e-6, "ns": 1e-9}


def throughputs(text):
    """name -> operations per second at the p50 time."""
    result, current = {}, None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("╒") and i > 0:
            current = lines[i - 1].strip()
        m = re.match(r"│ Time \(wall clock\) \((s|ms|μs|us|ns)\) \*?\s*│([^│]+)│([^│]+)│([^│]+)│", line)
        if m and current:
            result[current] = 1 / (float(m.group(4)) * SECONDS[m.group(1)])
    return result


def main():
    found = throughputs(sys.stdin.read())
    failed = False
    for what, base, target in PAIRS:
        if what not in found or base not in found:
            continue
        ratio = found[what] / found[base]
        ok = ratio >= target
        failed |= not ok
        print(f"{ratio:7.1%}  (target {target:.0%}) {'ok ' if ok else 'LOW'}  {what}: {found[what]:,.0f}/s vs {base}: {found[base]:,.0f}/s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
