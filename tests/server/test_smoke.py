"""Smoke suite for the test-server harness: is every server and sink up and set
up as the library's tests expect? Stdlib only (urllib, smtplib).

Run with `./x smoke` (needs `./x start`). Settings come from the environment,
or from .cache/env when the environment lacks them.
"""

import base64
import hashlib
import hmac
import json
import os
import pathlib
import random
import smtplib
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from email.message import EmailMessage

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_env():
    env = {}
    f = ROOT / ".cache" / "env"
    if f.exists():
        for line in f.read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                env[k] = v
    env.update({k: v for k, v in os.environ.items() if k.startswith(("GOTRUE_TEST_", "SUPABASE_"))})
    return env


ENV = load_env()
if "GOTRUE_TEST_URL" not in ENV:
    pytest.exit("no test settings: run ./x start first (writes .cache/env)", returncode=2)

MAIN = ENV["GOTRUE_TEST_URL"]
CONFIRM = ENV["GOTRUE_TEST_CONFIRM_URL"]
CLOSED = ENV["GOTRUE_TEST_CLOSED_URL"]
ANON = ENV["GOTRUE_TEST_ANON_KEY"]
SERVICE = ENV["GOTRUE_TEST_SERVICE_ROLE_KEY"]
MAIL = ENV["GOTRUE_TEST_MAIL_URL"]
SMS = ENV["GOTRUE_TEST_SMS_URL"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(method, url, body=None, key=ANON, token=None, headers=None):
    """HTTP call; returns (status, parsed JSON or text, headers). Never raises on HTTP errors."""
    h = {"apikey": key, "Authorization": "Bearer " + (token or key)}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        r = OPENER.open(req, timeout=15)
    except urllib.error.HTTPError as e:
        r = e
    raw = r.read()
    try:
        payload = json.loads(raw) if raw else None
    except ValueError:
        payload = raw.decode(errors="replace")
    return r.status, payload, r.headers


def unique_email(tag):
    return f"smoke-{tag}-{uuid.uuid4().hex[:12]}@example.com"


def wait_for(fn, timeout=10.0, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


# --------------------------------------------------------------------------- sinks

@pytest.mark.sinks
def test_sinks_health():
    for url in (MAIL, SMS):
        status, body, _ = call("GET", url + "/health")
        assert status == 200 and body["ok"], url


@pytest.mark.sinks
def test_smtp_catcher_roundtrip():
    to = unique_email("sink")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", to, "Héllo sink"
    msg.set_content("plain part http://127.0.0.1:3000/plain?x=1\n")
    msg.add_alternative('<p><a href="http://127.0.0.1:3000/x?a=1&amp;b=2">go</a></p>', subtype="html")
    port = int(os.environ.get("GOTRUE_TEST_SMTP_PORT", "2525"))
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
        assert not s.has_extn("starttls")
        s.send_message(msg)
    _, got, _ = call("GET", MAIL + "/messages?" + urllib.parse.urlencode({"to": to}))
    assert len(got) == 1
    assert got[0]["subject"] == "Héllo sink"
    assert "plain part" in got[0]["body"]
    assert "http://127.0.0.1:3000/x?a=1&b=2" in got[0]["links"]
    call("DELETE", MAIL + "/messages?" + urllib.parse.urlencode({"to": to}))
    _, got, _ = call("GET", MAIL + "/messages?" + urllib.parse.urlencode({"to": to}))
    assert got == []


# --------------------------------------------------------------------------- servers

@pytest.mark.parametrize("url", [MAIN, CONFIRM, CLOSED])
def test_health(url):
    status, body, _ = call("GET", url + "/health")
    assert status == 200, body
    assert body.get("version") is not None or body.get("name"), body


def settings(url):
    status, body, _ = call("GET", url + "/settings")
    assert status == 200, body
    return body


def test_settings_main():
    s = settings(MAIN)
    ext = s["external"]
    assert ext["phone"] is True
    assert ext["anonymous_users"] is True
    assert ext["github"] is True
    assert ext["email"] is True
    assert s["mailer_autoconfirm"] is True
    assert s["disable_signup"] is False
    assert s.get("saml_enabled", ext.get("saml")) is True


def test_main_has_the_newer_features():
    # features_env in harness.sh: passkeys, the OAuth 2.1 server, Web3 (checked by a refusal
    # that is not web3_provider_disabled).
    assert settings(MAIN).get("passkeys_enabled") is True
    status, body, _ = call("GET", MAIN + "/.well-known/oauth-authorization-server")
    assert status == 200 and body.get("authorization_endpoint"), body
    status, body, _ = call("POST", MAIN + "/token?grant_type=web3", {"chain": "ethereum", "message": "x", "signature": "y"})
    assert status == 400 and body.get("error_code") != "web3_provider_disabled", body


def test_settings_confirm():
    s = settings(CONFIRM)
    assert s["mailer_autoconfirm"] is False
    assert s["disable_signup"] is False


def test_settings_closed():
    assert settings(CLOSED)["disable_signup"] is True


def test_jwks_main_has_ec_key():
    status, body, _ = call("GET", MAIN + "/.well-known/jwks.json")
    assert status == 200, body
    keys = body["keys"]
    assert keys, body
    assert any(k["kty"] == "EC" and k.get("alg") == "ES256" for k in keys), keys
    assert all("d" not in k for k in keys), "private material published"


def test_main_issues_es256_tokens():
    email = unique_email("es256")
    status, body, _ = call("POST", MAIN + "/signup", {"email": email, "password": "Secret-pass-123"})
    assert status == 200, body
    header = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[0] + "=="))
    assert header["alg"] == "ES256" and header.get("kid"), header


def test_admin_with_service_role_key():
    status, body, _ = call("GET", MAIN + "/admin/users?per_page=1", key=SERVICE)
    assert status == 200, body
    assert "users" in body


def test_admin_with_anon_key_is_forbidden():
    status, body, _ = call("GET", MAIN + "/admin/users?per_page=1", key=ANON)
    assert status == 403, body
    assert body.get("error_code"), body


def test_closed_refuses_signup():
    status, body, _ = call("POST", CLOSED + "/signup", {"email": unique_email("closed"), "password": "Secret-pass-123"})
    assert status in (400, 422), body
    assert body.get("error_code") == "signup_disabled", body


def test_signup_confirmation_mail_and_verify_link():
    email = unique_email("confirm")
    status, body, _ = call("POST", CONFIRM + "/signup", {"email": email, "password": "Secret-pass-123"})
    assert status == 200, body
    user_id = body["id"]
    assert not body.get("email_confirmed_at")

    def fetch():
        _, got, _ = call("GET", MAIL + "/messages?" + urllib.parse.urlencode({"to": email}))
        return got

    mails = wait_for(fetch, what=f"confirmation mail to {email}")
    links = [link for m in mails for link in m["links"] if "/verify?" in link]
    assert links, mails
    q = urllib.parse.parse_qs(urllib.parse.urlparse(links[0]).query)
    assert q["type"] == ["signup"] and q["token"][0], links[0]

    status, _, headers = call("GET", links[0])
    assert status in (302, 303), status
    location = headers["Location"]
    assert "access_token=" in location, location

    status, user, _ = call("GET", f"{MAIN}/admin/users/{user_id}", key=SERVICE)
    assert status == 200, user
    assert user["email_confirmed_at"], user


def test_phone_mfa_challenge_reaches_sms_hook():
    email = unique_email("mfa")
    status, session, _ = call("POST", MAIN + "/signup", {"email": email, "password": "Secret-pass-123"})
    assert status == 200, session
    token = session["access_token"]
    phone = "+1555" + "".join(random.choice("0123456789") for _ in range(7))
    status, factor, _ = call("POST", MAIN + "/factors", {"factor_type": "phone", "phone": phone}, token=token)
    assert status == 200, factor
    status, challenge, _ = call("POST", f"{MAIN}/factors/{factor['id']}/challenge", {}, token=token)
    assert status == 200, challenge

    user_id = session["user"]["id"]

    def fetch():
        # the hook payload carries the user; the factor's phone may or may not be in sms.phone
        _, got, _ = call("GET", SMS + "/otps?" + urllib.parse.urlencode({"user_id": user_id}))
        return got

    otps = wait_for(fetch, what=f"SMS hook call for user {user_id} (phone {phone})")
    assert otps[-1]["otp"].isdigit() and len(otps[-1]["otp"]) == 6, otps
    assert otps[-1]["verified"] is True, "hook signature did not verify"

    status, verified, _ = call("POST", f"{MAIN}/factors/{factor['id']}/verify",
                               {"challenge_id": challenge["id"], "code": otps[-1]["otp"]}, token=token)
    assert status == 200, verified
    claims = json.loads(base64.urlsafe_b64decode(verified["access_token"].split(".")[1] + "=="))
    assert claims["aal"] == "aal2", claims


@pytest.mark.sinks
def test_sms_hook_signature_check():
    """The hook records whether a request carried a valid Standard Webhooks signature."""
    phone = "+1555" + "".join(random.choice("0123456789") for _ in range(7))
    body = json.dumps({"user": {"id": "x", "phone": phone[1:]}, "sms": {"otp": "000000"}}).encode()
    status, _, _ = call("POST", SMS + "/sms", json.loads(body), headers={
        "webhook-id": "msg_1", "webhook-timestamp": str(int(time.time())),
        "webhook-signature": "v1," + base64.b64encode(hmac.new(b"wrong", body, hashlib.sha256).digest()).decode()})
    assert status == 200
    _, got, _ = call("GET", SMS + "/otps?" + urllib.parse.urlencode({"phone": phone}))
    assert got and got[-1]["verified"] is False and got[-1]["otp"] == "000000"

    secret = ENV.get("GOTRUE_TEST_SMS_HOOK_SECRET", "")
    assert secret.startswith("v1,whsec_")
    key = base64.b64decode(secret[len("v1,whsec_"):])
    ts = str(int(time.time()))
    good = base64.b64encode(hmac.new(key, b"msg_2." + ts.encode() + b"." + body, hashlib.sha256).digest()).decode()
    req = urllib.request.Request(SMS + "/sms", data=body, method="POST", headers={
        "Content-Type": "application/json", "webhook-id": "msg_2", "webhook-timestamp": ts,
        "webhook-signature": "v1,bogus v1," + good})
    assert urllib.request.urlopen(req, timeout=10).status == 200
    _, got, _ = call("GET", SMS + "/otps?" + urllib.parse.urlencode({"phone": phone}))
    assert got[-1]["verified"] is True


def test_sso_provider_registered():
    pid = ENV.get("GOTRUE_TEST_SSO_PROVIDER_ID")
    assert pid, "no SSO provider id in env"
    status, body, _ = call("GET", f"{MAIN}/admin/sso/providers/{pid}", key=SERVICE)
    assert status == 200, body
    assert any(d["domain"] == ENV["GOTRUE_TEST_SSO_DOMAIN"] for d in body["domains"]), body
