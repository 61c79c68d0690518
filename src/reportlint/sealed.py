"""Cache entries sealed with a key that never sits in the repository.

The cache folder is data from anywhere: `.reportlint_cache/` can be committed by a pull request
or restored from a shared CI cache. A findings entry with the findings taken out, or a pack
entry with a rule deleted, would make a run pass that should fail. Every entry is therefore
written with an HMAC-SHA256 over its content and the name it is stored under, keyed by a secret
kept outside the repository: `$REPORTLINT_CACHE_KEY` (e.g. a CI secret, to share a cache between
CI runs), else a random key created once in the user's cache home
(`$XDG_CACHE_HOME/reportlint/cache-key`, else `~/.cache/reportlint/cache-key`, mode 0600).
An entry whose seal does not verify is a miss: the file is linted, the pack file parsed and
validated again. Without a key (no writable home), the caches are not used at all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from functools import cache
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

KEY_ENV = "REPORTLINT_CACHE_KEY"


def _key_file() -> Path:
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "reportlint" / "cache-key"


@cache
def key() -> bytes | None:
    """The sealing key, or None when there is none and none can be made."""
    given = os.environ.get(KEY_ENV)
    if given:
        return given.encode("utf-8", "surrogateescape")
    path = _key_file()
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip()) or None
    except (OSError, ValueError):
        pass
    import secrets  # only to make the key, once a machine

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_hex(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(fresh + "\n")
        return bytes.fromhex(fresh)
    except FileExistsError:  # another process made it first
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip()) or None
        except (OSError, ValueError):
            return None
    except OSError:
        return None


def _mac(secret: bytes, name: str, body: str) -> str:
    message = name.encode("utf-8", "surrogateescape") + b"\0" + body.encode("utf-8", "surrogateescape")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def seal(name: str, value: Any) -> str | None:
    """The JSON text to store under `name`, or None when there is no key (do not cache)."""
    secret = key()
    if secret is None:
        return None
    body = json.dumps(value, ensure_ascii=False)  # key order kept: it is part of the value
    return json.dumps({"mac": _mac(secret, name, body), "body": body}, ensure_ascii=False)


def unseal(name: str, text: str) -> Any:
    """The value stored under `name`, or None when it is not an entry this key sealed."""
    secret = key()
    if secret is None:
        return None
    try:
        entry = json.loads(text)
        body, mac = entry["body"], entry["mac"]
        if not isinstance(body, str) or not isinstance(mac, str):
            return None
        if not hmac.compare_digest(mac, _mac(secret, name, body)):
            return None
        return json.loads(body)
    except (ValueError, TypeError, KeyError):
        return None
