"""The methods for the newer server features (Web3, passkeys, WebAuthn MFA, the OAuth 2.1
server's consent side, the newer admin API): arguments reach the core as given, and the real
server answers them (GOTRUE_TEST_FEATURES_URL: the harness's main instance)."""
import base64
import hashlib
import json
import os
import urllib.parse
import urllib.request

import pytest

from libgotrue import SyncGoTrueAdminAPI, SyncGoTrueClient, build_web3_message
from libgotrue.errors import AuthError

from conftest import ANON_KEY, PASSWORD, SERVICE_KEY, URL, unique_email

FEATURES_URL = os.environ.get("GOTRUE_TEST_FEATURES_URL") or URL
needs_server = pytest.mark.skipif(not FEATURES_URL, reason="GOTRUE_TEST_URL unset: needs the real server")


def refused():
    return SyncGoTrueClient(url="http://127.0.0.1:9", headers={"apikey": "anon"}, auto_refresh_token=False)


# The seed's exception classes: invalid_argument / invalid_json -> AuthInvalidCredentialsError,
# session_missing -> AuthSessionMissingError.
BAD = "AuthInvalidCredentialsError"
MISSING = "AuthSessionMissingError"


def code_of(call):
    with pytest.raises(AuthError) as e:
        call()
    return type(e.value).__name__


def test_arguments_are_checked_before_any_request():
    c = refused()
    a = SyncGoTrueAdminAPI(url="http://127.0.0.1:9", headers={"apikey": "k"})
    cred = {"id": "x", "type": "public-key", "response": {}}
    assert code_of(lambda: c.oauth_get_authorization_details("../x")) == BAD
    assert code_of(lambda: c.oauth_approve_authorization("abc")) == MISSING
    assert code_of(lambda: c.oauth_deny_authorization("abc")) == MISSING
    assert code_of(lambda: c.oauth_list_grants()) == MISSING
    assert code_of(lambda: c.oauth_revoke_grant("a/b")) == BAD
    assert code_of(lambda: c.sign_in_with_web3("bitcoin", "m", "s")) == BAD
    assert code_of(lambda: c.passkey_registration_options()) == MISSING
    assert code_of(lambda: c.passkey_authentication_verify("", cred)) == BAD
    assert code_of(lambda: c.list_passkeys()) == MISSING
    assert code_of(lambda: c.update_passkey("p", {})) == BAD
    assert code_of(lambda: c.delete_passkey("../p")) == BAD
    assert code_of(lambda: c.mfa_enroll_webauthn()) == MISSING
    assert code_of(lambda: c.mfa_verify_webauthn("f", "c", "sign", cred)) == BAD
    assert code_of(lambda: a.list_audit_log(query="colour:red")) == BAD
    assert code_of(lambda: a.update_factor("u", "f", {})) == BAD
    assert code_of(lambda: a.list_user_passkeys("a/b")) == BAD
    assert code_of(lambda: a.get_oauth_client("a/b")) == BAD
    assert code_of(lambda: a.create_custom_provider({})) == BAD
    assert code_of(lambda: a.list_custom_providers("saml")) == BAD
    assert code_of(lambda: a.get_sso_provider("a/b")) == BAD
    with pytest.raises(TypeError):
        c.passkey_registration_verify("c", "not a dict")


def test_build_web3_message():
    address = "0x" + "ab" * 20
    text = build_web3_message({"chain": "ethereum", "domain": "localhost:3000", "address": address,
                               "uri": "http://localhost:3000", "issued_at": "2026-01-01T00:00:00Z"})
    assert text == ("localhost:3000 wants you to sign in with your Ethereum account:\n" + address +
                    "\n\n\nURI: http://localhost:3000\nVersion: 1\nChain ID: 1\nIssued At: 2026-01-01T00:00:00Z")
    assert SyncGoTrueClient.build_web3_message is build_web3_message or callable(SyncGoTrueClient.build_web3_message)
    assert code_of(lambda: build_web3_message({"chain": "ethereum"})) == BAD


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@needs_server
def test_oauth_consent_and_admin_clients():
    a = SyncGoTrueAdminAPI(url=FEATURES_URL, headers={"Authorization": "Bearer " + SERVICE_KEY, "apikey": SERVICE_KEY})
    redirect = "http://127.0.0.1:3000/oauth/cb"
    created = a.create_oauth_client({"redirect_uris": [redirect], "client_name": "py app", "client_type": "public"})
    client_id = created["client_id"]
    try:
        assert a.get_oauth_client(client_id)["client_name"] == "py app"
        assert any(c["client_id"] == client_id for c in a.list_oauth_clients())
        email = unique_email("py-oauth")
        a.create_user({"email": email, "password": PASSWORD, "email_confirm": True})
        user = SyncGoTrueClient(url=FEATURES_URL, headers={"apikey": ANON_KEY}, auto_refresh_token=False)
        user.sign_in_with_password({"email": email, "password": PASSWORD})

        challenge = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 50).digest()).rstrip(b"=").decode()
        query = urllib.parse.urlencode({"client_id": client_id, "redirect_uri": redirect, "response_type": "code",
                                        "scope": "email", "state": "py", "code_challenge": challenge,
                                        "code_challenge_method": "S256"})
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(FEATURES_URL + "/oauth/authorize?" + query)
        location = answer.value.headers["Location"]
        authorization_id = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["authorization_id"][0]

        details = user.oauth_get_authorization_details(authorization_id)
        assert details["client"]["id"] == client_id and details["user"]["email"] == email
        assert "code=" in user.oauth_approve_authorization(authorization_id)["redirect_url"]
        assert any(g["client"]["id"] == client_id for g in user.oauth_list_grants())
        user.oauth_revoke_grant(client_id)
        assert user.oauth_list_grants() == []
    finally:
        a.delete_oauth_client(client_id)


@needs_server
def test_newer_admin_lists_and_web3_refusal():
    a = SyncGoTrueAdminAPI(url=FEATURES_URL, headers={"Authorization": "Bearer " + SERVICE_KEY, "apikey": SERVICE_KEY})
    page = a.list_audit_log(per_page=1)
    assert len(page["entries"]) == 1 and page["total"] >= 1
    assert isinstance(a.list_sso_providers(), list)
    assert isinstance(a.list_custom_providers("oauth2"), list)
    anon = SyncGoTrueClient(url=FEATURES_URL, headers={"apikey": ANON_KEY}, auto_refresh_token=False)
    assert anon.passkey_authentication_options()["challenge_id"]
    message = build_web3_message({"chain": "ethereum", "domain": "localhost:3000", "address": "0x" + "1" * 40,
                                  "uri": "http://localhost:3000/login"})
    with pytest.raises(AuthError) as e:
        anon.sign_in_with_web3("ethereum", message, "0x" + "a" * 128 + "1b")
    assert e.value.code == "invalid_grant"
