"""Storage (memory, custom), persistence, initialize, auto-refresh and auth state events."""
import json
import threading
import time

import pytest

from libgotrue import SyncGoTrueClient, SyncMemoryStorage, SyncSupportedStorage
from libgotrue.errors import AuthError
from libgotrue.types import Session, Subscription

from conftest import ANON_KEY, PASSWORD, URL, unique_email

pytestmark = pytest.mark.server


class RecordingStorage(SyncSupportedStorage):
    """A custom storage that records what the core asks of it (thread-safe)."""

    def __init__(self):
        self.items = {}
        self.calls = []
        self.lock = threading.Lock()

    def get_item(self, key):
        with self.lock:
            self.calls.append(("get", key))
            return self.items.get(key)

    def set_item(self, key, value):
        with self.lock:
            self.calls.append(("set", key))
            self.items[key] = value

    def remove_item(self, key):
        with self.lock:
            self.calls.append(("remove", key))
            self.items.pop(key, None)


def make(storage=None, **kwargs):
    kwargs.setdefault("auto_refresh_token", False)
    return SyncGoTrueClient(url=URL, headers={"apikey": ANON_KEY}, storage=storage, **kwargs)


def test_memory_storage_holds_the_session_under_the_storage_key():
    storage = SyncMemoryStorage()
    c = make(storage)
    c.sign_up({"email": unique_email(), "password": PASSWORD})
    assert c._storage_key == "supabase.auth.token"
    assert c._storage.get_item(c._storage_key) is not None
    c.sign_out()
    assert c._storage_key not in storage.storage


def test_custom_storage_is_used_and_a_new_client_resumes_from_it():
    storage = RecordingStorage()
    c = make(storage, storage_key="my-app")
    email = unique_email()
    c.sign_up({"email": email, "password": PASSWORD})
    assert ("set", "my-app") in storage.calls
    assert json.loads(storage.items["my-app"])["refresh_token"]
    c.close()
    resumed = make(storage, storage_key="my-app")
    events = []
    resumed.on_auth_state_change(lambda e, s: events.append((e, s.user.email if s else None)))
    resumed.initialize()
    assert resumed.get_session().user.email == email
    assert events == [("INITIAL_SESSION", email)]


def test_persist_session_false_keeps_storage_untouched():
    storage = RecordingStorage()
    c = make(storage, persist_session=False)
    c.sign_up({"email": unique_email(), "password": PASSWORD})
    assert c.get_session() is not None
    assert not [call for call in storage.calls if call[0] == "set" and call[1] == c._storage_key]


def test_failing_storage_is_reported_not_crashed():
    class Broken(SyncMemoryStorage):
        def set_item(self, key, value):
            raise OSError("disk full")

    c = make(Broken())
    with pytest.raises(AuthError):
        c.sign_up({"email": unique_email(), "password": PASSWORD})


def test_events_arrive_in_order_and_unsubscribe_stops_them():
    c = make()
    events = []
    subscription = c.on_auth_state_change(lambda event, session: events.append((event, isinstance(session, Session))))
    assert isinstance(subscription, Subscription) and subscription.id
    email = unique_email()
    c.sign_up({"email": email, "password": PASSWORD})
    c.refresh_session()
    c.update_user({"data": {"n": 1}})
    c.sign_out()
    c.sign_in_with_password({"email": email, "password": PASSWORD})
    assert events == [("SIGNED_IN", True), ("TOKEN_REFRESHED", True), ("USER_UPDATED", True),
                      ("SIGNED_OUT", False), ("SIGNED_IN", True)]
    subscription.unsubscribe()
    c.sign_out()
    assert len(events) == 5


def test_a_callback_may_call_back_into_the_client_and_may_raise():
    c = make()
    seen = []

    def callback(event, session):
        seen.append(c.get_session() is not None)
        raise RuntimeError("the client must not care")

    c.on_auth_state_change(callback)
    c.sign_up({"email": unique_email(), "password": PASSWORD})
    c.sign_out()
    assert seen == [True, False]


def test_auto_refresh_refreshes_in_the_background():
    # A stored session with 95 s left (the core refreshes when fewer than 90 s remain) is
    # refreshed by the background thread about 5 s after initialize().
    source = make()
    email = unique_email()
    source.sign_up({"email": email, "password": PASSWORD})
    stored = json.loads(source._native.session("gotrue_client_get_session"))
    now = int(time.time())
    # An hour-long token received 3505 s ago: the core caps its refresh margin at half the
    # token's lifetime, so a short expires_in alone would not make it due.
    stored.update(expires_in=3600, expires_at=now + 95, received_at=now - 3505)
    storage = SyncMemoryStorage()
    storage.set_item("auto", json.dumps(stored))
    c = make(storage, storage_key="auto", auto_refresh_token=True)
    refreshed = threading.Event()
    events = []

    def on_event(event, session):
        events.append(event)
        if event == "TOKEN_REFRESHED":
            refreshed.set()

    c.on_auth_state_change(on_event)
    c.initialize()
    assert events == ["INITIAL_SESSION"]
    assert refreshed.wait(30), "no background refresh within 30 s"
    assert c.get_session().refresh_token != stored["refresh_token"]
    assert json.loads(storage.get_item("auto"))["refresh_token"] == c.get_session().refresh_token
    c.close()


def test_initialize_refreshes_an_expiring_session_once_and_threads_share_it():
    source = make()
    source.sign_up({"email": unique_email(), "password": PASSWORD})
    stored = json.loads(source._native.session("gotrue_client_get_session"))
    now = int(time.time())
    stored.update(expires_in=3600, expires_at=now + 30, received_at=now - 3570)
    storage = SyncMemoryStorage()
    storage.set_item("sf", json.dumps(stored))
    c = make(storage, storage_key="sf")
    refreshes = []
    c.on_auth_state_change(lambda e, s: refreshes.append(e) if e == "TOKEN_REFRESHED" else None)
    c.initialize()
    tokens = []
    threads = [threading.Thread(target=lambda: tokens.append(c.get_session().refresh_token)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(tokens)) == 1 and tokens[0] != stored["refresh_token"]
    assert refreshes == ["TOKEN_REFRESHED"]


def test_a_session_stored_in_the_seeds_format_is_resumed():
    source = make()
    email = unique_email()
    session = source.sign_up({"email": email, "password": PASSWORD}).session
    storage = SyncMemoryStorage()
    storage.set_item("supabase.auth.token", session.model_dump_json())  # what gotrue 2.12.4 stores
    c = make(storage)
    c.initialize_from_storage()
    assert c.get_session().user.email == email
    assert c.get_user().user.email == email


def test_a_failed_sign_in_keeps_the_current_session():
    c = make()
    email = unique_email()
    c.sign_up({"email": email, "password": PASSWORD})
    with pytest.raises(AuthError):
        c.sign_in_with_password({"email": email, "password": PASSWORD + "-wrong"})
    assert c.get_session().user.email == email
