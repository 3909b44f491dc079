"""The seed's constants, with the values this package actually uses.

EXPIRY_MARGIN, MAX_RETRIES and RETRY_INTERVAL describe the Rust core's refresh policy (its
defaults), not a policy of this package: the core decides when to refresh and retry.
"""
from __future__ import annotations

from datetime import datetime
from typing import Dict

from .version import __version__

GOTRUE_URL = "http://localhost:9999"
DEFAULT_HEADERS: Dict[str, str] = {
    "X-Client-Info": f"libgotrue-py/{__version__}",
}
# The core refreshes when fewer than this many seconds remain (option refresh_margin_secs).
EXPIRY_MARGIN = 90  # seconds
# Retries after a transient failure, and the first backoff step (doubling, bounded).
MAX_RETRIES = 3
RETRY_INTERVAL = 2  # deciseconds
STORAGE_KEY = "supabase.auth.token"

API_VERSION_HEADER_NAME = "X-Supabase-Api-Version"
API_VERSIONS = {
    "2024-01-01": {
        "timestamp": datetime.timestamp(datetime.strptime("2024-01-01", "%Y-%m-%d")),
        "name": "2024-01-01",
    },
}
BASE64URL_REGEX = r"^([a-z0-9_-]{4})*($|[a-z0-9_-]{3}$|[a-z0-9_-]{2}$)$"
