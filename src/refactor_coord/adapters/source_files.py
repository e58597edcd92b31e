"""Read and write Python source exactly as it is: its encoding (PEP 263 cookie or BOM) and its
line endings survive a read-edit-write round trip."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path


def encoding_of(raw: bytes) -> str:
    """The file's encoding as the interpreter reads it (``utf-8-sig`` keeps a BOM on writing)."""
    try:
        return tokenize.detect_encoding(io.BytesIO(raw).readline)[0]
    except SyntaxError:
        return "utf-8"


def read_source(path: Path) -> str | None:
    """The text of a file, newlines untranslated; None when it does not exist."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    return raw.decode(encoding_of(raw))


def encode_source(text: str, like: bytes | None) -> bytes:
    """``text`` encoded the way the file it replaces was (UTF-8 for a new file)."""
    return text.encode(encoding_of(like) if like is not None else "utf-8")


def read_source_leniently(path: Path) -> str | None:
    """As :func:`read_source`, with bytes its encoding cannot decode replaced (a scan for text
    must not stop at one broken file: the standard library's tests hold some on purpose)."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    try:
        return raw.decode(encoding_of(raw), "replace")
    except LookupError:  # a coding cookie naming no codec Python has
        return raw.decode("utf-8", "replace")
