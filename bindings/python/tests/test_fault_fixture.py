"""A loopback server that answers garbage: the faults a real server cannot produce. Every
answer must become one of the seed's exception classes, never a crash."""
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from libgotrue import SyncGoTrueAdminAPI, SyncGoTrueClient
from libgotrue.errors import AuthApiError, AuthError, AuthRetryableError

ANSWERS = {
    "/token": (200, "text/plain", b"this is not json"),
    "/signup": (200, "application/json", b'{"unexpected": true}'),
    "/user": (503, "text/html", b"<html>down</html>"),
    "/otp": (500, "text/html", b"<html>oops</html>"),
    "/verify": (400, "application/json", b'{"code":"brand_new_code","message":"a code from the future"}'),
    "/admin/users": (200, "application/json", b'{"users": [{"id": 1}]}'),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle_one(self):
        path = self.path.split("?")[0]
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if path == "/recover":  # hang up without an answer
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        status, ctype, body = ANSWERS.get(path, (404, "application/json", b'{"code":"not_found","message":"no"}'))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = handle_one


@pytest.fixture(scope="module")
def fixture_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()


def make(url):
    return SyncGoTrueClient(url=url, auto_refresh_token=False)


def test_non_json_success_is_retryable_as_in_the_seed(fixture_url):
    with pytest.raises(AuthRetryableError) as e:
        make(fixture_url).sign_in_with_password({"email": "a@example.com", "password": "pw-123456"})
    assert e.value.status == 0


def test_json_of_the_wrong_shape_is_retryable_as_in_the_seed(fixture_url):
    with pytest.raises(AuthRetryableError):
        make(fixture_url).sign_up({"email": "a@example.com", "password": "pw-123456"})
    with pytest.raises(AuthRetryableError):
        SyncGoTrueAdminAPI(url=fixture_url, headers={"Authorization": "Bearer x"}).list_users()


def test_gateway_errors_are_retryable_with_their_status(fixture_url):
    with pytest.raises(AuthRetryableError) as e:
        make(fixture_url).get_user("some.jwt.token")
    assert e.value.status == 503


def test_html_500_is_an_error_with_its_status(fixture_url):
    with pytest.raises(AuthError) as e:
        make(fixture_url).sign_in_with_otp({"email": "a@example.com"})
    assert e.value.status == 500


def test_unknown_server_codes_are_kept_verbatim(fixture_url):
    with pytest.raises(AuthApiError) as e:
        make(fixture_url).verify_otp({"email": "a@example.com", "token": "123456", "type": "email"})
    assert e.value.code == "brand_new_code" and e.value.message == "a code from the future"
    assert e.value.status == 400


def test_a_hang_up_is_retryable(fixture_url):
    with pytest.raises(AuthRetryableError) as e:
        make(fixture_url).reset_password_for_email("a@example.com")
    assert e.value.status == 0
