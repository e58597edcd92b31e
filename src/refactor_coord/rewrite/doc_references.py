"""Cross-references to Python objects in documentation: Sphinx roles (``:func:`pkg.mod.old```,
``:py:meth:`~pkg.mod.Class.old```, MyST's ``{func}`old```), autodoc and description directives
(``.. autofunction:: pkg.mod.old``, ``.. function:: old(x)``), mkdocstrings' ``::: pkg.mod.old``
and mkdocs-autorefs' ``[text][pkg.mod.old]``. Once the old name goes, each one is a broken link
(a warning that fails a ``-W`` build) or a page that documents nothing.

A reference is *certain* when its target names one of the old spellings: spelled in full, or
relative to the current module (``.. currentmodule:: pkg.mod``, or a docstring's own module);
it is rewritten to the matching new spelling. One whose last part is the old name's but whose
module cannot be told (``:func:`old``` with no current module, ``:meth:`.old```) may be
another object's: it is listed for review. Pure: text in, references and text out."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from refactor_coord.rewrite.positions import source_lines

#: The roles that name a Python object (the ``py:`` domain's, and ``any``/``obj``).
_ROLES = "func|meth|class|attr|obj|data|exc|const|property|type|any"
_ROLE = re.compile(
    rf"(?:(?<![\w`]):(?:py:)?(?:{_ROLES}):|\{{(?:py:)?(?:{_ROLES})\}})`(?P<body>[^`\n]+)`"
)
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$")
_DIRECTIVE = re.compile(
    r"^[ \t]*\.\.[ \t]+(?:py:)?(?:auto)?(?:function|method|class|attribute|data|exception|"
    r"decorator|property|classmethod|staticmethod)::[ \t]+(?P<target>[\w.]+)"
)
_MKDOCSTRINGS = re.compile(r"^[ \t]*:::[ \t]+(?P<target>[\w.]+)[ \t]*$")
_AUTOREF = re.compile(r"\]\[(?P<target>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+)\]")
_MODULE = re.compile(
    r"^[ \t]*(?:\.\.[ \t]+(?:py:)?(?:current|auto)?module::|```\{(?:py:)?(?:current)?module\})"
    r"[ \t]+(?P<module>\S+)"
)


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A reference's target as written (a role's ``~``/``!``/``.`` prefix and ``()`` left out):
    where it starts (1-based line, column in characters from 0) and the module it is read in
    (None when the file does not say)."""

    line: int
    col: int
    target: str
    module: str | None
    #: the target began with ``.``: Sphinx searches every module for it
    searched: bool = False
    #: the title shown is the target's own (no ``title <target>``, no ``~``)
    titled_by_target: bool = False


def cross_references(
    text: str, module: str | None = None, *, in_python: bool = False, leaf: str | None = None
) -> Iterator[CrossReference]:
    """The cross-references to Python objects in ``text``; ``module``: the module its
    references are read in until a directive sets another (a Python file's own);
    ``in_python``: ``text`` is a Python file (its docstrings hold roles and directives, and
    ``x[i][pkg.mod.old]`` is code, not an autoref); ``leaf``: only the references on lines
    that hold it are wanted (the others are not read)."""
    current = module
    patterns = (_DIRECTIVE,) if in_python else (_DIRECTIVE, _MKDOCSTRINGS, _AUTOREF)
    for number, line in enumerate((ln.rstrip("\r\n") for ln in source_lines(text)), 1):
        if "`" not in line and "::" not in line and "][" not in line:
            continue  # no role, directive or autoref: most lines
        if leaf is not None and leaf not in line and "module" not in line:
            continue  # neither a reference wanted nor the module they are read in
        found = _MODULE.match(line)
        if found is not None:
            current = None if found["module"] == "None" else found["module"]
        for match in _ROLE.finditer(line):
            yield _from_role(match, number, current)
        for pattern in patterns:
            for match in pattern.finditer(line):
                yield CrossReference(number, match.start("target"), match["target"], current)


def _from_role(match: re.Match[str], line: int, module: str | None) -> CrossReference:
    body, start = match["body"], match.start("body")
    explicit = _EXPLICIT.match(body)
    if explicit is not None:
        body, start = explicit["target"], start + explicit.start("target")
    stripped = body.lstrip("~!")
    start += len(body) - len(stripped)
    searched = stripped.startswith(".")
    target = stripped.lstrip(".")
    start += len(stripped) - len(target)
    target = target.removesuffix("()")
    # the title is the target as written: a new spelling may then take ``~`` to show as short
    # (not after ``!``, which shows it as text, nor ``.``, which Sphinx drops from the title)
    titled = explicit is None and not body.startswith(("~", "!", "."))
    return CrossReference(line, start, target, module, searched, titled)


def named(ref: CrossReference, spellings: Mapping[str, str], unique: bool = False) -> str | None:
    """The old spelling (a key of ``spellings``) ``ref`` certainly names, or names a member
    of (``:meth:`Cache.getsizeof```, where ``Cache`` is the old name), else None: see
    :func:`naming`."""
    found = naming(ref, spellings, unique)
    return None if found is None else found[0]


def naming(
    ref: CrossReference, spellings: Mapping[str, str], unique: bool = False
) -> tuple[str, int] | None:
    """The old spelling ``ref``'s target names, and how many characters of the target spell
    it (the rest names a member): its target, or a head of it, in full or in its module; with
    ``unique`` (no other object of the project has the old name's last part), also one that
    ends an old spelling: one Sphinx searches for (``:class:`.Old```) or one written short
    where no module is said."""
    parts = ref.target.split(".")
    for end in range(len(parts), 0, -1):
        head = ".".join(parts[:end])
        found = _head_named(replace(ref, target=head), spellings, unique)
        if found is not None:
            return found, len(head)
    return None


def _head_named(ref: CrossReference, spellings: Mapping[str, str], unique: bool) -> str | None:
    if not ref.searched:
        if ref.target in spellings:
            return ref.target
        if ref.module is not None and f"{ref.module}.{ref.target}" in spellings:
            return f"{ref.module}.{ref.target}"
    ends = [s for s in spellings if s == ref.target or s.endswith(f".{ref.target}")]
    return ends[0] if unique and ends else None


def may_name(ref: CrossReference, leaf: str) -> bool:
    """Whether ``ref`` may name an object called ``leaf``, or a member of one (a part of its
    target is ``leaf``)."""
    return leaf in ref.target.split(".")


def references_renamed(
    text: str, spellings: Mapping[str, str], module: str | None = None, unique: bool = False
) -> str:
    """``text`` (a Python file's, when ``module`` names its module) with each certain
    cross-reference to an old spelling (a key of ``spellings``) pointed at its new spelling
    (the value): a reference written relative to its module keeps
    that form when the new spelling is in the same module, else it is spelled in full (with
    ``~`` where the title was the target, so the page shows the same short name); with
    ``unique``, also the short references :func:`named` reads so, in their form."""
    lines = source_lines(text)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for ref in cross_references(text, module, in_python=module is not None):
        found = naming(ref, spellings, unique)
        if found is None:
            continue
        old, length = found  # a member's reference: its head names the old name
        head = replace(ref, target=ref.target[:length])
        new = _respelled(head, old, spellings[old])
        edits.setdefault(ref.line, []).append((ref.col, ref.col + length, new))
    for number, changes in edits.items():
        line = lines[number - 1]
        for start, end, new in sorted(changes, reverse=True):
            line = line[:start] + new + line[end:]
        lines[number - 1] = line
    return "".join(lines)


def _respelled(ref: CrossReference, old: str, new: str) -> str:
    if ref.target == old:
        return new
    # relative to its module, or short: the same form when the new spelling keeps the rest
    prefix = old[: len(old) - len(ref.target)]
    if new.startswith(prefix):
        return new[len(prefix) :]
    return f"~{new}" if ref.titled_by_target else new
