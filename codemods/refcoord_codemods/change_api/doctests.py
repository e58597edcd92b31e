"""Doctest examples (``>>> `` and ``... `` lines, in a module's docstrings or in a documentation
file run by ``--doctest-glob``) are code that runs: their references to the old name are
rewritten like any module's, calls rebound. The examples of one file are read as one program, in
order (an ``import semver`` in one example binds ``semver`` for ``semver.Version(...)`` in the
next, as doctest's shared globals do), and each rewritten line goes back behind its prompt. A
module's own docstrings also see its globals (``binds_old``: the module defines or imports the
old name). When the examples do not parse as one program, each line is tried alone.

For a class, its ``repr`` shows its name: the output lines that show ``Old(`` change with it
(:mod:`refactor_coord.rewrite.shown_names`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from refactor_coord.rewrite.binding import Change
from refactor_coord.rewrite.doc_samples import samples_rewritten
from refactor_coord.rewrite.doctest_programs import (
    example_lines,
    given_unless_bound,
    with_examples,
)
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.sample_names import implied_imports
from refactor_coord.rewrite.scope import parsed
from refcoord_codemods.change_api.migrate import Migrated, migrate, own_calls


def doctests_migrated(
    text: str,
    old: str,
    new: str,
    change: Change,
    binds_old: bool,
    aliases: Sequence[str] = (),
    namespace: str = "",
) -> str:
    """``text`` with its doctest examples' references to ``old`` (qualified) pointed at
    ``new``, calls rebound; ``binds_old``: the examples run where the old name is bound (a
    module's docstrings, when the module defines or imports it); ``aliases``: its other names
    (``pkg.old`` where the package re-exports it); ``namespace``: code that gives the examples
    names before they run (pytest's ``doctest_namespace``,
    :func:`~refactor_coord.rewrite.doctest_programs.namespace_prelude`)."""
    leaf = old.rpartition(".")[2]
    if not re.search(rf"\b{re.escape(leaf)}\b", text):
        return text
    examples = example_lines(text)
    if not examples:
        return text
    codes = [e.code for e in examples]
    module = old.rpartition(".")[0]
    own = f"from {module} import {leaf}\n" if binds_old else ""  # the module's globals
    given = given_unless_bound(namespace, own + "".join(f"{c}\n" for c in codes)).splitlines()
    rewritten = _as_program(codes, (old, new, aliases), change, (binds_old, given))
    if rewritten is None:
        rewritten = _line_by_line(codes, (old, new, aliases), change, (binds_old, given))
    return with_examples(text, examples, rewritten)


def _as_program(
    codes: list[str],
    names: tuple[str, str, Sequence[str]],
    change: Change,
    before: tuple[bool, list[str]],
) -> list[str] | None:
    """The example lines rewritten as one program; None when they do not parse as one.
    ``before``: whether the old name is bound where they run, and the code that gives them
    names."""
    old, new, aliases = names
    module, _, leaf = old.rpartition(".")
    binds_old, given = before
    prelude = [*given, *([f"from {module} import {leaf}"] if binds_old else [])]
    program = "\n".join([*prelude, *codes]) + "\n"
    if isinstance(parsed(program), Refused):
        return None
    done = migrate(program, "__doctest__", False, old, new, change, aliases)
    if isinstance(done, Refused):
        return None
    out = done.text.split("\n")[len(prelude) : len(prelude) + len(codes)]
    return out if len(out) == len(codes) else None


def _line_by_line(
    codes: list[str],
    names: tuple[str, str, Sequence[str]],
    change: Change,
    before: tuple[bool, list[str]],
) -> list[str]:
    """Each example line rewritten alone (after the code that gives names): its import of
    the old name, and its calls once a line imported it (or where the module binds it)."""
    old, new, aliases = names
    binds_old, given = before
    prelude = "".join(f"{line}\n" for line in given)
    leaf, new_leaf = old.rpartition(".")[2], new.rpartition(".")[2]
    out: list[str] = []
    for code in codes:
        if not re.search(rf"\b{re.escape(leaf)}\b", code):
            out.append(code)
            continue
        done = migrate(prelude + code + "\n", "__doctest__", False, old, new, change, aliases)
        lines = done.text.split("\n") if isinstance(done, Migrated) else []
        rewritten = lines[len(given)] if len(lines) == len(given) + 2 else code
        if rewritten != code and code.lstrip().startswith(("from ", "import ")):
            binds_old = True  # the examples below call the name that import binds
        elif binds_old:
            calls = own_calls(code + "\n", leaf, new_leaf, change)
            rewritten = calls.text.rstrip("\n") if isinstance(calls, Migrated) else code
        out.append(rewritten)
    return out


def samples_migrated(
    text: str, path: str, old: str, new: str, change: Change, aliases: Sequence[str] = ()
) -> str:
    """``text`` (the documentation file ``path``) with its Python code samples' references to
    ``old`` pointed at ``new``, calls rebound, as in any module: the samples are read as one
    program, in order (a tutorial's import binds the name for the samples after it), with
    the import the package's documentation leaves implied
    (:func:`~refactor_coord.rewrite.sample_names.implied_imports`) read before them."""
    if not re.search(rf"\b{re.escape(old.rpartition('.')[2])}\b", text):
        return text

    # what the project's samples use without importing it: the package, its exports
    prelude = "".join(f"{line}\n" for line in implied_imports((old, *aliases)))

    used = re.compile(rf"\b{re.escape(old.rpartition('.')[2])}\b")

    def rewrite(program: str) -> str | None:
        if not used.search(program):
            return program  # nothing of the old name: nothing to rewrite
        given = given_unless_bound(prelude, program)  # a sample's own import is how it reads
        done = migrate(given + program, "__doc__", False, old, new, change, aliases)
        if not isinstance(done, Migrated):
            return None
        head = given.count("\n")  # the implied imports, pointed at the new name
        lines = done.text.split("\n")
        if not all(line.startswith(("from ", "import ")) for line in lines[:head]):
            return None
        return "\n".join(lines[head:])

    return samples_rewritten(text, path, rewrite)
