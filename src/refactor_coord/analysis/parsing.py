"""Parse one file: bytes in, a tagged outcome out. Runs inside worker processes.

``ast`` first; a file it rejects goes to libcst (newer syntax than this interpreter); a file
neither can parse is a failure with the parser's message. Nothing here raises.
"""

from __future__ import annotations

import ast
import gc
import hashlib
from dataclasses import dataclass, replace

from refactor_coord.analysis.extract_ast import extract_with_ast
from refactor_coord.analysis.raw import encode_surface

GENERATED_MARKER = b"@" + b"generated"  # spelled apart so this file is not itself "generated"
_HEADER_BYTES = 2048


@dataclass(frozen=True, slots=True)
class ParseJob:
    """One file to parse."""

    path: str  #: repository-relative, for messages
    abs_path: str
    module: str
    is_package: bool


@dataclass(frozen=True, slots=True)
class Parsed:
    """Facts extracted: ``blob`` is :meth:`FileFacts.encode` output, ``surface`` that of
    :func:`encode_surface` (so the caller needs to decode neither to cache them)."""

    path: str
    blob: bytes
    surface: bytes
    parser: str
    digest: str = ""  #: :func:`content_digest` of the bytes parsed


@dataclass(frozen=True, slots=True)
class ParseFailed:
    """Neither parser accepted the file (or it could not be read: no digest then)."""

    path: str
    reason: str
    digest: str = ""


@dataclass(frozen=True, slots=True)
class Generated:
    """The file carries the ``@generated`` marker: it is skipped, not parsed."""

    path: str
    digest: str

    reason = "generated file (@generated marker)"


ParseOutcome = Parsed | ParseFailed | Generated


def parsed_or_none(text: str | None) -> ast.Module | None:
    """``text`` parsed by ``ast``; None for no text, or text that does not parse."""
    if text is None:
        return None
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def content_digest(source: bytes) -> str:
    """The hash that keys a file's cached facts."""
    return hashlib.blake2b(source, digest_size=16).hexdigest()


def is_generated(source: bytes) -> bool:
    """Whether the file's header carries the ``@generated`` marker."""
    return GENERATED_MARKER in source[:_HEADER_BYTES]


def parse_source(path: str, source: bytes, module: str, is_package: bool) -> ParseOutcome:
    """Extract the facts of one file's source."""
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError) as error:
        return _fallback(path, source, module, is_package, error)
    except RecursionError:
        return ParseFailed(path, "nested too deeply for the parser")
    try:
        facts = extract_with_ast(tree, source, module, is_package)
    except RecursionError:
        return ParseFailed(path, "nested too deeply to analyse")
    return Parsed(path, facts.encode(), encode_surface(facts.surface), "ast")


def _fallback(
    path: str, source: bytes, module: str, is_package: bool, error: Exception
) -> ParseOutcome:
    import libcst  # deferred: only a few files ever need it

    from refactor_coord.analysis.extract_cst import extract_with_libcst

    try:
        facts = extract_with_libcst(source, module, is_package)
    except (libcst.ParserSyntaxError, SyntaxError, RecursionError, UnicodeDecodeError, ValueError):
        line = getattr(error, "lineno", None)
        where = f"line {line}: " if line else ""
        message = getattr(error, "msg", None) or str(error)
        return ParseFailed(path, f"does not parse: {where}{message}")
    return Parsed(path, facts.encode(), encode_surface(facts.surface), "libcst")


def run_job(job: ParseJob) -> ParseOutcome:
    """Worker entry point: read, hash and parse one file (the digest comes back with the
    outcome, so a cold index reads each file once, here)."""
    try:
        with open(job.abs_path, "rb") as handle:
            source = handle.read()
    except OSError as error:
        return ParseFailed(job.path, f"cannot be read: {error.strerror}")
    digest = content_digest(source)
    if is_generated(source):
        return Generated(job.path, digest)
    try:
        outcome = parse_source(job.path, source, job.module, job.is_package)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the batch
        outcome = ParseFailed(job.path, f"could not be analysed ({type(error).__name__}: {error})")
    return replace(outcome, digest=digest)


def init_worker() -> None:
    """Worker initialiser: trees are dropped after each file, so the cyclic GC only costs time."""
    gc.disable()
