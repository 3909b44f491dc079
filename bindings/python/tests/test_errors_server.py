"""The seed's exception classes, raised in the seed's situations, against the real server."""
import pytest

from libgotrue import SyncGoTrueClient
from libgotrue.errors import (
    AuthApiError,
    AuthError,
    AuthInvalidCredentialsError,
    AuthRetryableError,
    AuthSessionMissingError,
    AuthWeakPasswordError,
)

from conftest import ANON_KEY, CLOSED_URL, PASSWORD, client, unique_email

pytestmark = pytest.mark.server


def test_duplicate_email():
    email = unique_email()
    client().sign_up({"email": email, "password": PASSWORD})
    with pytest.raises(AuthApiError) as e:
        client().sign_up({"email": email, "password": PASSWORD})
    assert e.value.code == "user_already_exists" and e.value.status == 422
    assert e.value.to_dict() == {"name": "AuthApiError", "message": e.value.message, "status": 422,
                                 "code": "user_already_exists"}


def test_wrong_password():
    email = unique_email()
    client().sign_up({"email": email, "password": PASSWORD})
    with pytest.raises(AuthApiError) as e:
        client().sign_in_with_password({"email": email, "password": PASSWORD + "-wrong"})
    assert e.value.code == "invalid_credentials" and e.value.status == 400
    assert e.value.message == "Invalid login credentials"


def test_invalid_credential_sign_in_with_phone():
    with pytest.raises(AuthApiError) as e:
        client().sign_in_with_password({"phone": "+15555559999", "password": PASSWORD})
    assert e.value.to_dict()


@pytest.mark.parametrize("credentials", [
    lambda: {"email": unique_email(), "password": "12"},
    lambda: {"phone": "+1555555%04d" % __import__("random").randint(2000, 9999), "password": "12"},
])
def test_weak_password(credentials):
    with pytest.raises(AuthWeakPasswordError) as e:
        client().sign_up(credentials())
    assert e.value.code == "weak_password" and e.value.status == 422
    assert e.value.reasons == ["length"]
    assert e.value.to_dict()["reasons"] == ["length"]


def test_invalid_otp():
    email = unique_email()
    client().sign_up({"email": email, "password": PASSWORD})
    with pytest.raises(AuthApiError) as e:
        client().verify_otp({"email": email, "token": "000000", "type": "email"})
    assert e.value.code == "otp_expired"
    assert e.value.message == "Token has expired or is invalid"


def test_verify_otp_with_invalid_phone_number():
    with pytest.raises(AuthApiError) as e:
        client().verify_otp({"phone": "123456789abc", "token": "123456", "type": "sms"})
    assert e.value.message == "Invalid phone number format (E.164 required)"


def test_signup_disabled():
    c = SyncGoTrueClient(url=CLOSED_URL, headers={"apikey": ANON_KEY}, auto_refresh_token=False)
    with pytest.raises(AuthApiError) as e:
        c.sign_up({"email": unique_email(), "password": PASSWORD})
    assert e.value.code == "signup_disabled"


def test_missing_session():
    c = client()
    for call in (c.reauthenticate, c.get_user_identities, lambda: c.update_user({"data": {}}),
                 lambda: c.mfa.enroll({"factor_type": "totp"}), c.mfa.list_factors, c.refresh_session):
        with pytest.raises(AuthSessionMissingError) as e:
            call()
        assert e.value.message == "Auth session missing!" and e.value.status == 400


@pytest.mark.parametrize("call", [
    lambda c: c.sign_in_with_password({"password": PASSWORD}),
    lambda c: c.sign_in_with_password({"email": 123, "password": PASSWORD}),
    lambda c: c.sign_in_with_password({"email": unique_email(), "password": 123}),
    lambda c: c.sign_in_with_password("ada@example.com"),
    lambda c: c.sign_in_with_password({"email": unique_email(), "password": PASSWORD, "options": "x"}),
    lambda c: c.sign_up({"email": ["a"], "password": PASSWORD}),
    lambda c: c.sign_up({"password": PASSWORD}),
    lambda c: c.sign_in_with_otp({"email": b"bytes@example.com"}),
    lambda c: c.verify_otp({"email": unique_email(), "token": 123456, "type": "email"}),
    lambda c: c.sign_out({"scope": "everywhere"}),
    lambda c: c.mfa.enroll({"factor_type": "sms"}),
    lambda c: c.sign_up({"email": "nul\x00@example.com", "password": PASSWORD}),
    lambda c: c.sign_up({"email": unique_email(), "password": "bad\udc80surrogate"}),
])
def test_bad_credentials_raise_auth_errors_never_crash(call):
    with pytest.raises(AuthInvalidCredentialsError):
        call(client())


def test_server_validation_of_bad_values_is_an_api_error():
    with pytest.raises(AuthApiError) as e:
        client().sign_up({"email": "not-an-email", "password": PASSWORD})
    assert e.value.status in (400, 422)


def test_unreachable_server_is_retryable():
    c = SyncGoTrueClient(url="http://127.0.0.1:9", auto_refresh_token=False)
    with pytest.raises(AuthRetryableError) as e:
        c.sign_in_with_password({"email": unique_email(), "password": PASSWORD})
    assert e.value.status == 0
    assert isinstance(e.value, AuthError)
    assert e.value.retryable is True


def test_a_definitive_answer_is_not_retryable():
    with pytest.raises(AuthApiError) as e:
        client().sign_in_with_password({"email": unique_email(), "password": PASSWORD})
    assert e.value.retryable is False
