#!/usr/bin/env python3
"""A CAS client made of the independent python-cas library, driven by the
Swift end-to-end tests. Each command prints one JSON object.

  verify  --server URL --service URL --ticket T --version 1|2|3 [--callback-port P]
          With --callback-port, a proxy callback listens on 127.0.0.1:P and
          the PGT it receives is printed too.
  proxy   --server URL --service TARGET --pgt PGT
  raw     --url URL      (GET, prints status and body: to read proxies lists)
  slo-listen --port P --out FILE
          Receives back-channel logout POSTs; python-cas extracts the
          session index of each into FILE (one JSON line per request).
"""
import argparse
import http.server
import json
import sys
import threading
import urllib.parse

import cas
import requests


def serve(port, handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def verify(args):
    received = {}

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            if "pgtIou" in query and "pgtId" in query:
                received[query["pgtIou"][0]] = query["pgtId"][0]
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    callback_url = None
    server = None
    if args.callback_port:
        server = serve(args.callback_port, Callback)
        callback_url = f"http://127.0.0.1:{args.callback_port}/pgt"
    kwargs = dict(version=args.version, server_url=args.server, service_url=args.service)
    if callback_url and args.version != 1:
        kwargs["proxy_callback"] = callback_url
    client = cas.CASClient(**kwargs)
    if args.suffix:
        client.url_suffix = args.suffix
    user, attributes, pgtiou = client.verify_ticket(args.ticket)
    if server:
        server.shutdown()
    print(json.dumps({"user": user, "attributes": attributes, "pgtiou": pgtiou,
                      "pgt": received.get(pgtiou) if pgtiou else None}))


def proxy(args):
    client = cas.CASClient(version=2, server_url=args.server, service_url=args.service)
    try:
        print(json.dumps({"pt": client.get_proxy_ticket(args.pgt)}))
    except cas.CASError as error:
        print(json.dumps({"error": str(error.args[0])}))


def raw(args):
    response = requests.get(args.url, allow_redirects=False, timeout=10)
    print(json.dumps({"status": response.status_code, "body": response.text}))


def slo_listen(args):
    class Listener(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("content-length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            request = form.get("logoutRequest", [""])[0]
            indexes = cas.CASClientV3.get_saml_slos(request) or []
            with open(args.out, "a") as out:
                out.write(json.dumps({"path": self.path, "sessionIndexes": [i.text for i in indexes]}) + "\n")
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Listener)
    print(json.dumps({"listening": args.port}), flush=True)
    server.serve_forever()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--server", required=True)
    v.add_argument("--service", required=True)
    v.add_argument("--ticket", required=True)
    v.add_argument("--version", type=int, default=3)
    v.add_argument("--suffix")
    v.add_argument("--callback-port", type=int)
    p = sub.add_parser("proxy")
    p.add_argument("--server", required=True)
    p.add_argument("--service", required=True)
    p.add_argument("--pgt", required=True)
    r = sub.add_parser("raw")
    r.add_argument("--url", required=True)
    s = sub.add_parser("slo-listen")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--out", required=True)
    args = parser.parse_args()
    {"verify": verify, "proxy": proxy, "raw": raw, "slo-listen": slo_listen}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
