#!/usr/bin/env python3
"""Create (once) every secret and key the test servers need, in a keys folder.

    keys.py DIR     writes missing files into DIR, never overwrites one

Files:
  jwt_secret          HS256 secret shared by all instances (48 chars)
  anon_key            HS256 JWT {"role":"anon"} signed with the secret, no kid
  service_role_key    HS256 JWT {"role":"service_role"} signed with the secret, no kid
  jwt_keys.json       GOTRUE_JWT_KEYS for the main instance: ES256 signing key,
                      RS256 verify-only key, oct HS256 verify-only key (the secret)
  rs256_private.json  the RS256 private JWK alone (tests may sign RS256 tokens with it)
  hook_secret         v1,whsec_<base64> for the send-SMS HTTP hook
  saml_private_key    base64 (standard) of a PKCS#1 DER RSA-2048 key (GOTRUE_SAML_PRIVATE_KEY)
  idp_metadata.xml    SAML IdP metadata (self-signed cert) for the test SSO provider
Needs the `cryptography` package.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import secrets
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

IDP_ENTITY_ID = "https://idp.sso.example.com/metadata"


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint_b64u(n, length=None):
    length = length or (n.bit_length() + 7) // 8
    return b64u(n.to_bytes(length, "big"))


def hs256_jwt(claims, secret):
    header = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64u(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64u(sig)}"


def ec_jwk(kid):
    key = ec.generate_private_key(ec.SECP256R1())
    pn = key.private_numbers()
    return {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid,
            "key_ops": ["sign", "verify"],
            "x": uint_b64u(pn.public_numbers.x, 32), "y": uint_b64u(pn.public_numbers.y, 32),
            "d": uint_b64u(pn.private_value, 32)}


def rsa_jwk(kid, key_ops):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pn = key.private_numbers()
    pub = pn.public_numbers
    return {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid, "key_ops": key_ops,
            "n": uint_b64u(pub.n), "e": uint_b64u(pub.e), "d": uint_b64u(pn.d),
            "p": uint_b64u(pn.p), "q": uint_b64u(pn.q), "dp": uint_b64u(pn.dmp1),
            "dq": uint_b64u(pn.dmq1), "qi": uint_b64u(pn.iqmp)}


def idp_metadata():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.sso.example.com")])
    now = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365 * 80))
            .sign(key, hashes.SHA256()))
    der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{IDP_ENTITY_ID}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>{der}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.sso.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    os.makedirs(d, mode=0o700, exist_ok=True)

    def path(name):
        return os.path.join(d, name)

    def ensure(name, make):
        p = path(name)
        if not os.path.exists(p):
            tmp = p + ".tmp"
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
                f.write(make())
            os.replace(tmp, p)
        with open(p) as f:
            return f.read()

    secret = ensure("jwt_secret", lambda: secrets.token_urlsafe(36))
    far = 4102444800  # 2100-01-01
    ensure("anon_key", lambda: hs256_jwt({"iss": "supabase-demo", "role": "anon", "iat": 1700000000, "exp": far}, secret))
    ensure("service_role_key", lambda: hs256_jwt({"iss": "supabase-demo", "role": "service_role", "iat": 1700000000, "exp": far}, secret))
    rs = json.loads(ensure("rs256_private.json", lambda: json.dumps(rsa_jwk("test-rs256", ["verify"]))))
    ensure("jwt_keys.json", lambda: json.dumps([
        ec_jwk("test-es256"),
        rs,
        {"kty": "oct", "alg": "HS256", "kid": "test-hs256", "key_ops": ["verify"], "k": b64u(secret.encode())},
    ], separators=(",", ":")))
    ensure("hook_secret", lambda: "v1,whsec_" + base64.b64encode(secrets.token_bytes(32)).decode())
    ensure("saml_private_key", lambda: base64.b64encode(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption())).decode())
    ensure("idp_metadata.xml", idp_metadata)


if __name__ == "__main__":
    main()
