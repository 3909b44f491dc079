#!/usr/bin/env python3
"""Loopback sinks for the GoTrue test servers (stdlib only).

One process, three listeners, all on 127.0.0.1:

* SMTP catcher (default port 2525). Minimal ESMTP: EHLO/HELO, MAIL, RCPT,
  DATA, RSET, NOOP, QUIT, and AUTH (accepts anything). STARTTLS is never
  advertised, so clients stay in plain text.
* Mail read API (default port 9925):
    GET    /messages?to=<email>   -> JSON list of {to, from, subject, body, html, links, time}
    DELETE /messages[?to=<email>] -> forget messages
* Send-SMS hook (default port 9926), a Standard Webhooks HTTP hook target:
    POST   /sms                   -> records {phone, otp, ...}, answers 200 {}
    GET    /otps?phone=<+digits>  -> JSON list of {phone, otp, time, ...}, newest last
                                     (also ?user_id= or ?email=)
    DELETE /otps                  -> forget OTPs

GET /health answers 200 on both HTTP ports.

The hook secret (``v1,whsec_<base64>``) may be given with --hook-secret; each
request's signature is then checked and the result stored as ``verified``
(a bad signature is still answered 200 so a test can see it, not a 5xx).
"""

import argparse
import base64
import email
import email.policy
import hashlib
import hmac
import html
import json
import re
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
MESSAGES = []  # dicts, oldest first
OTPS = []  # dicts, oldest first
HOOK_SECRETS = []  # raw HMAC keys (bytes)
LINK_RE = re.compile(r"""https?://[^\s"'<>]+""")


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def digits(s):
    return re.sub(r"\D", "", s or "")


# --------------------------------------------------------------------------- SMTP

def parse_message(raw, rcpts, mail_from):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    text, htm = None, None
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        try:
            content = part.get_content()
        except Exception:  # undecodable part: keep raw payload
            content = part.get_payload()
        if not isinstance(content, str):
            continue
        if ctype == "text/plain" and text is None:
            text = content
        elif ctype == "text/html" and htm is None:
            htm = content
    if text is None and htm is not None:
        text = html.unescape(re.sub(r"<[^>]+>", " ", htm))
    links = []
    for src in (htm or "", text or ""):
        for link in LINK_RE.findall(src):
            link = html.unescape(link).rstrip(".,;)")
            if link not in links:
                links.append(link)
    to = [r.lower() for r in rcpts]
    header_to = str(msg.get("To", ""))
    return {
        "to": to,
        "header_to": header_to,
        "from": mail_from,
        "subject": str(msg.get("Subject", "")),
        "body": text or "",
        "html": htm or "",
        "links": links,
        "time": time.time(),
    }


class SMTPHandler(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        mail_from, rcpts = "", []
        self.reply("220 127.0.0.1 gotrue-test-sink ESMTP")
        while True:
            try:
                line = self.rfile.readline(65536)
            except OSError:
                return
            if not line:
                return
            cmd = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = cmd.split(" ", 1)[0].upper()
            arg = cmd[len(verb):].strip()
            if verb == "EHLO":
                self.wfile.write(b"250-127.0.0.1\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
                                 b"250-AUTH PLAIN LOGIN\r\n250 SIZE 33554432\r\n")
                self.wfile.flush()
            elif verb == "HELO":
                self.reply("250 127.0.0.1")
            elif verb == "AUTH":
                mech = arg.split(" ")
                if mech[0].upper() == "LOGIN":
                    # username and password prompts, any answer accepted
                    if len(mech) < 2:
                        self.reply("334 VXNlcm5hbWU6")
                        self.rfile.readline()
                    self.reply("334 UGFzc3dvcmQ6")
                    self.rfile.readline()
                elif len(mech) < 2:
                    self.reply("334 ")
                    self.rfile.readline()
                self.reply("235 2.7.0 Authentication successful")
            elif verb == "MAIL":
                mail_from = arg.split(":", 1)[-1].strip().split(" ")[0].strip("<>")
                rcpts = []
                self.reply("250 2.1.0 OK")
            elif verb == "RCPT":
                rcpts.append(arg.split(":", 1)[-1].strip().split(" ")[0].strip("<>"))
                self.reply("250 2.1.5 OK")
            elif verb == "DATA":
                if not rcpts:
                    self.reply("503 5.5.1 RCPT first")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                chunks = []
                while True:
                    dl = self.rfile.readline(1 << 20)
                    if not dl:
                        return
                    if dl in (b".\r\n", b".\n"):
                        break
                    if dl.startswith(b".."):
                        dl = dl[1:]
                    chunks.append(dl)
                try:
                    rec = parse_message(b"".join(chunks), rcpts, mail_from)
                except Exception as e:  # never fail the sender
                    rec = {"to": [r.lower() for r in rcpts], "from": mail_from, "subject": "",
                           "body": b"".join(chunks).decode("utf-8", "replace"), "html": "",
                           "links": [], "time": time.time(), "parse_error": str(e)}
                with LOCK:
                    MESSAGES.append(rec)
                log("mail", rec["to"], repr(rec["subject"]))
                self.reply("250 2.0.0 OK queued")
                mail_from, rcpts = "", []
            elif verb == "RSET":
                mail_from, rcpts = "", []
                self.reply("250 2.0.0 OK")
            elif verb == "NOOP":
                self.reply("250 2.0.0 OK")
            elif verb == "VRFY":
                self.reply("252 2.0.0 Cannot VRFY")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not implemented")


class SMTPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


# --------------------------------------------------------------------------- HTTP

def verify_signature(headers, body):
    """Standard Webhooks: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>."""
    if not HOOK_SECRETS:
        return None
    wid = headers.get("webhook-id", "")
    ts = headers.get("webhook-timestamp", "")
    sigs = headers.get("webhook-signature", "")
    signed = f"{wid}.{ts}.".encode() + body
    for key in HOOK_SECRETS:
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        for sig in sigs.split(" "):
            if sig.startswith("v1,") and hmac.compare_digest(sig[3:], expected):
                return True
    return False


class Handler(BaseHTTPRequestHandler):
    server_version = "gotrue-test-sink"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        log(self.server.name, fmt % args)

    def send_json(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def query(self):
        u = urlparse(self.path)
        return u.path.rstrip("/") or "/", {k: v[-1] for k, v in parse_qs(u.query).items()}

    def do_GET(self):
        path, q = self.query()
        if path == "/health":
            return self.send_json(200, {"ok": True, "sink": self.server.name})
        if self.server.name == "mail" and path == "/messages":
            to = q.get("to", "").lower()
            with LOCK:
                out = [m for m in MESSAGES if not to or to in m["to"] or to in m.get("header_to", "").lower()]
            return self.send_json(200, out)
        if self.server.name == "sms" and path == "/otps":
            phone, uid, mail = digits(q.get("phone")), q.get("user_id"), q.get("email", "").lower()
            with LOCK:
                out = [o for o in OTPS
                       if (not phone or phone in (digits(o["phone"]), digits(o.get("user_phone"))))
                       and (not uid or o.get("user_id") == uid)
                       and (not mail or o.get("email", "").lower() == mail)]
            return self.send_json(200, out)
        self.send_json(404, {"error": "not found"})

    def do_DELETE(self):
        path, q = self.query()
        if self.server.name == "mail" and path == "/messages":
            to = q.get("to", "").lower()
            with LOCK:
                MESSAGES[:] = [m for m in MESSAGES if to and to not in m["to"]]
            return self.send_json(200, {})
        if self.server.name == "sms" and path == "/otps":
            with LOCK:
                OTPS.clear()
            return self.send_json(200, {})
        self.send_json(404, {"error": "not found"})

    def do_POST(self):
        path, _ = self.query()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.server.name == "sms" and path == "/sms":
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                return self.send_json(400, {"error": {"http_code": 400, "message": "bad json"}})
            user = payload.get("user") or {}
            sms = payload.get("sms") or {}
            rec = {
                # MFA challenges carry the factor's phone in sms.phone; sign-in OTPs the user's
                "phone": ("+" + digits(sms.get("phone") or user.get("phone"))).rstrip("+"),
                "user_phone": user.get("phone", ""),
                "otp": sms.get("otp", ""),
                "sms_type": sms.get("sms_type", ""),
                "user_id": user.get("id", ""),
                "email": user.get("email", ""),
                "verified": verify_signature({k.lower(): v for k, v in self.headers.items()}, body),
                "time": time.time(),
            }
            with LOCK:
                OTPS.append(rec)
            log("sms", rec["phone"], rec["otp"], "verified=%s" % rec["verified"])
            return self.send_json(200, {})
        self.send_json(404, {"error": "not found"})


def serve_http(name, port):
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    srv.name = name
    threading.Thread(target=srv.serve_forever, name=name, daemon=True).start()
    return srv


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smtp-port", type=int, default=2525)
    ap.add_argument("--mail-port", type=int, default=9925)
    ap.add_argument("--sms-port", type=int, default=9926)
    ap.add_argument("--hook-secret", default="", help="v1,whsec_<base64>[|...]")
    a = ap.parse_args()
    for s in a.hook_secret.split("|"):
        if s.startswith("v1,whsec_"):
            HOOK_SECRETS.append(base64.b64decode(s[len("v1,whsec_"):]))
    smtp = SMTPServer(("127.0.0.1", a.smtp_port), SMTPHandler)
    threading.Thread(target=smtp.serve_forever, name="smtp", daemon=True).start()
    serve_http("mail", a.mail_port)
    serve_http("sms", a.sms_port)
    log(f"sinks up: smtp={a.smtp_port} mail-api={a.mail_port} sms-hook={a.sms_port}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
