"""Where a string shows a class's name the way its ``repr`` does: ``"Square(side=2)"`` in a
test's expected output, a doctest's output line, a hand-written ``f"Square({self.side})"``.
Renaming the class changes what its name-derived ``repr`` prints (``type(self).__name__``,
a dataclass's or a named tuple's), so those strings change with the class, in the step that
renames it; a hand-written ``repr`` changes with them, so the two stay in step either way.
Only the name right before ``(`` counts, not inside a longer name (``MySquare(``), and not on
a doctest's ``>>>`` or ``...`` line: that is code, which calls the class by the name its module
binds (migrate renames it with the module's import). Pure: a file's text in, places or text
out."""

from __future__ import annotations

import io
import re
import tokenize

from refactor_coord.rewrite.doctest_imports import PROMPT
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit, apply_edits, source_lines

#: the token types that hold a string literal's source (3.12 splits f-strings into parts)
_STRINGS = frozenset(
    t for t in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", None)) if t is not None
)


_PROMPT = re.compile(rf"^{PROMPT}( |$)")


def shown_name_places(text: str, name: str) -> list[tuple[int, int]]:
    """(line, column in UTF-8 bytes) of each ``name(`` inside a string literal of ``text``;
    none when the text does not tokenize."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?=\()")
    lines = source_lines(text)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    places: list[tuple[int, int]] = []
    numbered = _by_logical_line(tokens)
    code_lines = _with_imports_in_strings(numbered, name)
    for number, token in numbered:
        if token.type not in _STRINGS or number in code_lines:
            continue  # code in strings (``timeit("Square(1)", setup="from m import Square")``)
        code = _code_parts(token.string) if _is_fstring(token.string) else []
        for found in pattern.finditer(token.string):
            if any(start <= found.start() < end for start, end in code):
                continue  # ``f"{Square(2)!r}"``: code, which migrate renames with its import
            before = token.string[: found.start()]
            row = token.start[0] + before.count("\n")
            col = len(before.rpartition("\n")[2]) + (0 if "\n" in before else token.start[1])
            line = lines[row - 1] if row <= len(lines) else ""
            if _PROMPT.match(line):
                continue
            if line[col : col + len(name)] == name:  # as written (not an unescaped f-string part)
                places.append((row, len(line[:col].encode("utf-8"))))
    return places


def _by_logical_line(
    tokens: list[tokenize.TokenInfo],
) -> list[tuple[int, tokenize.TokenInfo]]:
    """Each token with the number of the logical line (statement) it is in."""
    out: list[tuple[int, tokenize.TokenInfo]] = []
    number = 0
    for token in tokens:
        out.append((number, token))
        number += token.type == tokenize.NEWLINE
    return out


def _with_imports_in_strings(
    numbered: list[tuple[int, tokenize.TokenInfo]], name: str
) -> set[int]:
    """The logical lines where a string imports ``name``: their strings are code."""
    imports = re.compile(rf"\bimport\b.*\b{re.escape(name)}\b", re.DOTALL)
    return {
        number
        for number, token in numbered
        if token.type in _STRINGS and imports.search(token.string)
    }


def _is_fstring(token: str) -> bool:
    prefix = token[: len(token) - len(token.lstrip("rRbBuUfF"))]
    return "f" in prefix.lower()


def _code_parts(token: str) -> list[tuple[int, int]]:
    """The ``{...}`` spans of an f-string token (``{{`` is a literal brace)."""
    spans: list[tuple[int, int]] = []
    depth, start, i = 0, 0, 0
    while i < len(token):
        char = token[i]
        if depth == 0 and char in "{}" and token[i + 1 : i + 2] == char:
            i += 2
            continue
        if char == "{":
            depth, start = depth + 1, start if depth else i
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        i += 1
    return spans


def shown_names_renamed(text: str, old: str, new: str) -> str | Refused:
    """``text`` with ``old(`` renamed ``new(`` in its string literals."""
    edits = [Edit(line, col, old, new) for line, col in shown_name_places(text, old)]
    return apply_edits(text, edits) if edits else text


#: The first line of a doctest's expected exception.
_TRACEBACK = "Traceback (most recent call last):"
#: How Python's messages name a type in quotes (``'Square' object is not callable``,
#: ``instances of 'Square' and 'dict'``, ``operand type(s) for +: 'Square'``, ``..., not
#: 'Square'``); a ``KeyError: 'Square'`` names a value
_NAMES_A_TYPE = re.compile(r"' object\b|instances of '|operand type|, not '")


def output_shown_renamed(text: str, old: str, new: str, module: str) -> str:
    """``text`` (a documentation file's) with ``old(`` renamed ``new(`` in its doctests'
    expected output: the lines after an example's prompt lines, up to a blank line; in an
    expected exception, ``'old'`` too (Python's messages quote a type's name: ``instances of
    'Version' and 'dict'``, ``'Version' object is not callable``). When the
    file's examples import a class of that name from another project (``from packaging.version
    import Version as PyPIVersion`` beside semver's ``Version``), its repr may be either's: then
    only the output of an example whose code names ``new`` changes (``module``: where the class
    is defined; its top package is the project's)."""
    pattern = re.compile(rf"(?<!\w){re.escape(old)}(?=\()")
    quoted = f"'{old}'"
    ambiguous = _imports_another(text, old, module.partition(".")[0])
    out: list[str] = []
    code = ""  # the current example's source lines
    in_example = raised = in_source = False
    for line in source_lines(text):
        starts = line.lstrip().startswith(">>>")
        if starts or (in_source and _PROMPT.match(line)):  # ``...`` in output is output
            code = line if starts else code + line
            in_example, raised, in_source = True, False, True
            out.append(line)
            continue
        in_source = False
        if not line.strip():
            in_example, code = False, ""
        elif in_example and (not ambiguous or re.search(rf"\b{re.escape(new)}\b", code)):
            raised = raised or line.strip() == _TRACEBACK
            line = pattern.sub(new, line)
            if raised and _NAMES_A_TYPE.search(line):
                line = line.replace(quoted, f"'{new}'")
        out.append(line)
    return "".join(out)


def _imports_another(text: str, name: str, project: str) -> bool:
    """Whether a doctest line imports a ``name`` from a module outside ``project``, or
    imports such a module and spells ``name`` through it (``packaging.version.Version(``)."""
    modules = re.finditer(r"^[ \t]*>>>[ \t]+import[ \t]+([\w.]+)", text, re.MULTILINE)
    for found in modules:
        top = found[1].partition(".")[0]
        if top != project and re.search(rf"\b{re.escape(top)}(?:\.\w+)*\.{name}\(", text):
            return True
    imports = re.finditer(
        r"^[ \t]*>>>[ \t]+from[ \t]+([\w.]+)[ \t]+import[ \t]+(.*)$", text, re.MULTILINE
    )
    return any(
        found[1].partition(".")[0] not in (project, "")
        and re.search(rf"\b{re.escape(name)}\b", found[2])
        for found in imports
    )
