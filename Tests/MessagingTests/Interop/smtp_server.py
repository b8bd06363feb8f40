"""Real SMTP peer for the Messaging tests (aiosmtpd 1.4.6).

Offers STARTTLS (unless --no-tls) and requires AUTH with one test user.
Every accepted message is written to MAILDIR as <n>.json: the envelope, the
raw bytes, and what Python's own e-mail parser decoded from them, so the Swift
tests check our MIME output against an independent implementation.
Prints "PORT <n>" once it listens on 127.0.0.1.
"""
import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--maildir", required=True)
    p.add_argument("--user", default="sesame")
    p.add_argument("--password", default="secret")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--no-tls", action="store_true", help="do not offer STARTTLS")
    return p.parse_args()


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == self.user
              and auth_data.password == self.password)
        # handled=False: let aiosmtpd answer 535 itself on failure.
        return AuthResult(success=ok, handled=False,
                          auth_data=auth_data.login.decode() if ok else None)


class Recorder:
    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            parts.append({
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "transfer_encoding": part.get("Content-Transfer-Encoding"),
                "content": part.get_content(),
            })
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_user": session.auth_data,
            "tls": session.ssl is not None,
            "subject": str(msg["subject"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "date": str(msg["date"]),
            "message_id": str(msg["message-id"]),
            "content_type": msg.get_content_type(),
            "defects": [type(d).__name__ for d in msg.defects],
            "parts": parts,
            "raw": raw.decode("utf-8", errors="replace"),
        }
        name = os.path.join(self.maildir, f"{next(self.counter)}.json")
        tmp = name + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(tmp, name)  # the test never sees half a file
        return "250 Message accepted for delivery"


async def main():
    args = parse_args()
    os.makedirs(args.maildir, exist_ok=True)
    tls_context = None
    if not args.no_tls:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)
    loop = asyncio.get_running_loop()
    handler = Recorder(args.maildir)
    authenticator = Authenticator(args.user, args.password)

    def factory():
        return SMTP(handler, hostname="sesame-test-smtp", tls_context=tls_context,
                    require_starttls=tls_context is not None,
                    auth_required=True, auth_require_tls=tls_context is not None,
                    authenticator=authenticator, loop=loop)

    server = await loop.create_server(factory, "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    # Exit when the test closes our stdin, so no stray server outlives it.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
