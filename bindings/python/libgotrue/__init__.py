"""libgotrue: a drop-in for gotrue 2.12.4's sync client, running on the native libgotrue core.

Change `from gotrue import ...` to `from libgotrue import ...`; see the README for the few
places where the core's behaviour differs from the seed's.
"""
from __future__ import annotations

from ._sync.gotrue_admin_api import SyncGoTrueAdminAPI  # noqa: F401
from ._sync.gotrue_client import SyncGoTrueClient  # noqa: F401
from ._sync.newer import build_web3_message  # noqa: F401
from ._sync.storage import SyncMemoryStorage, SyncSupportedStorage  # noqa: F401
from .types import *  # noqa: F401, F403
from .version import __version__  # noqa: F401
