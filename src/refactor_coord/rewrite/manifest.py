"""The files that declare a project's dependencies, and the edits of them a replace-dependency
refactoring makes (pure: texts in, texts out): expand adds the new dependency where the project
declares its runtime ones, contract takes every declaration of the old one out.

Every edit is made on the text, line by line or between the brackets of a list: what is not
edited stays byte for byte (comments, blank lines, order, quotes, CRLF line endings). An edit
that would leave a file unreadable (TOML, Python, INI) is not made; a note says so."""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from refactor_coord.domain.toml import TOMLDecodeError, loads


@dataclass(frozen=True, slots=True)
class ManifestEdit:
    """The manifests an edit changes, where, and what it could not do."""

    #: path -> the file's new text (only the files that change)
    files: dict[str, str]
    #: the places edited, e.g. "pyproject.toml [project] dependencies"
    where: tuple[str, ...]
    #: what could not be done, e.g. "setup.py builds install_requires in code: add ... by hand"
    notes: tuple[str, ...]


# -- which files ------------------------------------------------------------------------------

#: Folders whose files are no project's manifests: installed, built, vendored or test data.
_SKIPPED = frozenset(
    {
        "node_modules", ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", ".eggs",
        "build", "dist", "site-packages", "__pycache__", ".mypy_cache", ".pytest_cache",
        ".ruff_cache", "vendor", "_vendor", "fixtures", "assets", "testdata", "test_data",
        "data",
    }
)  # fmt: skip
_NAMED = {
    "pyproject.toml": "pyproject",
    "setup.cfg": "setup.cfg",
    "setup.py": "setup.py",
    "tox.ini": "tox",
    ".pre-commit-config.yaml": "pre-commit",
}
_REQUIREMENTS = re.compile(r".*requirements.*\.(?:txt|in)|.*constraints.*\.txt")
_ENVIRONMENT = re.compile(r"environment.*\.ya?ml")


def manifest_paths(paths: Iterable[str]) -> tuple[str, ...]:
    """Of a repository's file paths (POSIX, relative), the ones that can declare or mention
    dependencies: pyproject.toml, setup.cfg, setup.py, requirements*.txt / *requirements*.txt
    / requirements/*.txt (and .in), tox.ini, docs conf.py (any conf.py under doc/ or docs/),
    .pre-commit-config.yaml, environment*.yml. Sorted; none in installed, built, vendored or
    test-data folders (node_modules, .venv, build, fixtures, ...)."""
    return tuple(sorted({p for p in paths if _kind(p) is not None}))


def _kind(path: str) -> str | None:
    """What kind of manifest the file at ``path`` is; None for other files."""
    parts = PurePosixPath(path).parts
    if not parts or any(part.lower() in _SKIPPED for part in parts[:-1]):
        return None
    name = parts[-1].lower()
    if name in _NAMED:
        return _NAMED[name]
    if _REQUIREMENTS.fullmatch(name) or (
        len(parts) > 1 and parts[-2].lower() == "requirements" and name.endswith((".txt", ".in"))
    ):
        return "requirements"
    if _ENVIRONMENT.fullmatch(name):
        return "conda"
    if name == "conf.py" and len(parts) > 1 and parts[0].lower() in ("doc", "docs"):
        return "sphinx"
    return None


# -- names and lines --------------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def _norm(name: str) -> str:
    """The PEP 503 form of a distribution name: Foo_Bar, foo-bar and foo.bar are one."""
    return str(canonicalize_name(name))


def _name_of(requirement: str) -> str:
    """The normalized name of the distribution a requirement string names ('' when none):
    the name it starts with, or the ``#egg=`` name of a URL or ``-e`` line."""
    text = requirement.strip()
    egg = _EGG.search(text)
    if egg and (text.startswith("-") or "://" in text.split()[0]):
        return _norm(egg.group(1))
    match = _NAME.match(text)
    return _norm(match.group()) if match else ""


def _newline(text: str) -> str:
    """The line break the file uses (that of its first line)."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _split(text: str) -> list[str]:
    """The lines of ``text``, each with its line break; ''.join gives ``text`` back."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    """The offset after the line break of the line holding ``pos`` (the text's end at most)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1


def _blank_or_comment(text: str) -> bool:
    return not text.strip() or text.strip().startswith("#")


def _cut(text: str, start: int, end: int) -> str:
    return text[:start] + text[end:]


def _insert_text(text: str, at: int, block: str, newline: str) -> str:
    """``text`` with ``block`` (whole lines) inserted at the line start ``at``."""
    if at >= len(text) and text and not text.endswith("\n"):
        block = newline + block
    return text[:at] + block + text[at:]


def _quoted(requirement: str, quote: str) -> str:
    """``requirement`` as a string literal in ``quote``s (a marker's quotes swapped to the other
    kind: a PEP 508 string holds quotes nowhere else)."""
    other = "'" if quote == '"' else '"'
    return quote + requirement.replace(quote, other) + quote


def _slot(names: Sequence[str | None], name: str) -> int | None:
    """Where ``name`` goes among ``names``: before the first greater one when they are sorted
    (normalized names: case-insensitively), else last (None)."""
    known = [n for n in names if n is not None]
    if len(known) != len(names) or known != sorted(known):
        return None
    return next((index for index, n in enumerate(known) if n > name), None)


# -- bracketed lists: TOML arrays, Python lists and tuples, YAML flow sequences --------------


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    #: the offset of the comma after it; None for a last item without one
    comma: int | None

    @property
    def after(self) -> int:
        """The offset after the item and its comma."""
        return self.end if self.comma is None else self.comma + 1


@dataclass(frozen=True, slots=True)
class _Seq:
    open: int
    close: int
    items: tuple[_Item, ...]


def _string_end(text: str, pos: int) -> int | None:
    """The offset after the string literal that starts at ``pos``; None when it does not end."""
    quote = text[pos]
    if text.startswith(quote * 3, pos):
        end = text.find(quote * 3, pos + 3)
        return None if end < 0 else end + 3
    index = pos + 1
    while index < len(text) and text[index] not in (quote, "\n"):
        index += 2 if text[index] == "\\" else 1
    return index + 1 if index < len(text) and text[index] == quote else None


def _scan_seq(text: str, open_: int) -> _Seq | None:
    """The items of the bracketed list that opens at ``open_`` (strings, ``#`` comments and
    nested brackets skipped); None when it does not close."""
    items: list[_Item] = []
    depth, pos = 0, open_
    start: int | None = None
    end = open_
    while pos < len(text):
        char = text[pos]
        if char in "'\"":
            stop = _string_end(text, pos)
            if stop is None:
                return None
            start, end, pos = pos if start is None else start, stop, stop
            continue
        if char == "#":
            pos = _line_end(text, pos)
            continue
        if char in ")]}":
            depth -= 1
            if depth == 0:
                items += [] if start is None else [_Item(start, end, None)]
                return _Seq(open_, pos, tuple(items))
        if char == "," and depth == 1:
            if start is None:
                return None
            items.append(_Item(start, end, pos))
            start = None
        elif not char.isspace() and pos != open_:
            start, end = pos if start is None else start, pos + 1
        depth += char in "([{"
        pos += 1
    return None


def _drop_item(text: str, seq: _Seq, k: int, *, keep_comma: bool = False) -> str:
    """``text`` without the ``k``-th item of ``seq``: its lines when it has them to itself,
    else the item and one comma beside it (``keep_comma``: the item left of a tuple of two
    keeps a comma after it, or it would be no tuple)."""
    items, item = seq.items, seq.items[k]
    if keep_comma and k == 0 and items[-1].comma is None:
        text = text[: items[-1].end] + "," + text[items[-1].end :]  # after the item: no shift
    start, end = _line_start(text, item.start), _line_end(text, item.after)
    if not text[start : item.start].strip() and _blank_or_comment(text[item.after : end]):
        text = _cut(text, start, end)
        previous = items[k - 1].comma if k else None
        if k == len(items) - 1 and item.comma is None and previous is not None and not keep_comma:
            text = _cut(text, previous, previous + 1)
        return text
    if len(items) == 1:
        inside = text[seq.open + 1 : seq.close]
        if inside.strip() == text[item.start : item.after].strip():
            return _cut(text, seq.open + 1, seq.close)
        return _cut(text, item.start, item.after)
    if k + 1 < len(items):
        following = items[k + 1].start
        if "\n" not in text[item.start : following]:
            return _cut(text, item.start, following)
        return _cut(text, items[k - 1].after if k else item.start, item.after)
    previous_item = items[k - 1]
    if item.comma is not None or keep_comma:
        return _cut(text, previous_item.after, item.after)
    if "#" not in text[previous_item.end : item.start] or previous_item.comma is None:
        return _cut(text, previous_item.end, item.end)
    text = _cut(text, start, item.end)  # a comment between the two stays
    return _cut(text, previous_item.comma, previous_item.comma + 1)


def _insert_item(text: str, seq: _Seq, literal: str, at: int | None, *, lone: str = "") -> str:
    """``text`` with ``literal`` added to ``seq``, before its item ``at`` or last (None): on a
    line of its own when each item has one, else inline (``lone``: what follows the only item
    of a list that was empty, ',' for a tuple)."""
    items = seq.items
    if not items:
        return _insert_first(text, seq, literal + lone)
    last = items[-1]
    tail = text[last.after : _line_end(text, last.after)]
    one_per_line = all(not text[_line_start(text, i.start) : i.start].strip() for i in items)
    if one_per_line and "\n" in text[seq.open : seq.close]:
        indent = text[_line_start(text, items[0].start) : items[0].start]
        newline = _newline(text)
        if at is not None:
            point = _above_comments(text, _line_start(text, items[at].start), seq.open)
            return text[:point] + indent + literal + "," + newline + text[point:]
        if _blank_or_comment(tail):
            point = _line_end(text, last.after)
            comma = "," if last.comma is not None else ""
            text = text[:point] + indent + literal + comma + newline + text[point:]
            return text if last.comma is not None else text[: last.end] + "," + text[last.end :]
    gap = text[items[0].after : items[1].start] if len(items) > 1 else " "
    gap = gap if "\n" not in gap else " "
    if at is not None:
        return text[: items[at].start] + literal + "," + gap + text[items[at].start :]
    return text[: last.end] + "," + gap + literal + text[last.end :]


def _insert_first(text: str, seq: _Seq, literal: str) -> str:
    """``text`` with ``literal`` the only item of the empty ``seq``."""
    close_line = _line_start(text, seq.close)
    if "\n" not in text[seq.open : seq.close]:
        return text[: seq.open + 1] + literal + text[seq.close :]
    if text[close_line : seq.close].strip():
        return text[: seq.close] + literal + text[seq.close :]
    indent = text[close_line : seq.close] + "    "
    return text[:close_line] + indent + literal + "," + _newline(text) + text[close_line:]


def _above_comments(text: str, point: int, floor: int) -> int:
    """The start of the comment lines right above the line that starts at ``point`` (the
    comments that belong to it), below the line that holds ``floor``."""
    while point > 0:
        previous = _line_start(text, point - 1)
        if previous <= floor or not text[previous:point].strip().startswith("#"):
            return point
        point = previous
    return point


def _array_step(
    text: str,
    seqs: Iterable[tuple[str, _Seq, bool]],
    value: Callable[[str], str | None],
    doomed: Callable[[str], bool],
) -> tuple[str, tuple[str, str]] | None:
    """``text`` without the first item of ``seqs`` (place, list, whether a tuple) whose string
    ``doomed`` is true of, and (the place, the string); None when there is none."""
    for place, seq, is_tuple in seqs:
        for k, item in enumerate(seq.items):
            string = value(text[item.start : item.end])
            if string is not None and doomed(string):
                keep = is_tuple and len(seq.items) == 2
                return _drop_item(text, seq, k, keep_comma=keep), (place, string)
    return None


def _until_done(
    text: str, step: Callable[[str], tuple[str, tuple[str, str]] | None]
) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with ``step`` applied again and again, each time on its result, until it finds
    nothing more to do (or changes nothing); and what each step did."""
    done: list[tuple[str, str]] = []
    while (outcome := step(text)) is not None and outcome[0] != text:
        text = outcome[0]
        done.append(outcome[1])
    return text, done


# -- TOML ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    """A table header or a key/value pair of a TOML document."""

    #: the table it is in (the one it opens, for a header)
    table: tuple[str, ...]
    #: its key within the table; () for a header
    key: tuple[str, ...]
    #: where its first line starts
    start: int
    #: where its value starts (where a header's closing bracket ends)
    value: int
    #: after the line break of its last line
    end: int


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_entries(text: str) -> list[_Entry] | None:
    """The headers and key/value pairs of a TOML document, in order; None when it cannot be
    read so (values are skipped over, not read)."""
    entries: list[_Entry] = []
    table: tuple[str, ...] = ()
    pos = _skip_blank(text, 0)
    while pos < len(text):
        start = _line_start(text, pos)
        if text[pos] == "[":
            double = text.startswith("[[", pos)
            parsed = _toml_key(text, pos + 1 + double)
            closer = "]]" if double else "]"
            if parsed is None or not text.startswith(closer, parsed[1]):
                return None
            table, value = parsed[0], parsed[1] + len(closer)
            key: tuple[str, ...] = ()
            stop: int | None = value
        else:
            parsed = _toml_key(text, pos)
            if parsed is None or not text.startswith("=", parsed[1]):
                return None
            key, value = parsed[0], _skip_spaces(text, parsed[1] + 1)
            stop = _toml_value_end(text, value)
        if stop is None:
            return None
        entries.append(_Entry(table, key, start, value, _line_end(text, stop)))
        pos = _skip_blank(text, _line_end(text, stop))
    return entries


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _skip_blank(text: str, pos: int) -> int:
    """The offset of the next character that is no whitespace, line break or comment."""
    while pos < len(text):
        if text[pos] == "#":
            pos = _line_end(text, pos)
        elif text[pos].isspace():
            pos += 1
        else:
            break
    return pos


def _toml_key(text: str, pos: int) -> tuple[tuple[str, ...], int] | None:
    """The parts of the (dotted) key at ``pos`` and the offset after it and its spaces."""
    parts: list[str] = []
    while True:
        pos = _skip_spaces(text, pos)
        if pos < len(text) and text[pos] in "'\"":
            stop = _string_end(text, pos)
            if stop is None:
                return None
            parts.append(text[pos + 1 : stop - 1])
            pos = stop
        else:
            bare = _BARE_KEY.match(text, pos)
            if bare is None:
                return None
            parts.append(bare.group())
            pos = bare.end()
        pos = _skip_spaces(text, pos)
        if not text.startswith(".", pos):
            return tuple(parts), pos
        pos += 1


def _toml_value_end(text: str, pos: int) -> int | None:
    """The offset after the value that starts at ``pos``."""
    if pos >= len(text):
        return None
    if text[pos] in "'\"":
        return _string_end(text, pos)
    if text[pos] in "[{":
        seq = _scan_seq(text, pos)
        return None if seq is None else seq.close + 1
    end = pos
    while end < len(text) and text[end] not in "#\r\n":
        end += 1
    return end


def _toml_string(source: str) -> str | None:
    """The string a TOML string literal holds; None for any other value."""
    try:
        value = loads(f"v = {source}").get("v")
    except TOMLDecodeError:
        return None
    return value if isinstance(value, str) else None


def _toml_data(text: str | None) -> dict[str, object]:
    try:
        return loads(text or "")
    except TOMLDecodeError:
        return {}


def _table_body(entries: Sequence[_Entry], header: int) -> list[_Entry]:
    """The key/value pairs of the table whose header is ``entries[header]``."""
    body: list[_Entry] = []
    for entry in entries[header + 1 :]:
        if not entry.key:
            break
        body.append(entry)
    return body


def _header(entries: Sequence[_Entry], table: tuple[str, ...]) -> int | None:
    return next((i for i, e in enumerate(entries) if not e.key and e.table == table), None)


def _matches(path: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(
        p in ("*", q) for p, q in zip(pattern, path, strict=True)
    )


def _toml_place(entry: _Entry) -> str:
    key = ".".join(entry.key)
    return f"[{'.'.join(entry.table)}] {key}" if entry.table else key


#: The TOML arrays of requirements (or, for poetry's extras, of names) a project can have.
_TOML_ARRAYS = (
    ("project", "dependencies"),
    ("project", "optional-dependencies", "*"),
    ("dependency-groups", "*"),
    ("build-system", "requires"),
    ("tool", "poetry", "extras", "*"),
    ("tool", "uv", "dev-dependencies"),
    ("tool", "uv", "constraint-dependencies"),
    ("tool", "uv", "override-dependencies"),
    ("tool", "pdm", "dev-dependencies", "*"),
    ("tool", "hatch", "envs", "*", "dependencies"),
    ("tool", "hatch", "envs", "*", "extra-dependencies"),
)
#: Poetry's tables of ``name = constraint`` pairs.
_POETRY_TABLES = (
    ("tool", "poetry", "dependencies"),
    ("tool", "poetry", "dev-dependencies"),
    ("tool", "poetry", "group", "*", "dependencies"),
)


def _pyproject_without(text: str, names: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` without the requirements of ``names``, and where each was."""

    def step(text: str) -> tuple[str, tuple[str, str]] | None:
        entries = _toml_entries(text)
        if entries is None:
            return None
        seqs = _toml_arrays(text, entries)
        doomed = _array_step(text, seqs, _toml_string, lambda v: _name_of(v) in names)
        return doomed or _poetry_step(text, entries, names)

    return _until_done(text, step)


def _toml_arrays(text: str, entries: Sequence[_Entry]) -> Iterator[tuple[str, _Seq, bool]]:
    for entry in entries:
        path = entry.table + entry.key
        if entry.key and text[entry.value] == "[" and any(_matches(path, p) for p in _TOML_ARRAYS):
            seq = _scan_seq(text, entry.value)
            if seq is not None:
                yield _toml_place(entry), seq, False


def _poetry_step(
    text: str, entries: Sequence[_Entry], names: frozenset[str]
) -> tuple[str, tuple[str, str]] | None:
    """``text`` without the first poetry ``name = ...`` pair (or ``[...dependencies.name]``
    table) of ``names``."""
    for index, entry in enumerate(entries):
        path = entry.table + entry.key
        for pattern in _POETRY_TABLES:
            size = len(pattern)
            if len(path) <= size or not _matches(path[:size], pattern):
                continue
            if _norm(path[size]) not in names:
                continue
            place = f"[{'.'.join(path[:size])}]"
            if entry.key:
                shown = text[entry.start : entry.end].strip()
                return _cut(text, entry.start, entry.end), (place, shown)
            return _cut_table(text, entries, index), (place, f"[{'.'.join(path)}]")
    return None


def _cut_table(text: str, entries: Sequence[_Entry], header: int) -> str:
    """``text`` without the table whose header is ``entries[header]`` (and the blank lines
    after it; those before it too when it is the last)."""
    body = _table_body(entries, header)
    start, end = entries[header].start, (body[-1] if body else entries[header]).end
    while end < len(text) and not text[end : _line_end(text, end)].strip():
        end = _line_end(text, end)
    while end >= len(text) and start > 0:
        previous = _line_start(text, start - 1)
        if text[previous:start].strip():
            break
        start = previous
    return _cut(text, start, end)


# -- INI: setup.cfg, tox.ini --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _IniKey:
    section: str
    #: lower case, '-' read as '_'
    key: str
    #: the index of its line
    line: int
    #: where its value starts on that line
    value_at: int
    #: the indices of its continuation lines
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _IniItem:
    line: int
    requirement: str
    #: on the key's line (``deps = six``), not on a continuation line of its own
    inline: bool


_SECTION = re.compile(r"\[(?P<name>[^\]]+)\]")
_INI_KEY = re.compile(r"(?P<key>[^=:\s\[][^=:]*?)\s*[=:][ \t]*")
_FACTORS = re.compile(r"[\w{},!.-]+:\s*")


def _ini_keys(lines: Sequence[str]) -> list[_IniKey]:
    """The keys of an INI file, with their continuation lines (configparser's reading)."""
    found: list[tuple[str, re.Match[str], list[int]]] = []
    section = ""
    current: list[int] | None = None
    for index, line in enumerate(lines):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if current is not None and stripped and content[0] in " \t":
            current.append(index)
            continue
        if not stripped or stripped[0] in "#;":
            continue
        header, key = _SECTION.fullmatch(stripped), _INI_KEY.match(content)
        current = None
        if header:
            section = header["name"].strip()
        elif key:
            current = [index]
            found.append((section, key, current))
    return [
        _IniKey(s, k["key"].strip().lower().replace("-", "_"), i[0], k.end(), tuple(i[1:]))
        for s, k, i in found
    ]


def _ini_items(lines: Sequence[str], key: _IniKey) -> list[_IniItem]:
    """The requirements a key's value lists, one a line (comments, options such as ``-r``, and
    substitutions skipped; tox's ``py27: `` factors taken off)."""
    tox = key.key == "deps"
    first = (key.line, lines[key.line].rstrip("\r\n")[key.value_at :], True)
    rest = [(i, lines[i].rstrip("\r\n"), False) for i in key.lines]
    items: list[_IniItem] = []
    for index, raw, inline in [first, *rest]:
        requirement = raw.strip()
        if tox:
            factors = _FACTORS.match(requirement)
            requirement = requirement[factors.end() :] if factors else requirement
            requirement = re.sub(r"\s+#.*$", "", requirement)
        if requirement and requirement[0] not in "#;-{":
            items.append(_IniItem(index, requirement, inline))
    return items


def _ini_lists_requirements(section: str, key: str) -> bool:
    """Whether the ``key`` of ``section`` (setup.cfg's or tox's) lists requirements."""
    if section == "options":
        return key in ("install_requires", "tests_require", "setup_requires")
    if section.startswith("testenv"):
        return key == "deps"
    return section == "options.extras_require" or (
        section in ("tox", "tox:tox") and key == "requires"
    )


def _ini_without(text: str, names: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` (setup.cfg, tox.ini) without the requirements of ``names``."""
    lines = _split(text)
    done: list[tuple[str, str]] = []
    for key in _ini_keys(lines):
        if not _ini_lists_requirements(key.section, key.key):
            continue
        for item in _ini_items(lines, key):
            if _name_of(item.requirement) not in names:
                continue
            done.append((f"[{key.section}] {key.key}", item.requirement))
            line = lines[item.line]
            content = line.rstrip("\r\n")
            kept = content[: key.value_at].rstrip() if item.inline else None
            lines[item.line] = "" if kept is None else kept + line[len(content) :]
    return "".join(lines), done


def _insert_line(lines: list[str], at: int, line: str, newline: str) -> None:
    """Insert the ``line`` (with its line break) before ``lines[at]``."""
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    lines.insert(at, line)


# -- requirements files -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """A logical line of a requirements file: its physical lines, first to last."""

    first: int
    last: int
    #: the normalized name of what it requires; '' for a comment, an option, a blank
    name: str
    #: what it says, without its line continuations
    shown: str


_COMMENT = re.compile(r"(?:^|\s)#")


def _requirement_lines(lines: Sequence[str]) -> list[_Line]:
    """The logical lines of a requirements file (pip's reading: a line that ends with ``\\``
    goes on on the next one)."""
    found: list[_Line] = []
    index = 0
    while index < len(lines):
        first = index
        while index + 1 < len(lines) and _continues(lines[index]):
            index += 1
        joined = " ".join(
            line.rstrip("\r\n").rstrip("\\").strip() for line in lines[first : index + 1]
        )
        shown = " ".join(_COMMENT.split(joined, maxsplit=1)[0].split())
        text = lines[first].strip()
        name = (
            _name_of(shown)
            if text and (not text.startswith(("#", "-")) or "#egg=" in text)
            else ""
        )
        found.append(_Line(first, index, name, shown))
        index += 1
    return found


def _continues(line: str) -> bool:
    content = line.rstrip("\r\n")
    return content.endswith("\\") and not _COMMENT.search(content)


def _entry_stop(lines: Sequence[str], entry: _Line) -> int:
    """The index after a requirement and the indented comments under it (pip-compile's
    ``# via`` lines: they say why it is there)."""
    stop = entry.last + 1
    while stop < len(lines) and lines[stop][:1] in " \t" and lines[stop].strip().startswith("#"):
        stop += 1
    return stop


def _compiled(text: str) -> bool:
    """Whether a requirements file is written by a tool (pip-compile, uv), not by hand."""
    head = text[:2000].lower()
    return "autogenerated by pip-compile" in head or "uv pip compile" in head


def _requirements_without(text: str, names: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` (a requirements file) without the requirements of ``names``."""
    lines = _split(text)
    drop: set[int] = set()
    done: list[tuple[str, str]] = []
    for entry in _requirement_lines(lines):
        if entry.name in names:
            drop.update(range(entry.first, _entry_stop(lines, entry)))
            done.append(("", entry.shown))
    return "".join(line for i, line in enumerate(lines) if i not in drop), done


# -- YAML: .pre-commit-config.yaml, environment.yml ---------------------------------------------


def _yaml_string(source: str) -> str:
    if len(source) >= 2 and source[0] == source[-1] and source[0] in "'\"":
        return source[1:-1]
    return source


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _yaml_items(lines: Sequence[str], index: int, column: int) -> list[int]:
    """The lines of the block sequence under the key on ``lines[index]`` (the key starts at
    ``column``): its ``- item`` lines, not those nested in an item."""
    items: list[int] = []
    item_column: int | None = None
    for number in range(index + 1, len(lines)):
        stripped = lines[number].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = _indent(lines[number])
        is_item = stripped == "-" or stripped.startswith(("- ", "-\t"))
        if indent < column or (item_column is None and not is_item):
            break
        item_column = indent if item_column is None else item_column
        if indent == item_column and is_item:
            items.append(number)
        elif indent <= item_column:
            break
    return items


def _yaml_item(line: str) -> str:
    """The scalar of a ``- item`` line, unquoted, without its comment."""
    value = re.sub(r"\s+#.*$", "", line.strip()[1:].strip())
    return _yaml_string(value.strip())


def _yaml_emptied(line: str, colon: int) -> str:
    """The key line with ``[]`` after its colon: the sequence it held is empty."""
    return line[: colon + 1] + " []" + line[colon + 1 :]


_ADDITIONAL = re.compile(r"(?P<key>[ \t]*(?:-[ \t]+)?additional_dependencies[ \t]*:)(?P<rest>.*)")
_HOOK_ID = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*['\"]?([\w.-]+)")


def _precommit_without(text: str, names: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` (a .pre-commit-config.yaml) without the ``additional_dependencies`` of
    ``names``, block and flow sequences alike."""
    lines = _split(text)
    drop: set[int] = set()
    done: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        match = _ADDITIONAL.match(line.rstrip("\r\n"))
        if match is None or not _blank_or_comment(match["rest"]):
            continue
        items = _yaml_items(lines, index, _indent(line))
        doomed = [i for i in items if _name_of(_yaml_item(lines[i])) in names]
        place = _hook_place(lines, index)
        done += [(place, _yaml_item(lines[i])) for i in doomed]
        drop.update(doomed)
        if doomed and len(doomed) == len(items):
            lines[index] = _yaml_emptied(line, match.end("key") - 1)
    text = "".join(line for i, line in enumerate(lines) if i not in drop)

    def step(text: str) -> tuple[str, tuple[str, str]] | None:
        return _array_step(text, _flow_seqs(text), _yaml_string, lambda v: _name_of(v) in names)

    text, flow = _until_done(text, step)
    return text, done + flow


def _hook_place(lines: Sequence[str], index: int) -> str:
    """'<hook id> additional_dependencies' for the key on ``lines[index]``."""
    for line in reversed(lines[:index]):
        found = _HOOK_ID.match(line)
        if found:
            return f"{found.group(1)} additional_dependencies"
    return "additional_dependencies"


def _flow_seqs(text: str) -> Iterator[tuple[str, _Seq, bool]]:
    lines = _split(text)
    offset = 0
    for index, line in enumerate(lines):
        match = _ADDITIONAL.match(line.rstrip("\r\n"))
        if match is not None and match["rest"].strip().startswith("["):
            seq = _scan_seq(text, offset + match.start("rest") + match["rest"].index("["))
            if seq is not None:
                yield _hook_place(lines, index), seq, False
        offset += len(line)


def _conda_without(text: str, names: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` (a conda environment.yml) without the conda and pip ``dependencies`` of
    ``names``."""
    lines = _split(text)
    drop: set[int] = set()
    done: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        if re.match(r"dependencies[ \t]*:[ \t]*(?:#.*)?$", line.rstrip("\r\n")):
            done += _conda_drop(lines, index, 0, names, drop)
    return "".join(line for i, line in enumerate(lines) if i not in drop), done


def _conda_drop(
    lines: list[str], index: int, column: int, names: frozenset[str], drop: set[int]
) -> list[tuple[str, str]]:
    """Mark for dropping the items of the sequence under ``lines[index]`` that name one of
    ``names`` (a ``- pip:`` item's own sequence too); what they said."""
    items = _yaml_items(lines, index, column)
    done: list[tuple[str, str]] = []
    key = lines[index].split(":")[0].strip().lstrip("-").strip()
    for number in items:
        value = _yaml_item(lines[number])
        if value.endswith(":"):
            item = lines[number].strip()
            nested = _indent(lines[number]) + len(item) - len(item[1:].lstrip())
            done += _conda_drop(lines, number, nested, names, drop)
        elif _name_of(value.split("::")[-1]) in names:
            drop.add(number)
            done.append((key, value))
    if items and all(number in drop for number in items):
        line = lines[index]
        lines[index] = _yaml_emptied(line, line.index(":", _indent(line)))
    return done


# -- Python: setup.py, conf.py ------------------------------------------------------------------

_ListNode = ast.List | ast.Tuple
_SETUP_KEYWORDS = ("install_requires", "extras_require", "tests_require", "setup_requires")


def _parse_python(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _python_string(source: str) -> str | None:
    """The string a Python string literal (or implicit concatenation) holds; None otherwise."""
    try:
        value = ast.literal_eval(f"(\n{source}\n)")
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def _node_seq(text: str, node: _ListNode) -> _Seq | None:
    """The bracketed list (or parenthesized tuple) ``node`` is, in ``text``."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    line_start = starts[node.lineno - 1]
    line = text[line_start : _line_end(text, line_start)]
    offset = line_start + len(line.encode()[: node.col_offset].decode(errors="ignore"))
    return _scan_seq(text, offset) if text[offset : offset + 1] in ("[", "(") else None


def _setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "setup":
                return node
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _assigned(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """The values the module's top-level statements assign (``=``, ``+=``) to each name."""
    values: dict[str, list[ast.expr]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                values.setdefault(target.id, []).append(value)
    return values


def _list_nodes(
    node: ast.expr, place: str, assigned: Mapping[str, list[ast.expr]], seen: frozenset[str]
) -> Iterator[tuple[str, _ListNode]]:
    """The literal lists and tuples ``node`` is built of: a list, a dict's values (extras), a
    sum's terms, what a module-level name is assigned."""
    if isinstance(node, (ast.List, ast.Tuple)):
        yield place, node
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            label = repr(key.value) if isinstance(key, ast.Constant) else "..."
            yield from _list_nodes(value, f"{place}[{label}]", assigned, seen)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        for keyword in node.keywords:
            yield from _list_nodes(keyword.value, f"{place}[{keyword.arg!r}]", assigned, seen)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _list_nodes(node.left, place, assigned, seen)
        yield from _list_nodes(node.right, place, assigned, seen)
    elif isinstance(node, ast.Name) and node.id not in seen:
        for value in assigned.get(node.id, []):
            yield from _list_nodes(value, place, assigned, seen | {node.id})


def _setup_lists(tree: ast.Module) -> Iterator[tuple[str, _ListNode]]:
    call = _setup_call(tree)
    if call is None:
        return
    assigned = _assigned(tree)
    for name in _SETUP_KEYWORDS:
        value = _keyword(call, name)
        if value is not None:
            yield from _list_nodes(value, name, assigned, frozenset())


def _mock_lists(tree: ast.Module) -> Iterator[tuple[str, _ListNode]]:
    assigned = _assigned(tree)
    for value in assigned.get("autodoc_mock_imports", []):
        yield from _list_nodes(value, "autodoc_mock_imports", assigned, frozenset())


def _python_without(
    text: str,
    lists: Callable[[ast.Module], Iterator[tuple[str, _ListNode]]],
    doomed: Callable[[str], bool],
) -> tuple[str, list[tuple[str, str]]]:
    """``text`` (Python) without the strings of the ``lists`` it has that ``doomed`` is
    true of."""

    def step(text: str) -> tuple[str, tuple[str, str]] | None:
        tree = _parse_python(text)
        if tree is None:
            return None
        seqs = (
            (place, seq, isinstance(node, ast.Tuple))
            for place, node in lists(tree)
            if (seq := _node_seq(text, node)) is not None
        )
        return _array_step(text, seqs, _python_string, doomed)

    return _until_done(text, step)


# -- taking a dependency out --------------------------------------------------------------------


def without_dependency(
    texts: Mapping[str, str], distribution: str, import_name: str, companions: Sequence[str] = ()
) -> ManifestEdit:
    """Remove every declaration of the distribution ``distribution`` (and of each companion
    distribution, e.g. its type stubs 'types-six') from the manifests among ``texts`` (path ->
    text; see :func:`manifest_paths`): pyproject's [project] dependencies, optional
    dependencies (an extra left empty stays, empty), [dependency-groups], poetry's tables and
    extras, [build-system] requires (and uv's, pdm's and hatch's lists); setup.cfg's
    install_requires, extras_require, tests_require and setup_requires; setup.py's literal
    lists of those (through module-level names and extras dicts); every requirements file
    (a requirement's continuation lines, hashes and pip-compile ``# via`` lines with it;
    ``-r`` lines stay); tox's ``deps`` and ``requires``; .pre-commit-config.yaml's
    ``additional_dependencies``; environment.yml's conda and pip entries; and the entries of a
    docs conf.py's ``autodoc_mock_imports`` that name the IMPORT name ``import_name`` or a
    module in it ('six', 'six.moves').

    Names compare PEP 503-normalized, never by prefix ('mock' leaves 'pytest-mock'). ``where``
    has each place and what it said; ``notes`` the files that still mention a name after the
    edit, the generated requirements files to compile again, and any edit left undone because
    it would have broken its file."""
    names = frozenset(_norm(n) for n in (distribution, *companions))
    files: dict[str, str] = {}
    where: list[str] = []
    notes: list[str] = []
    for path in sorted(texts):
        kind = _kind(path)
        if kind is None:
            continue
        old = texts[path]
        if kind == "sphinx":
            new, done = _python_without(old, _mock_lists, _names_module(import_name))
        else:
            new, done = _REMOVERS[kind](old, names)
        if new != old and not _still_reads(kind, old, new):
            notes.append(f"{path}: taking {distribution} out would break it: edit it by hand")
            new, done = old, []
        if new != old:
            files[path] = new
        where += [
            f"{path} {place}: {what}" if place else f"{path}: {what}" for place, what in done
        ]
        notes += _left_over(path, kind, new, (distribution, *companions), import_name, done)
    return ManifestEdit(files, tuple(where), tuple(notes))


_Remover = Callable[[str, frozenset[str]], tuple[str, list[tuple[str, str]]]]

_REMOVERS: dict[str, _Remover] = {
    "pyproject": _pyproject_without,
    "setup.cfg": _ini_without,
    "tox": _ini_without,
    "setup.py": lambda text, names: _python_without(
        text, _setup_lists, lambda value: _name_of(value) in names
    ),
    "requirements": _requirements_without,
    "pre-commit": _precommit_without,
    "conda": _conda_without,
}


def _names_module(import_name: str) -> Callable[[str], bool]:
    """Whether a string names the module ``import_name`` or one in it."""
    return lambda value: value == import_name or value.startswith(import_name + ".")


def _still_reads(kind: str, old: str, new: str) -> bool:
    """Whether ``new`` reads as its kind of file when ``old`` did."""
    return _reads(kind, new) or not _reads(kind, old)


def _reads(kind: str, text: str) -> bool:
    if kind == "pyproject":
        try:
            loads(text)
        except TOMLDecodeError:
            return False
    elif kind in ("setup.py", "sphinx"):
        return _parse_python(text) is not None
    elif kind in ("setup.cfg", "tox"):
        try:
            configparser.ConfigParser(interpolation=None, strict=False).read_string(text)
        except configparser.Error:
            return False
    return True


def _mention(name: str) -> re.Pattern[str]:
    """A distribution name spelt any PEP 503 way, not as part of another name."""
    body = r"[-_.]+".join(re.escape(part) for part in re.split(r"[-_.]+", name))
    return re.compile(rf"(?<![\w.-]){body}(?!\w|-\w)", re.IGNORECASE)


def _left_over(
    path: str,
    kind: str,
    text: str,
    distributions: Sequence[str],
    import_name: str,
    done: Sequence[tuple[str, str]],
) -> list[str]:
    """Notes on what is left to do by hand in the file: the lines that still mention a name,
    compiling a generated requirements file again."""
    patterns = [_mention(name) for name in distributions]
    if kind in ("setup.py", "sphinx"):
        patterns.append(re.compile(rf"(?<![\w.]){re.escape(import_name)}(?!\w)"))
    numbers = [
        str(number)
        for number, line in enumerate(text.split("\n"), 1)
        if any(p.search(line) for p in patterns)
    ]
    lines = "line " if len(numbers) == 1 else "lines "
    mentions = f"{path} still mentions {distributions[0]} on {lines}{', '.join(numbers)}"
    notes = [f"{mentions}: check by hand"] if numbers else []
    if done and kind == "requirements" and _compiled(text):
        notes.append(f"{path} is generated (pip-compile): compile it again")
    return notes


# -- adding a dependency ------------------------------------------------------------------------

_PYPROJECT = "pyproject.toml"


@dataclass(frozen=True, slots=True)
class _Wanted:
    #: the requirement as given
    text: str
    #: its distribution's normalized name
    name: str
    requirement: Requirement


def with_dependency(texts: Mapping[str, str], requirement: str) -> ManifestEdit:
    """Add ``requirement`` (PEP 508: 'httpx>=0.27', 'tomli>=1.1.0; python_version < "3.11"')
    to the project's runtime dependencies, in the first of these the project uses:
    pyproject.toml's [project] dependencies (when [project] has them, or does not make them
    dynamic; a ``[tool.setuptools.dynamic]`` file when it does), [tool.poetry.dependencies]
    (``name = "constraint"``), setup.cfg's [options] install_requires, setup.py's literal
    install_requires list (a computed one: only a requirements file it reads, else a note),
    the runtime requirements file (requirements.in / requirements.txt / requirements/base,
    main, prod*; a hash-pinned one: a note), setup.cfg's [options] (install_requires added).

    The file's style is kept: one per line or inline, quotes, indentation, trailing comma;
    sorted entries (by normalized name) get it at its sorted place, others at the end. An
    already declared distribution is left as it is (a note says so); with no place at all, no
    file changes and a note says where to add it."""
    try:
        parsed = Requirement(requirement)
    except InvalidRequirement as error:
        return _noted(f"{requirement!r} is no PEP 508 requirement ({error}): nothing added")
    wanted = _Wanted(requirement.strip(), _norm(parsed.name), parsed)
    for adder in _ADDERS:
        edit = adder(texts, wanted)
        if edit is not None:
            return _checked(texts, edit)
    return _noted(
        f"the project declares its dependencies nowhere refcoord edits: add {wanted.text} "
        "to pyproject.toml [project] dependencies (or setup.cfg [options] install_requires)"
    )


def _noted(note: str) -> ManifestEdit:
    return ManifestEdit({}, (), (note,))


def _added(path: str, text: str, place: str, notes: tuple[str, ...] = ()) -> ManifestEdit:
    return ManifestEdit({path: text}, (f"{path} {place}".rstrip(),), notes)


def _declared(wanted: _Wanted, place: str, existing: str) -> ManifestEdit:
    return _noted(f"{wanted.requirement.name} is declared already in {place} ({existing}): left")


def _checked(texts: Mapping[str, str], edit: ManifestEdit) -> ManifestEdit:
    """``edit``, or a note instead when it would leave a file unreadable."""
    for path, new in edit.files.items():
        kind = _kind(path) or "requirements"
        if not _still_reads(kind, texts[path], new):
            return _noted(f"adding the dependency would break {path}: add it by hand")
    return edit


def _add_to_array(
    path: str,
    text: str,
    seq: _Seq,
    value: Callable[[str], str | None],
    wanted: _Wanted,
    place: str,
    lone: str = "",
) -> ManifestEdit:
    """The edit adding ``wanted`` to the list ``seq`` of ``text`` (in its quotes)."""
    values = [value(text[item.start : item.end]) for item in seq.items]
    names = [None if v is None else _name_of(v) for v in values]
    existing = [
        v for v, n in zip(values, names, strict=True) if v is not None and n == wanted.name
    ]
    if existing:
        return _declared(wanted, f"{path} {place}", existing[0])
    quotes = (text[item.start] for item in seq.items if text[item.start] in "'\"")
    literal = _quoted(wanted.text, next(quotes, '"'))
    new = _insert_item(text, seq, literal, _slot(names, wanted.name), lone=lone)
    return _added(path, new, place)


def _add_to_project(texts: Mapping[str, str], wanted: _Wanted) -> ManifestEdit | None:
    """Into pyproject.toml's [project] dependencies (the array made when there is none and the
    project does not make them dynamic)."""
    text = texts.get(_PYPROJECT, "")
    project = _toml_data(text).get("project")
    entries = _toml_entries(text)
    if not isinstance(project, dict) or entries is None:
        return None
    dynamic = project.get("dynamic")
    if "dependencies" not in project and isinstance(dynamic, list) and "dependencies" in dynamic:
        return None
    entry = next(
        (e for e in entries if e.key and e.table + e.key == ("project", "dependencies")), None
    )
    if entry is None:
        return _new_project_dependencies(text, entries, wanted)
    seq = _scan_seq(text, entry.value) if text[entry.value] == "[" else None
    if seq is None:
        return _noted(
            f"pyproject.toml [project] dependencies is no array: add {wanted.text} by hand"
        )
    return _add_to_array(_PYPROJECT, text, seq, _toml_string, wanted, "[project] dependencies")


def _new_project_dependencies(
    text: str, entries: Sequence[_Entry], wanted: _Wanted
) -> ManifestEdit | None:
    header = _header(entries, ("project",))
    if header is None:
        return None
    body = _table_body(entries, header)
    newline = _newline(text)
    literal = _quoted(wanted.text, '"')
    block = f"dependencies = [{newline}    {literal},{newline}]{newline}"
    at = (body[-1] if body else entries[header]).end
    return _added(_PYPROJECT, _insert_text(text, at, block, newline), "[project] dependencies")


def _add_to_dynamic_file(texts: Mapping[str, str], wanted: _Wanted) -> ManifestEdit | None:
    """Into the requirements file setuptools reads the dynamic dependencies from."""
    tool = _toml_data(texts.get(_PYPROJECT)).get("tool")
    found: object = tool
    for key in ("setuptools", "dynamic", "dependencies", "file"):
        found = found.get(key) if isinstance(found, dict) else None
    files = [found] if isinstance(found, str) else found if isinstance(found, list) else []
    paths = [str(f).removeprefix("./") for f in files if str(f).removeprefix("./") in texts]
    if not paths:
        return None
    return _add_to_requirements_file(texts, paths[0], wanted)


def _add_to_poetry(texts: Mapping[str, str], wanted: _Wanted) -> ManifestEdit | None:
    """Into [tool.poetry.dependencies]: ``name = "constraint"``."""
    text = texts.get(_PYPROJECT, "")
    entries = _toml_entries(text) or []
    table = ("tool", "poetry", "dependencies")
    header = _header(entries, table)
    if header is None:
        return None
    body = _table_body(entries, header)
    deps = [e for e in body if _norm(e.key[0]) != "python"]
    place = "[tool.poetry.dependencies]"
    for entry in entries:
        path = entry.table + entry.key
        if len(path) > 3 and path[:3] == table and _norm(path[3]) == wanted.name:
            return _declared(
                wanted, f"{_PYPROJECT} {place}", text[entry.start : entry.end].strip()
            )
    quote = next((text[e.value] for e in body if text[e.value] in "'\""), '"')
    line = f"{_poetry_key(wanted.requirement.name)} = {_poetry_value(wanted.requirement, quote)}"
    slot = _slot([_norm(e.key[0]) for e in deps], wanted.name)
    if slot is not None:
        at = _above_comments(text, deps[slot].start, entries[header].value)
    else:
        at = (body[-1] if body else entries[header]).end
    newline = _newline(text)
    return _added(_PYPROJECT, _insert_text(text, at, line + newline, newline), place)


def _poetry_key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _quoted(name, '"')


def _poetry_value(requirement: Requirement, quote: str) -> str:
    """Poetry's constraint for a PEP 508 requirement: its specifier (``^x`` for one that says
    ``>=x,<next``, '*' for none), in an inline table with its extras, marker or URL."""
    constraint = _quoted(_caret(requirement) or str(requirement.specifier) or "*", quote)
    fields: list[str] = []
    if requirement.url:
        git = requirement.url.startswith("git+")
        key = "git" if git else "url"
        fields.append(f"{key} = {_quoted(requirement.url.removeprefix('git+'), quote)}")
    else:
        fields.append(f"version = {constraint}")
    if requirement.extras:
        extras = ", ".join(_quoted(e, quote) for e in sorted(requirement.extras))
        fields.append(f"extras = [{extras}]")
    if requirement.marker is not None:
        fields.append(f"markers = {_quoted(str(requirement.marker), quote)}")
    return constraint if len(fields) == 1 and not requirement.url else f"{{ {', '.join(fields)} }}"


def _caret(requirement: Requirement) -> str:
    """``^x`` when the requirement says ``>=x,<y`` with y what poetry's caret gives x; ''."""
    by_operator = {spec.operator: spec.version for spec in requirement.specifier}
    if set(by_operator) != {">=", "<"}:
        return ""
    try:
        lower, upper = Version(by_operator[">="]), Version(by_operator["<"])
    except InvalidVersion:
        return ""
    release = list(lower.release)
    bump = next((i for i, part in enumerate(release) if part), len(release) - 1)
    bound = [*release[:bump], release[bump] + 1]
    return f"^{by_operator['>=']}" if upper == Version(".".join(map(str, bound))) else ""


def _add_to_setup_cfg(texts: Mapping[str, str], wanted: _Wanted) -> ManifestEdit | None:
    """Into setup.cfg's [options] install_requires, one a line."""
    text = texts.get("setup.cfg")
    if text is None:
        return None
    lines = _split(text)
    key = next(
        (k for k in _ini_keys(lines) if (k.section, k.key) == ("options", "install_requires")),
        None,
    )
    if key is None:
        return None
    items = _ini_items(lines, key)
    place = "[options] install_requires"
    existing = [i.requirement for i in items if _name_of(i.requirement) == wanted.name]
    if existing:
        return _declared(wanted, f"setup.cfg {place}", existing[0])
    own_lines = [i for i in items if not i.inline]
    indent = lines[own_lines[0].line][: _indent(lines[own_lines[0].line])] if own_lines else "    "
    slot = _slot([_name_of(i.requirement) for i in items], wanted.name)
    if slot is not None and not items[slot].inline:
        at = items[slot].line
        while at - 1 > key.line and lines[at - 1].strip().startswith(("#", ";")):
            at -= 1
    else:
        at = max([key.line, *(i.line for i in items)]) + 1
    _insert_line(lines, at, indent + wanted.text + _newline(text), _newline(text))
    return _added("setup.cfg", "".join(lines), place)


def _add_key_to_setup_cfg(texts: Mapping[str, str], wanted: _Wanted) -> ManifestEdit | None:
    """An install_requires key, with the requirement, at the end of setup.cfg's [options]."""
    text = texts.get("setup.cfg")
    lines = _split(text or "")
    header = next((i for i, line in enumerate(lines) if line.strip() == "[options]"), None)
    if text is None or header is None:
        return None
    end = next(
        (i for i in range(header + 1, len(lines)) if _SECTION.fullmatch(lines[i].strip())),
        len(lines),
    )
    while end > header + 1 and not lines[end - 1].strip():
        end -= 1
    newline = _newline(text)
    _insert_line(lines, end, f"install_requires ={newline}    {wanted.text}{newline}", newline)
    return _added("setup.cfg", "".join(lines), "[options] install_requires")


def _add_to_setup_py(texts: Mapping[str, str], wanted: _Wanted) -> ManifestEdit | None:
    """Into the literal list setup.py's ``setup(install_requires=...)`` is (or names)."""
    text = texts.get("setup.py")
    tree = None if text is None else _parse_python(text)
    call = None if tree is None else _setup_call(tree)
    value = None if call is None else _keyword(call, "install_requires")
    if text is None or tree is None or value is None:
        return None
    place = "install_requires"
    if isinstance(value, ast.Name):
        values = _assigned(tree).get(value.id, [])
        place = f"{value.id} (install_requires)"
        value = values[0] if len(values) == 1 else None
    seq = _node_seq(text, value) if isinstance(value, (ast.List, ast.Tuple)) else None
    if seq is None:
        return _read_by_setup_py(texts, tree, wanted)
    lone = "," if isinstance(value, ast.Tuple) else ""
    return _add_to_array("setup.py", text, seq, _python_string, wanted, place, lone)


_NOT_RUNTIME = frozenset(
    {"dev", "develop", "development", "test", "tests", "testing", "doc", "docs", "lint", "ci",
     "typing", "mypy", "build", "extras", "optional", "bench", "benchmark", "benchmarks"}
)  # fmt: skip


def _read_by_setup_py(texts: Mapping[str, str], tree: ast.Module, wanted: _Wanted) -> ManifestEdit:
    """Into the one runtime requirements file a setup.py that computes install_requires
    names; else a note."""
    named = {
        node.value.removeprefix("./")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    paths = sorted(
        p
        for p in named & set(texts)
        if _kind(p) == "requirements" and not _NOT_RUNTIME & set(re.split(r"[-_./]", p.lower()))
    )
    if len(paths) != 1:
        return _noted(f"setup.py builds install_requires in code: add {wanted.text} by hand")
    edit = _add_to_requirements_file(texts, paths[0], wanted)
    note = f"setup.py reads install_requires from {paths[0]}"
    return ManifestEdit(edit.files, edit.where, (note, *edit.notes))


def _runtime_requirements(texts: Mapping[str, str]) -> str | None:
    """The project's runtime requirements file, never a dev, test or docs one."""
    fixed = [
        f"requirements{folder}{name}" for folder, name in [("", ""), ("/", "base"), ("/", "main")]
    ]
    prod = sorted(p for p in texts if re.fullmatch(r"requirements/prod[^/]*\.(?:in|txt)", p))
    candidates = [f"{stem}.{ext}" for stem in fixed for ext in ("in", "txt")]
    candidates += sorted(prod, key=lambda p: (p.rsplit(".", 1)[0], not p.endswith(".in")))
    return next((p for p in candidates if p in texts), None)


def _add_to_requirements(texts: Mapping[str, str], wanted: _Wanted) -> ManifestEdit | None:
    path = _runtime_requirements(texts)
    return None if path is None else _add_to_requirements_file(texts, path, wanted)


def _add_to_requirements_file(
    texts: Mapping[str, str], path: str, wanted: _Wanted
) -> ManifestEdit:
    """Into a requirements file, one a line; a note instead for one that pins hashes."""
    text = texts[path]
    lines = _split(text)
    if any("--hash" in line for line in lines):
        return _noted(f"{path} pins hashes: add {wanted.text} where it is compiled from")
    named = [entry for entry in _requirement_lines(lines) if entry.name]
    existing = [e.shown for e in named if e.name == wanted.name]
    if existing:
        return _declared(wanted, path, existing[0])
    slot = _slot([e.name for e in named], wanted.name)
    if slot is not None:
        at = named[slot].first
        while at > 0 and lines[at - 1][:1] == "#":
            at -= 1
    else:
        at = _entry_stop(lines, named[-1]) if named else len(lines)
    newline = _newline(text)
    _insert_line(lines, at, wanted.text + newline, newline)
    notes: tuple[str, ...] = ()
    compiled = path.removesuffix(".in") + ".txt"
    if path.endswith(".in") and compiled in texts:
        notes = (f"{compiled} is compiled from {path}: compile it again",)
    elif _compiled(text):
        notes = (f"{path} is generated (pip-compile): add {wanted.text} to its source too",)
    return _added(path, "".join(lines), "", notes)


_ADDERS: tuple[Callable[[Mapping[str, str], _Wanted], ManifestEdit | None], ...] = (
    _add_to_project,
    _add_to_dynamic_file,
    _add_to_poetry,
    _add_to_setup_cfg,
    _add_to_setup_py,
    _add_key_to_setup_cfg,
    _add_to_requirements,
)
