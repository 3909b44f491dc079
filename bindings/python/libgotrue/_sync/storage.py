from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Dict, Optional


class SyncSupportedStorage(ABC):
    """What a custom `storage` must offer. The core calls these (through C callbacks) for the
    session and PKCE verifiers, possibly from its auto-refresh thread: keep them thread-safe."""

    @abstractmethod
    def get_item(self, key: str) -> Optional[str]: ...  # pragma: no cover

    @abstractmethod
    def set_item(self, key: str, value: str) -> None: ...  # pragma: no cover

    @abstractmethod
    def remove_item(self, key: str) -> None: ...  # pragma: no cover


class SyncMemoryStorage(SyncSupportedStorage):
    def __init__(self):
        self.storage: Dict[str, str] = {}

    def get_item(self, key: str) -> Optional[str]:
        return self.storage.get(key)

    def set_item(self, key: str, value: str) -> None:
        self.storage[key] = value

    def remove_item(self, key: str) -> None:
        self.storage.pop(key, None)
