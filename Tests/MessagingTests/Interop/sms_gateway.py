"""Real HTTP peer standing in for an SMS provider in the Messaging tests.

--statuses is the list of HTTP statuses to answer, in order; the last one
repeats (e.g. "500,200" fails once then accepts). Each request is appended to
--record as one JSON line (method, path, headers, body).
Prints "PORT <n>" once it listens on 127.0.0.1.
"""
import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--record", required=True)
    p.add_argument("--statuses", default="200")
    return p.parse_args()


def make_handler(record_path, statuses):
    lock = threading.Lock()
    state = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            with lock:
                status = statuses[min(state["n"], len(statuses) - 1)]
                state["n"] += 1
                with open(record_path, "a", encoding="utf-8") as f:
                    f.write(json.dumps({
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "answered": status,
                    }) + "\n")
            if status < 300:
                answer = {"id": f"sms-{state['n']}", "status": "queued"}
            else:
                answer = {"error": "refused by test gateway", "status": status}
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    return Handler


def main():
    args = parse_args()
    statuses = [int(s) for s in args.statuses.split(",")]
    open(args.record, "a").close()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(args.record, statuses))
    print(f"PORT {server.server_address[1]}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # the test closes stdin to stop us
    server.shutdown()


if __name__ == "__main__":
    main()
