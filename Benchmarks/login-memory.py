#!/usr/bin/env python3
"""Peak memory of a Sesame server under N password logins at once, each from
its own loopback address (127.0.0.10, .11, ...) so that no per-address budget
turns them away: what the hashing gate holds memory to.

    Benchmarks/login-memory.py PORT PID [N=50]

Prints one JSON line: logins asked and made, the server's peak resident
memory (VmHWM) before and after."""
import http.client, json, re, sys, threading, urllib.parse

port, pid = int(sys.argv[1]), int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 50

def hwm():
    return int(re.search(r"VmHWM:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1)) / 1024

def get(path, source="127.0.0.1", headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, source_address=(source, 0))
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    return r, r.read().decode()

_, body = get("/demo/accounts.json")
guardians = [a for a in json.loads(body) if a["role"] == "guardian" and a["password"]]
barrier, made = threading.Barrier(count), []

def login(i):
    source, who = f"127.0.0.{10 + i}", guardians[i % len(guardians)]
    r, page = get("/login", source)
    cookie = "; ".join(h.split(";")[0] for k, h in r.getheaders() if k.lower() == "set-cookie")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "username": who["identifier"], "password": who["password"]})
    c = http.client.HTTPConnection("127.0.0.1", port, source_address=(source, 0))
    barrier.wait()
    c.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    answer = c.getresponse()
    answer.read()
    if any(k.lower() == "set-cookie" and "sesame_session=" in v for k, v in answer.getheaders()):
        made.append(i)

before = hwm()
threads = [threading.Thread(target=login, args=(i,)) for i in range(count)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"concurrent_logins": count, "made": len(made), "distinct_addresses": count,
                  "server_peak_rss_mib_before": round(before, 1), "server_peak_rss_mib_after": round(hwm(), 1)}))
