#!/usr/bin/env python3
"""Register (once) a SAML SSO provider on a GoTrue server; print its id.

    sso.py URL SERVICE_ROLE_KEY METADATA_XML_FILE DOMAIN

Idempotent: an existing provider for DOMAIN is reused. Stdlib only.
"""

import json
import sys
import urllib.error
import urllib.request


def call(method, url, key, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + key, "apikey": key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        sys.exit(f"sso.py: {method} {url} -> {e.code}: {e.read().decode(errors='replace')}")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    url, key, metadata_file, domain = sys.argv[1:]
    listing = call("GET", url + "/admin/sso/providers", key)
    for p in (listing or {}).get("items") or []:
        if any(d.get("domain") == domain for d in p.get("domains") or []):
            print(p["id"])
            return
    with open(metadata_file) as f:
        xml = f.read()
    p = call("POST", url + "/admin/sso/providers", key,
             {"type": "saml", "metadata_xml": xml, "domains": [domain]})
    print(p["id"])


if __name__ == "__main__":
    main()
