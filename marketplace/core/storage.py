"""File storage behind a small interface: local folders now, S3-compatible later.

Keys are relative POSIX paths (`public/products/ab/abcd...-640.webp`). Public storage hands
out URLs; private storage (compliance documents) never does, the app serves those itself
after checking access.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote

SUPPORTED_BACKENDS = ("local",)
VISIBILITIES = ("public", "private")
PUBLIC_BASE_URL = "/media"


@runtime_checkable
class Storage(Protocol):
    """Where uploaded files live. Implementations: LocalStorage (S3-compatible to come)."""

    def save(self, key: str, data: bytes, *, content_type: str) -> None:
        """Store `data` under `key`, replacing any file there. Raises ValueError, OSError."""
        ...

    def open(self, key: str) -> bytes:
        """The bytes stored under `key`. Raises FileNotFoundError, ValueError."""
        ...

    def exists(self, key: str) -> bool:
        """Whether a file is stored under `key`. Raises ValueError."""
        ...

    def delete(self, key: str) -> None:
        """Remove the file under `key`; nothing happens if there is none. Raises ValueError."""
        ...

    def purge(self, prefix: str, *, older_than: timedelta) -> int:
        """Delete files under `prefix` last written longer ago than `older_than`."""
        ...

    def url(self, key: str) -> str | None:
        """The public URL of `key`, or None for private storage. Raises ValueError."""
        ...


class LocalStorage:
    """Files in a folder on this machine; `base_url` is where the web server serves it."""

    def __init__(self, root: Path, *, base_url: str | None, file_mode: int = 0o644) -> None:
        self.root = Path(root)
        self.base_url = base_url.rstrip("/") if base_url is not None else None
        # mkstemp creates files readable by the owner only; public files must be readable by
        # a web server running as another user, private ones should stay owner-only.
        self.file_mode = file_mode

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r}, base_url={self.base_url!r})"

    def save(self, key: str, data: bytes, *, content_type: str) -> None:
        """Write atomically (temp file + rename): readers see the old file or the new one.

        Raises ValueError for an unsafe key, OSError when the disk refuses. The content type
        is for backends that store it (S3); a web server infers it here from the extension.
        """
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.chmod(tmp_name, self.file_mode)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> bytes:
        """The stored bytes. Raises FileNotFoundError, ValueError for an unsafe key."""
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        """Whether a file is stored under `key`. Raises ValueError for an unsafe key."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error. Raises ValueError for an unsafe key."""
        self._path(key).unlink(missing_ok=True)

    def url(self, key: str) -> str | None:
        """`base_url/key`, or None when this storage is private. Raises ValueError."""
        self._path(key)  # the same keys are valid everywhere
        if self.base_url is None:
            return None
        return f"{self.base_url}/{quote(key, safe='/')}"

    def purge(self, prefix: str, *, older_than: timedelta) -> int:
        """Delete files under `prefix` last written longer ago than `older_than`."""
        folder = self._path(prefix.rstrip("/"))
        if not folder.is_dir():
            return 0
        cutoff = time.time() - older_than.total_seconds()
        removed = 0
        for path in folder.rglob("*"):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def _path(self, key: str) -> Path:
        """The file for `key`, which can never lie outside `root`. Raises ValueError."""
        check_key(key)
        path = self.root / key
        # Belt and braces against a symlink planted inside root.
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise ValueError(f"storage key escapes the storage root: {key!r}")
        return path


def check_key(key: str) -> None:
    """Accept only plain relative POSIX paths. Raises ValueError naming the problem."""
    if not isinstance(key, str) or not key:
        raise ValueError(f"storage key must be a non-empty string: {key!r}")
    if "\x00" in key or "\\" in key:
        raise ValueError(f"storage key contains NUL or a backslash: {key!r}")
    if key.startswith("/"):
        raise ValueError(f"storage key must be relative: {key!r}")
    # Empty and "." segments are refused too, so that one file has exactly one key.
    if any(part in ("", ".", "..") for part in key.split("/")):
        raise ValueError(f"storage key has an empty, '.' or '..' segment: {key!r}")


def get_storage(app_config: Mapping[str, Any], *, visibility: str) -> Storage:
    """The storage for public (served by URL) or private files, chosen by STORAGE_BACKEND.

    Raises ValueError for an unknown backend or visibility, KeyError without UPLOAD_DIR.
    """
    backend = app_config.get("STORAGE_BACKEND", "local")
    if backend not in SUPPORTED_BACKENDS:
        raise ValueError(
            f"unknown STORAGE_BACKEND {backend!r}; supported: {', '.join(SUPPORTED_BACKENDS)}"
        )
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}: {visibility!r}")
    root = Path(app_config["UPLOAD_DIR"]) / visibility
    if visibility == "public":
        return LocalStorage(root, base_url=PUBLIC_BASE_URL, file_mode=0o644)
    return LocalStorage(root, base_url=None, file_mode=0o600)
