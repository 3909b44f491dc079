"""The gotrue quick start on libgotrue: sign up, then sign in, printing the user id and the
access token. Reads SUPABASE_URL (a hosted project: https://<ref>.supabase.co, to which
/auth/v1 is added) or SUPABASE_AUTH_URL (a bare Auth server), and SUPABASE_ANON_KEY."""
import os
import uuid

from libgotrue import SyncGoTrueClient

if os.environ.get("SUPABASE_AUTH_URL"):
    url = os.environ["SUPABASE_AUTH_URL"]
else:
    url = os.environ.get("SUPABASE_URL", "http://127.0.0.1:9999").rstrip("/")
    if url.endswith(".supabase.co"):
        url += "/auth/v1"
key = os.environ.get("SUPABASE_ANON_KEY", "")

client = SyncGoTrueClient(url=url, headers={"apikey": key, "Authorization": f"Bearer {key}"})

email = f"quickstart-{uuid.uuid4().hex[:12]}@example.com"
password = "correct-horse-" + uuid.uuid4().hex[:8]

signed_up = client.sign_up({"email": email, "password": password})
print("signed up:", signed_up.user.id)

signed_in = client.sign_in_with_password({"email": email, "password": password})
print("user id:", signed_in.user.id)
print("access token:", signed_in.session.access_token)
client.sign_out()
