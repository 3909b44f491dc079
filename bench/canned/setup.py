#!/usr/bin/env python3
"""Generate the canned GoTrue fixtures and a private nginx config.

Writes into WORKDIR:
  es256.pem rs256.pem        private keys (P-256, RSA-2048), generated fresh each run
  jwks.json                  public JWKS served at /.well-known/jwks.json
  user.json session.json     what GET /user and POST /token return (nginx swaps in a fresh refresh_token)
  bench.env                  KEY=VALUE lines the drivers read from the environment
  nginx.conf                 private nginx instance: own pid/logs/temp dirs, 127.0.0.1:PORT only

Usage: setup.py WORKDIR PORT
Needs `cryptography` (used by the bench venv anyway for PyJWT).
"""
import base64
import json
import os
import sys
import time
import uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

EMAIL = "bench@example.com"
PASSWORD = "bench-password-123"
ANON_KEY_PAYLOAD = {"iss": "supabase-demo", "role": "anon", "exp": 1983812996}


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def int_b64u(n: int, length: int | None = None) -> str:
    length = length or (n.bit_length() + 7) // 8
    return b64u(n.to_bytes(length, "big"))


def seg(obj) -> str:
    return b64u(json.dumps(obj, separators=(",", ":")).encode())


def sign_es256(key, header, payload) -> str:
    signing_input = f"{seg(header)}.{seg(payload)}".encode()
    der = key.sign(signing_input, ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return signing_input.decode() + "." + b64u(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def sign_rs256(key, header, payload) -> str:
    signing_input = f"{seg(header)}.{seg(payload)}".encode()
    sig = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return signing_input.decode() + "." + b64u(sig)


def sign_hs256(secret: bytes, header, payload) -> str:
    import hmac, hashlib

    signing_input = f"{seg(header)}.{seg(payload)}".encode()
    return signing_input.decode() + "." + b64u(hmac.new(secret, signing_input, hashlib.sha256).digest())


def main() -> None:
    workdir, port = sys.argv[1], int(sys.argv[2])
    os.makedirs(workdir, exist_ok=True)
    base_url = f"http://127.0.0.1:{port}"

    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for name, k in (("es256.pem", ec_key), ("rs256.pem", rsa_key)):
        with open(os.path.join(workdir, name), "wb") as f:
            f.write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))

    ec_kid, rsa_kid = str(uuid.uuid4()), str(uuid.uuid4())
    ecn = ec_key.public_key().public_numbers()
    rsn = rsa_key.public_key().public_numbers()
    # Same shape as the server's /.well-known/jwks.json (public parts, key_ops verify, ext true).
    jwks = {"keys": [
        {"alg": "ES256", "crv": "P-256", "ext": True, "key_ops": ["verify"], "kid": ec_kid, "kty": "EC",
         "use": "sig", "x": int_b64u(ecn.x, 32), "y": int_b64u(ecn.y, 32)},
        {"alg": "RS256", "e": int_b64u(rsn.e), "ext": True, "key_ops": ["verify"], "kid": rsa_kid, "kty": "RSA",
         "n": int_b64u(rsn.n), "use": "sig"},
    ]}

    now = int(time.time())
    exp = now + 10 * 365 * 24 * 3600  # far future: nothing in the benchmark ever needs a refresh
    uid, sid, ident = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    ts = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(now - 86400))
    ts2 = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(now))
    user = {
        "id": uid, "aud": "authenticated", "role": "authenticated", "email": EMAIL,
        "email_confirmed_at": ts, "phone": "", "confirmation_sent_at": ts, "confirmed_at": ts,
        "last_sign_in_at": ts2,
        "app_metadata": {"provider": "email", "providers": ["email"]},
        "user_metadata": {"email": EMAIL, "email_verified": True, "phone_verified": False, "sub": uid},
        "identities": [{
            "identity_id": ident, "id": uid, "user_id": uid,
            "identity_data": {"email": EMAIL, "email_verified": False, "phone_verified": False, "sub": uid},
            "provider": "email", "last_sign_in_at": ts, "created_at": ts, "updated_at": ts2, "email": EMAIL,
        }],
        "created_at": ts, "updated_at": ts2, "is_anonymous": False,
    }

    def claims(amr_method="password"):
        return {
            "iss": f"{base_url}/auth/v1", "sub": uid, "aud": "authenticated", "exp": exp, "iat": now,
            "email": EMAIL, "phone": "", "app_metadata": user["app_metadata"],
            "user_metadata": user["user_metadata"], "role": "authenticated", "aal": "aal1",
            "amr": [{"method": amr_method, "timestamp": now}], "session_id": sid, "is_anonymous": False,
        }

    tok_es = sign_es256(ec_key, {"alg": "ES256", "kid": ec_kid, "typ": "JWT"}, claims())
    tok_rs = sign_rs256(rsa_key, {"alg": "RS256", "kid": rsa_kid, "typ": "JWT"}, claims())
    anon_key = sign_hs256(b"bench-only-secret-not-used-by-anything-0123456789",
                          {"alg": "HS256", "typ": "JWT"}, ANON_KEY_PAYLOAD)
    # The server rotates refresh tokens: every /token response carries a new one. nginx's $request_id
    # (32 random hex characters per request) stands in for it, so each refresh exchanges a fresh token,
    # just as against the real server (a client may legitimately cache the answer for a token it has
    # already exchanged, which would otherwise turn a refresh benchmark into a cache benchmark).
    refresh_token = "__REFRESH_TOKEN__"

    session = {"access_token": tok_es, "token_type": "bearer", "expires_in": 3600, "expires_at": exp,
               "refresh_token": refresh_token, "user": user}

    def dump(name, obj):
        text = json.dumps(obj, separators=(",", ":"))
        with open(os.path.join(workdir, name), "w") as f:
            f.write(text)
        return text

    jwks_s, user_s, session_s = dump("jwks.json", jwks), dump("user.json", user), dump("session.json", session)
    for s in (jwks_s, user_s, session_s):
        # nginx `return` text: no single quotes, no variables, no escapes needed.
        assert "'" not in s and "$" not in s and "\\" not in s, "fixture not safe for nginx return"

    with open(os.path.join(workdir, "bench.env"), "w") as f:
        for k, v in {
            "BENCH_URL": base_url, "BENCH_API_KEY": anon_key, "BENCH_EMAIL": EMAIL,
            "BENCH_PASSWORD": PASSWORD, "BENCH_TOKEN_ES256": tok_es, "BENCH_TOKEN_RS256": tok_rs,
        }.items():
            f.write(f"{k}={v}\n")

    err = '{"code":400,"error_code":"validation_failed","msg":"unsupported_grant_type"}'
    session_conf = session_s.replace(refresh_token, "$request_id")
    conf = f"""# generated by bench/canned/setup.py: private canned GoTrue on loopback
worker_processes 1;
daemon on;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/tmp_body;
    proxy_temp_path {workdir}/tmp_proxy;
    fastcgi_temp_path {workdir}/tmp_fastcgi;
    uwsgi_temp_path {workdir}/tmp_uwsgi;
    scgi_temp_path {workdir}/tmp_scgi;
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    server_tokens off;
    server {{
        listen 127.0.0.1:{port} reuseport;
        location = /token {{
            default_type application/json;
            if ($arg_grant_type !~ ^(password|refresh_token)$) {{ return 400 '{err}'; }}
            return 200 '{session_conf}';
        }}
        location = /signup {{
            default_type application/json;
            return 200 '{session_conf}';
        }}
        location = /user {{
            default_type application/json;
            return 200 '{user_s}';
        }}
        location = /logout {{
            return 204;
        }}
        location = /.well-known/jwks.json {{
            default_type application/json;
            return 200 '{jwks_s}';
        }}
        location = /health {{
            default_type application/json;
            return 200 '{{"version":"canned","name":"GoTrue","description":"canned benchmark server"}}';
        }}
        location = /__requests {{
            stub_status;
        }}
        location / {{
            default_type application/json;
            return 404 '{{"code":404,"error_code":"not_found","msg":"not found"}}';
        }}
    }}
}}
"""
    with open(os.path.join(workdir, "nginx.conf"), "w") as f:
        f.write(conf)


if __name__ == "__main__":
    main()
