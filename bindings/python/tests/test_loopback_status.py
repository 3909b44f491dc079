"""libgotrue additions: get_current_session, get_session_status (REFRESH_FAILED's error) and the
desktop loopback sign-in (start_loopback_sign_in). Tests marked `server` use the real server."""
import json
import os
import socket
import threading
import time
import urllib.parse
import urllib.request

import pytest

from libgotrue import SyncGoTrueClient, SyncMemoryStorage
from libgotrue.errors import AuthError, AuthInvalidCredentialsError, AuthRetryableError

from conftest import ANON_KEY, CONFIRM_URL, PASSWORD, URL, unique_email

MAIL_URL = os.environ.get("GOTRUE_TEST_MAIL_URL", "")


def refused_url():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return "http://127.0.0.1:%d" % port


def offline_client(**kwargs):
    kwargs.setdefault("auto_refresh_token", False)
    return SyncGoTrueClient(url=refused_url(), headers={"apikey": "anon"}, **kwargs)


def test_status_of_a_new_client_and_loopback_misuse():
    c = offline_client(flow_type="pkce")
    assert c.get_session_status().status == "initializing"
    assert c.get_current_session() is None
    with pytest.raises(AuthInvalidCredentialsError):
        c.start_loopback_sign_in("")
    with pytest.raises(AuthInvalidCredentialsError):
        c.start_loopback_sign_in("redirect", {"nope": 1})
    with pytest.raises(AuthInvalidCredentialsError):
        c.start_loopback_sign_in(None)
    with c.start_loopback_sign_in("redirect", {"path": "/cb"}) as l:
        assert l.redirect_to.startswith("http://127.0.0.1:") and "/cb?state=" in l.redirect_to
        assert l.url == l.redirect_to
        with pytest.raises(AuthRetryableError):
            l.wait(0)
        errors = []
        t = threading.Thread(target=lambda: errors.append(pytest.raises(AuthError, l.wait, 30).value))
        t.start()
        time.sleep(0.1)
        l.cancel()
        t.join(10)
        assert errors and errors[0].code == "cancelled"
        port = urllib.parse.urlsplit(l.redirect_to).port
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    l.close()
    l.cancel()  # a no-op after close
    c.close()


@pytest.mark.server
def test_a_transient_refresh_failure_is_the_refresh_failing_status_with_its_error():
    source = SyncGoTrueClient(url=URL, headers={"apikey": ANON_KEY}, auto_refresh_token=False)
    source.sign_up({"email": unique_email("rf"), "password": PASSWORD})
    stored = json.loads(source._native.session("gotrue_client_get_session"))
    now = int(time.time())
    stored.update(expires_in=3600, expires_at=now + 30, received_at=now - 3570)
    storage = SyncMemoryStorage()
    storage.set_item("rf", json.dumps(stored))
    c = offline_client(storage=storage, storage_key="rf")
    events = []
    c.on_auth_state_change(lambda e, s: events.append((e, s is not None)))
    c.initialize()
    assert events == [("INITIAL_SESSION", True), ("REFRESH_FAILED", True)]
    status = c.get_session_status()
    assert status.status == "refresh_failing"
    assert isinstance(status.last_error, AuthRetryableError) and status.last_error.retryable
    assert c.get_current_session().refresh_token == stored["refresh_token"], "the session is kept"
    c.close()
    source.sign_out()
    assert source.get_session_status().status == "not_authenticated"
    assert source.get_session_status().is_sign_out
    source.close()


def verify_link(email):
    for _ in range(150):
        with urllib.request.urlopen(MAIL_URL + "/messages?to=" + urllib.parse.quote(email)) as r:
            messages = json.loads(r.read())
        if messages:
            return next(l for l in messages[-1]["links"] if "/verify" in l)
        time.sleep(0.1)
    raise AssertionError("no mail for " + email)


@pytest.mark.server
def test_a_pkce_magic_link_to_the_loopback_url_signs_in():
    c = SyncGoTrueClient(url=CONFIRM_URL, headers={"apikey": ANON_KEY}, auto_refresh_token=False, flow_type="pkce")
    with c.start_loopback_sign_in("redirect") as l:
        email = unique_email("loopback")
        c.sign_in_with_otp({"email": email, "options": {"email_redirect_to": l.redirect_to}})
        # A browser opens the link and follows the redirect to the listener.
        with urllib.request.urlopen(verify_link(email), timeout=30) as page:
            assert page.status == 200
            assert urllib.parse.urlsplit(page.url).port == urllib.parse.urlsplit(l.redirect_to).port
            assert "You are signed in" in page.read().decode()
        session = l.wait(10)
        assert session.user.email == email
        assert c.get_current_session().access_token == session.access_token
        assert c.get_session_status().status == "authenticated"
    c.close()
