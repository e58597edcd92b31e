"""GitHub CODEOWNERS: parse the text and answer who owns a repository-relative path (pure).

Semantics follow GitHub's documentation (gitignore-like patterns, the last matching rule wins):

- a leading ``/`` anchors a pattern to the repository root, and so does a ``/`` in its middle;
  a pattern without one (``*.py``, ``docs``, ``apps/``) matches at any depth;
- a trailing ``/`` matches a directory and everything below it, never a file of that name;
- a pattern without a trailing ``/`` matches a file, or a directory and everything below it
  (``src/shop/catalog``), except that a last segment of a lone ``*`` (``docs/*``) matches only
  the files directly in that directory, as GitHub documents;
- ``*`` and ``?`` never cross a ``/``; ``**`` crosses directories (``**/logs``, ``a/**/b``,
  ``docs/**``); a backslash escapes the next character (``\\#``, ``\\ ``);
- a rule with a pattern and no owners un-assigns ownership of what it matches.

Lines GitHub would reject (an owner that is not ``@user``, ``@org/team`` or an email, a ``!``
negation) are skipped and listed in :attr:`Codeowners.errors`; they never stop the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_USER = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\Z")
_TEAM = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9_.-]+\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


@dataclass(frozen=True, slots=True)
class CodeownersRule:
    """One rule: a pattern (as written) and its owners; no owners un-assigns ownership."""

    pattern: str
    owners: tuple[str, ...]
    line: int  #: 1-based line number in the CODEOWNERS text
    regex: re.Pattern[str] = field(repr=False, compare=False)

    def matches(self, path: str) -> bool:
        """Whether the rule applies to a repository-relative POSIX path."""
        return self.regex.match(_normalise(path)) is not None


@dataclass(frozen=True, slots=True)
class LineError:
    """A line that was skipped: where it is, what it says, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Codeowners:
    """The rules of a CODEOWNERS file in file order, and the lines that were skipped."""

    rules: tuple[CodeownersRule, ...] = ()
    errors: tuple[LineError, ...] = ()

    def rule_for(self, path: str) -> CodeownersRule | None:
        """The rule that decides ``path``: the last one that matches, or None."""
        normalised = _normalise(path)
        for rule in reversed(self.rules):
            if rule.regex.match(normalised):
                return rule
        return None

    def owners_of(self, path: str) -> tuple[str, ...]:
        """The owners of a repository-relative path; empty when no one owns it."""
        rule = self.rule_for(path)
        return rule.owners if rule is not None else ()


def parse_codeowners(text: str) -> Codeowners:
    """Parse CODEOWNERS text. Never raises: bad lines are skipped and reported in ``errors``."""
    rules: list[CodeownersRule] = []
    errors: list[LineError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tokens = _tokens(line)
        pattern, owners = tokens[0], tokens[1:]
        reason = _pattern_problem(pattern) or _owner_problem(owners)
        if reason:
            errors.append(LineError(number, line, reason))
            continue
        rules.append(CodeownersRule(pattern, tuple(owners), number, compile_pattern(pattern)))
    return Codeowners(tuple(rules), tuple(errors))


def _tokens(line: str) -> list[str]:
    """Split on unescaped whitespace, dropping a trailing ``# comment``; escapes are kept."""
    tokens: list[str] = []
    current: list[str] = []
    chars = iter(line)
    for char in chars:
        if char == "\\":
            current += [char, next(chars, "\\")]
        elif char.isspace():
            if current:
                tokens.append("".join(current))
                current = []
        elif char == "#" and not current and tokens:
            break  # an inline comment after the pattern
        else:
            current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


def _pattern_problem(pattern: str) -> str:
    if pattern.startswith("!"):
        return "negation patterns ('!') are not supported in CODEOWNERS"
    if pattern.strip("/") == "":
        return f"pattern {pattern!r} names no path"
    return ""


def _owner_problem(owners: list[str]) -> str:
    bad = [o for o in owners if not (_USER.match(o) or _TEAM.match(o) or _EMAIL.match(o))]
    if not bad:
        return ""
    return (
        f"invalid owner {', '.join(repr(b) for b in bad)}: "
        "owners must be @user, @org/team or an email address"
    )


def _normalise(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A CODEOWNERS pattern as a regex that must match a whole repository-relative path."""
    directory_only = pattern.endswith("/") and not pattern.endswith("\\/")
    body = pattern.rstrip("/") if directory_only else pattern
    anchored = "/" in body  # at the start or in the middle
    segments = body.lstrip("/").split("/")
    parts: list[str] = [] if anchored else ["(?:.*/)?"]
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        if segment == "**":
            if i == last:
                parts.append(".+" if i == 0 else "/.+")  # everything below
            elif i == 0:
                parts.append("(?:.*/)?")  # any leading directories, or none
            else:
                parts.append("/(?:.*/)?")  # zero or more directories in between
            continue
        if i > 0 and segments[i - 1] != "**":
            parts.append("/")
        parts.append(_segment(segment))
    if segments[-1] != "**":
        if directory_only:
            parts.append("/.+")
        elif segments[-1] != "*":
            parts.append("(?:/.+)?")  # the file itself, or a directory and all below it
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def _segment(segment: str) -> str:
    """One path segment: ``*`` -> no ``/``, ``?`` -> one non-``/`` char, ``\\x`` -> ``x``."""
    out: list[str] = []
    chars = iter(segment)
    for char in chars:
        if char == "\\":
            out.append(re.escape(next(chars, "\\")))
        elif char == "*":
            if not out or out[-1] != "[^/]*":  # runs of stars inside a segment are one star
                out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
    return "".join(out)
