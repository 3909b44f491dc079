"""Shared fixtures. Real-server tests use the stack named by GOTRUE_TEST_* (see .cache/env);
every test makes its own users, so runs never depend on each other or on earlier runs."""
import base64
import hashlib
import hmac
import os
import struct
import time
import uuid

import pytest

from libgotrue import SyncGoTrueAdminAPI, SyncGoTrueClient

URL = os.environ.get("GOTRUE_TEST_URL", "")
CONFIRM_URL = os.environ.get("GOTRUE_TEST_CONFIRM_URL", "")
CLOSED_URL = os.environ.get("GOTRUE_TEST_CLOSED_URL", "")
ANON_KEY = os.environ.get("GOTRUE_TEST_ANON_KEY", "")
SERVICE_KEY = os.environ.get("GOTRUE_TEST_SERVICE_ROLE_KEY", "")
JWT_SECRET = os.environ.get("GOTRUE_TEST_JWT_SECRET", "")
OTP = os.environ.get("GOTRUE_TEST_OTP", "")
SSO_DOMAIN = os.environ.get("GOTRUE_TEST_SSO_DOMAIN", "")
PASSWORD = "Py-drop-in-" + uuid.uuid4().hex[:8]


def unique_email(tag="py"):
    return "%s-%s@example.com" % (tag, uuid.uuid4().hex[:16])


def client(url=None, **kwargs):
    kwargs.setdefault("auto_refresh_token", False)
    return SyncGoTrueClient(url=url or URL, headers={"apikey": ANON_KEY}, **kwargs)


def admin(url=None):
    return SyncGoTrueAdminAPI(url=url or URL, headers={"Authorization": "Bearer " + SERVICE_KEY, "apikey": SERVICE_KEY})


def totp_code(secret_b32, at=None):
    """RFC 6238 (SHA-1, 30 s, 6 digits): what an authenticator app shows."""
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return "%06d" % (number % 1_000_000)


@pytest.fixture
def signed_in():
    """A client signed in as a brand-new user (autoconfirm server)."""
    c = client()
    email = unique_email()
    response = c.sign_up({"email": email, "password": PASSWORD})
    assert response.session is not None
    yield c, email
    c.close()
