"""The seed's admin API test cases (test_gotrue_admin_api.py), ported to the real server."""
import uuid

import pytest

from libgotrue.errors import AuthApiError, AuthError
from libgotrue.types import GenerateLinkResponse, User, UserResponse

from conftest import PASSWORD, admin, client, unique_email

pytestmark = pytest.mark.server


def create_user(**extra):
    email = unique_email("adm")
    response = admin().create_user({"email": email, "password": PASSWORD, **extra})
    return email, response.user


def test_create_user_should_create_a_new_user():
    email, user = create_user()
    assert isinstance(user, User) and user.email == email


def test_create_user_with_user_and_app_metadata():
    email, user = create_user(user_metadata={"profile_image": "http://x/p.png"}, app_metadata={"roles": ["editor"]})
    assert user.user_metadata == {"profile_image": "http://x/p.png"}
    assert "provider" in user.app_metadata and "providers" in user.app_metadata
    assert user.app_metadata["roles"] == ["editor"]


def test_list_users_should_return_registered_users():
    email, _ = create_user()
    users = admin().list_users(page=1, per_page=1000)
    assert all(isinstance(u, User) for u in users)
    assert email in [u.email for u in users]
    assert len(admin().list_users(page=1, per_page=1)) == 1


def test_get_user_by_id_should_return_a_registered_user():
    email, user = create_user()
    response = admin().get_user_by_id(user.id)
    assert isinstance(response, UserResponse) and response.user.email == email


def test_get_user_by_unknown_id_raises_api_error():
    with pytest.raises(AuthApiError) as e:
        admin().get_user_by_id(str(uuid.uuid4()))
    assert e.value.status == 404 and e.value.code == "user_not_found"


def test_modify_email_user_metadata_app_metadata_and_confirmation_by_id():
    email, user = create_user()
    a = admin()
    assert a.update_user_by_id(user.id, {"email": "new-" + email}).user.email == "new-" + email
    assert a.update_user_by_id(user.id, {"user_metadata": {"k": "v"}}).user.user_metadata == {"k": "v"}
    assert a.update_user_by_id(user.id, {"app_metadata": {"roles": ["r"]}}).user.app_metadata["roles"] == ["r"]
    assert not user.email_confirmed_at
    assert a.update_user_by_id(user.id, {"email_confirm": True}).user.email_confirmed_at


def test_delete_user_should_be_able_to_delete_an_existing_user():
    email, user = create_user()
    admin().delete_user(user.id)
    assert email not in [u.email for u in admin().list_users(page=1, per_page=1000)]
    _, soft = create_user()
    admin().delete_user(soft.id, should_soft_delete=True)


def test_generate_link_signup_with_metadata():
    email = unique_email("adm")
    response = admin().generate_link(
        {"type": "signup", "email": email, "password": PASSWORD, "options": {"data": {"status": "alpha"}}})
    assert isinstance(response, GenerateLinkResponse)
    assert response.properties.verification_type == "signup"
    assert response.properties.email_otp and response.properties.hashed_token and response.properties.action_link
    assert response.user.user_metadata == {"status": "alpha"}


def test_generate_link_email_change():
    email, user = create_user(email_confirm=True)
    new_email = unique_email("adm-new")
    response = admin().generate_link({"type": "email_change_current", "email": email, "new_email": new_email})
    assert response.user.new_email == new_email


def test_invite_user_by_email_creates_a_user_with_invited_at():
    response = admin().invite_user_by_email(unique_email("inv"), {"data": {"team": "a"}})
    assert response.user.invited_at
    assert response.user.user_metadata["team"] == "a"


def test_sign_out_with_a_valid_and_an_invalid_access_token():
    c = client()
    session = c.sign_up({"email": unique_email(), "password": PASSWORD}).session
    admin().sign_out(session.access_token)
    with pytest.raises(AuthApiError):
        c.refresh_session(session.refresh_token)
    with pytest.raises(AuthError):
        admin().sign_out("invalid-access-token")


def test_admin_mfa_list_and_delete_factors():
    c = client()
    user = c.sign_up({"email": unique_email(), "password": PASSWORD}).user
    factor = c.mfa.enroll({"factor_type": "totp", "friendly_name": "adm"})
    listed = admin().mfa.list_factors({"user_id": user.id})
    assert [f.id for f in listed.factors] == [factor.id]
    assert admin().mfa.delete_factor({"user_id": user.id, "id": factor.id}).id == factor.id
    assert admin().mfa.list_factors({"user_id": user.id}).factors == []


def test_client_admin_shares_the_clients_configuration():
    from conftest import SERVICE_KEY, URL
    from libgotrue import SyncGoTrueClient

    c = SyncGoTrueClient(url=URL, headers={"Authorization": "Bearer " + SERVICE_KEY}, auto_refresh_token=False)
    email = unique_email("shared")
    assert c.admin.create_user({"email": email, "password": PASSWORD}).user.email == email


@pytest.mark.parametrize("call", [
    lambda a: a.get_user_by_id("invalid_id"),
    lambda a: a.update_user_by_id("invalid_id", {"email": "x@example.com"}),
    lambda a: a.delete_user("invalid_id"),
    lambda a: a.mfa.list_factors({"user_id": "invalid_id"}),
    lambda a: a.mfa.delete_factor({"user_id": str(uuid.uuid4()), "id": "invalid_id"}),
    lambda a: a.mfa.delete_factor({"user_id": "invalid_id", "id": str(uuid.uuid4())}),
])
def test_invalid_ids_raise_value_error(call):
    with pytest.raises(ValueError, match="Invalid id, 'invalid_id' is not a valid uuid"):
        call(admin())
