"""The seed's own client test cases (tests/_sync of supabase/auth-py 2.12), ported to the real
server, plus every public method of SyncGoTrueClient and its mfa API."""
import json
import time

import pytest

from libgotrue import SyncGoTrueClient, SyncMemoryStorage
from libgotrue.errors import (
    AuthApiError,
    AuthImplicitGrantRedirectError,
    AuthInvalidCredentialsError,
    AuthInvalidJwtError,
    AuthSessionMissingError,
)
from libgotrue.types import (
    AuthMFAEnrollResponse,
    AuthOtpResponse,
    AuthResponse,
    IdentitiesResponse,
    OAuthResponse,
    Session,
    SSOResponse,
    User,
    UserResponse,
)

from conftest import ANON_KEY, CONFIRM_URL, OTP, PASSWORD, SSO_DOMAIN, admin, client, totp_code, unique_email

pytestmark = pytest.mark.server


def test_sign_up_returns_user_and_session():
    c = client()
    email = unique_email()
    response = c.sign_up({"email": email, "password": PASSWORD, "options": {"data": {"plan": "pro"}}})
    assert isinstance(response, AuthResponse)
    assert isinstance(response.user, User) and response.user.email == email
    assert response.user.user_metadata["plan"] == "pro"
    assert isinstance(response.session, Session)
    assert response.session.user.id == response.user.id
    assert response.session.expires_at > time.time()
    dumped = response.model_dump()
    assert dumped["session"]["access_token"] == response.session.access_token


def test_sign_up_on_confirming_server_returns_user_without_session():
    c = client(CONFIRM_URL)
    email = unique_email()
    response = c.sign_up({"email": email, "password": PASSWORD})
    assert response.session is None
    assert response.user is not None and response.user.email == email
    assert c.get_session() is None


def test_sign_in_with_password_then_get_user_and_session():
    email = unique_email()
    client().sign_up({"email": email, "password": PASSWORD})
    c = client()
    response = c.sign_in_with_password({"email": email, "password": PASSWORD})
    assert response.session and response.user.email == email
    assert c.get_session().access_token == response.session.access_token
    assert isinstance(c.get_user(), UserResponse)
    assert c.get_user().user.email == email
    assert c.get_user(response.session.access_token).user.id == response.user.id


def test_get_user_and_session_are_none_when_signed_out():
    c = client()
    assert c.get_session() is None
    assert c.get_user() is None


def test_get_claims_returns_none_when_session_is_none():
    assert client().get_claims() is None


def test_get_claims_verifies_the_session_token(signed_in):
    c, email = signed_in
    claims = c.get_claims()
    assert claims["claims"]["email"] == email
    assert claims["headers"]["alg"] in ("ES256", "RS256", "HS256")
    assert isinstance(claims["signature"], bytes) and claims["signature"]
    # An explicit token, and a second call (served from the core's cache), agree.
    token = c.get_session().access_token
    assert c.get_claims(token)["claims"]["sub"] == claims["claims"]["sub"]


def test_get_claims_with_the_callers_jwks_needs_no_server(signed_in):
    import urllib.request
    from conftest import URL

    c, email = signed_in
    token = c.get_session().access_token
    with urllib.request.urlopen(URL + "/.well-known/jwks.json") as r:
        jwks = json.loads(r.read())
    # A client whose server refuses connections: only the caller's keys can verify.
    offline = SyncGoTrueClient(url="http://127.0.0.1:9", headers={"apikey": ANON_KEY}, auto_refresh_token=False)
    assert offline.get_claims(token, jwks)["claims"]["email"] == email
    with pytest.raises(Exception):
        offline.get_claims(token)


def test_get_claims_rejects_a_tampered_token(signed_in):
    c, _ = signed_in
    header, payload, signature = c.get_session().access_token.split(".")
    tampered = ".".join([header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")])
    with pytest.raises((AuthInvalidJwtError, AuthApiError)):
        c.get_claims(tampered)


def test_set_session_with_valid_tokens():
    c = client()
    email = unique_email()
    signup = c.sign_up({"email": email, "password": PASSWORD})
    other = client()
    response = other.set_session(signup.session.access_token, signup.session.refresh_token)
    assert response.session.access_token == signup.session.access_token
    assert response.session.refresh_token == signup.session.refresh_token
    assert response.user.email == email
    assert other.get_session().user.email == email


def test_set_session_with_invalid_token():
    with pytest.raises(AuthInvalidJwtError):
        client().set_session("invalid.token.here", "invalid_refresh_token")


def test_refresh_session_rotates_tokens(signed_in):
    c, email = signed_in
    before = c.get_session()
    response = c.refresh_session()
    assert response.session.refresh_token != before.refresh_token
    assert response.user.email == email
    assert c.get_session().refresh_token == response.session.refresh_token


def test_refresh_session_without_session_raises_session_missing():
    with pytest.raises(AuthSessionMissingError):
        client().refresh_session()


def test_update_user(signed_in):
    c, _ = signed_in
    response = c.update_user({"data": {"nickname": "ada"}})
    assert isinstance(response, UserResponse)
    assert response.user.user_metadata["nickname"] == "ada"
    assert c.get_session().user.user_metadata["nickname"] == "ada"


def test_update_user_without_session_raises_session_missing():
    with pytest.raises(AuthSessionMissingError):
        client().update_user({"data": {"x": 1}})


def test_sign_out_scopes(signed_in):
    c, email = signed_in
    other = client()
    other.sign_in_with_password({"email": email, "password": PASSWORD})
    c.sign_out({"scope": "others"})
    assert c.get_session() is not None  # "others" keeps this session
    with pytest.raises(AuthApiError):
        other.refresh_session()
    c.sign_out()
    assert c.get_session() is None
    c.sign_out()  # signing out while signed out succeeds


def test_sign_in_anonymously():
    c = client()
    response = c.sign_in_anonymously({"options": {"data": {"guest": True}}})
    assert response.session is not None
    assert response.user.is_anonymous is True
    assert response.user.user_metadata["guest"] is True


def test_sign_in_with_otp_email_and_verify_with_generated_otp():
    email = unique_email()
    c = client()
    assert isinstance(c.sign_in_with_otp({"email": email}), AuthOtpResponse)
    link = admin().generate_link({"type": "magiclink", "email": email})
    response = c.verify_otp({"email": email, "token": link.properties.email_otp, "type": "email"})
    assert response.session is not None and response.user.email == email
    assert c.get_session().user.email == email


def test_verify_otp_with_token_hash():
    email = unique_email()
    client().sign_up({"email": email, "password": PASSWORD})
    link = admin().generate_link({"type": "magiclink", "email": email})
    c = client()
    response = c.verify_otp({"token_hash": link.properties.hashed_token, "type": "magiclink"})
    assert response.user.email == email


def test_sign_in_with_otp_phone_and_verify():
    import os
    import random

    phone = random.choice(os.environ.get("GOTRUE_TEST_PHONES", "").split(","))
    c = client()
    for attempt in range(5):  # the SMS limiter allows one message per second per phone
        try:
            c.sign_in_with_otp({"phone": phone})
            break
        except AuthApiError as e:
            if e.status != 429 or attempt == 4:
                raise
            time.sleep(1.2)
    response = c.verify_otp({"phone": phone, "token": OTP, "type": "sms"})
    assert response.session is not None
    assert response.user.phone == phone


def test_sign_in_with_otp_missing_credentials():
    with pytest.raises(AuthInvalidCredentialsError):
        client().sign_in_with_otp({"options": {}})


def test_resend_and_missing_credentials():
    email = unique_email()
    c = client(CONFIRM_URL)
    c.sign_up({"email": email, "password": PASSWORD})
    time.sleep(1.2)  # the server sends at most one mail per second per address
    assert isinstance(c.resend({"type": "signup", "email": email}), AuthOtpResponse)
    with pytest.raises(AuthInvalidCredentialsError):
        c.resend({"type": "signup"})


def test_reset_password_for_email_and_reset_password_email():
    email = unique_email()
    client().sign_up({"email": email, "password": PASSWORD})
    c = client()
    assert c.reset_password_for_email(email, {"redirect_to": "http://127.0.0.1/cb"}) is None
    time.sleep(1.2)  # one mail per second per address
    assert c.reset_password_email(email) is None


def test_reauthenticate(signed_in):
    c, _ = signed_in
    assert isinstance(c.reauthenticate(), AuthResponse)
    with pytest.raises(AuthSessionMissingError):
        client().reauthenticate()


def test_sign_in_with_oauth_builds_the_url():
    response = client().sign_in_with_oauth(
        {"provider": "github", "options": {"redirect_to": "http://127.0.0.1/cb", "scopes": "repo"}})
    assert isinstance(response, OAuthResponse)
    assert response.provider == "github"
    assert "/authorize?" in response.url and "provider=github" in response.url and "scopes=repo" in response.url


def test_sign_in_with_oauth_pkce_stores_a_verifier_in_custom_storage():
    storage = SyncMemoryStorage()
    c = SyncGoTrueClient(url=client()._url, headers={"apikey": ANON_KEY}, storage=storage, flow_type="pkce",
                         auto_refresh_token=False)
    response = c.sign_in_with_oauth({"provider": "github"})
    assert "code_challenge=" in response.url
    assert any(key.startswith(c._storage_key) for key in storage.storage)


def test_exchange_code_for_session_with_unknown_code():
    c = SyncGoTrueClient(url=client()._url, headers={"apikey": ANON_KEY}, flow_type="pkce", auto_refresh_token=False)
    c.sign_in_with_oauth({"provider": "github"})
    with pytest.raises(AuthApiError):
        c.exchange_code_for_session({"auth_code": "not-a-real-code", "code_verifier": "", "redirect_to": ""})


def test_initialize_from_url_with_error_raises_redirect_error():
    url = "http://example.com/?error=invalid_request&error_description=Invalid+request&error_code=400"
    with pytest.raises(AuthImplicitGrantRedirectError) as e:
        client().initialize_from_url(url)
    assert "Invalid request" in str(e.value)


def test_initialize_from_url_with_implicit_tokens(signed_in):
    c, email = signed_in
    s = c.get_session()
    url = "http://example.com/#access_token=%s&refresh_token=%s&expires_in=%d&token_type=bearer" % (
        s.access_token, s.refresh_token, s.expires_in)
    other = client(flow_type="implicit")
    events = []
    other.on_auth_state_change(lambda event, session: events.append(event))
    other.initialize(url=url)
    assert other.get_session().user.email == email
    assert events == ["SIGNED_IN"]


def test_sign_in_with_sso_by_domain():
    response = client().sign_in_with_sso({"domain": SSO_DOMAIN})
    assert isinstance(response, SSOResponse) and response.url.startswith("http")


def test_sign_in_with_sso_unknown_domain_and_missing_arguments():
    with pytest.raises(AuthApiError):
        client().sign_in_with_sso({"domain": "no-such-domain.example.org"})
    with pytest.raises(AuthInvalidCredentialsError):
        client().sign_in_with_sso({})


def test_sign_in_with_id_token_is_rejected_by_the_server():
    with pytest.raises(AuthApiError):
        client().sign_in_with_id_token({"provider": "google", "token": "not.a.token"})


def test_get_user_identities_link_and_unlink(signed_in):
    c, email = signed_in
    identities = c.get_user_identities()
    assert isinstance(identities, IdentitiesResponse)
    assert identities.identities[0].identity_data["email"] == email
    link = c.link_identity({"provider": "github"})
    assert isinstance(link, OAuthResponse) and "github" in link.url
    # The only identity cannot be removed.
    with pytest.raises(AuthApiError) as e:
        c.unlink_identity(identities.identities[0])
    assert e.value.code == "single_identity_not_deletable"


def test_link_identity_missing_session():
    with pytest.raises(AuthSessionMissingError):
        client().link_identity({"provider": "github"})


def test_mfa_enroll_challenge_verify_list_unenroll(signed_in):
    c, _ = signed_in
    enrolled = c.mfa.enroll({"issuer": "test-issuer", "factor_type": "totp", "friendly_name": "test-factor"})
    assert isinstance(enrolled, AuthMFAEnrollResponse)
    assert enrolled.type == "totp" and enrolled.friendly_name == "test-factor"
    assert enrolled.totp.qr_code.startswith("data:image/svg+xml;utf-8,")
    assert c.mfa.get_authenticator_assurance_level().current_level == "aal1"
    challenge = c.mfa.challenge({"factor_id": enrolled.id})
    assert challenge.id and challenge.expires_at > time.time()
    verified = c.mfa.verify({"factor_id": enrolled.id, "challenge_id": challenge.id,
                             "code": totp_code(enrolled.totp.secret)})
    assert verified.access_token and verified.user.id
    aal = c.mfa.get_authenticator_assurance_level()
    assert aal.current_level == "aal2" and aal.next_level == "aal2"
    assert any(m.method == "totp" for m in aal.current_authentication_methods)
    factors = c.mfa.list_factors()
    assert [f.id for f in factors.totp] == [enrolled.id] and factors.phone == []
    assert len(factors.all) == 1
    assert c.mfa.unenroll({"factor_id": enrolled.id}).id == enrolled.id
    assert c.mfa.list_factors().all == []


def test_mfa_challenge_and_verify_and_wrong_code(signed_in):
    c, _ = signed_in
    enrolled = c.mfa.enroll({"factor_type": "totp", "friendly_name": "f"})
    code = totp_code(enrolled.totp.secret)
    wrong = "%06d" % ((int(code) + 1) % 1_000_000)
    with pytest.raises(AuthApiError) as e:
        c.mfa.challenge_and_verify({"factor_id": enrolled.id, "code": wrong})
    assert e.value.code == "mfa_verification_failed"
    response = c.mfa.challenge_and_verify({"factor_id": enrolled.id, "code": code})
    assert response.token_type.lower() == "bearer"
    assert c.mfa.get_authenticator_assurance_level().current_level == "aal2"


def test_mfa_enroll_phone(signed_in):
    c, _ = signed_in
    enrolled = c.mfa.enroll({"factor_type": "phone", "phone": "+15555550123", "friendly_name": "phone"})
    assert enrolled.type == "phone" and enrolled.phone


def test_mfa_get_authenticator_assurance_level_without_session():
    aal = client().mfa.get_authenticator_assurance_level()
    assert aal.current_level is None and aal.next_level is None
    assert aal.current_authentication_methods == []


def test_context_manager_closes_the_client():
    with client() as c:
        assert c.get_session() is None
    with pytest.raises(ValueError):
        c.get_session()


def test_session_json_round_trip_is_a_seed_session(signed_in):
    c, _ = signed_in
    s = c.get_session()
    again = Session.model_validate(json.loads(s.model_dump_json()))
    assert again == s
