"""How the extract-module cases are written: one call per case in the terms of its phase (an
importer for migrate, a source module for expand, a shimmed source for deprecate and contract),
made into :class:`~refactor_coord.rewrite.cases.Case` data over a small repository: ``pkg/src.py``
(the source, ``pkg/src/__init__.py`` when it is a package) and ``pkg/target.py``.

Texts are dedented (:func:`~refactor_coord.rewrite.cases.dedent`) unless ``raw`` (line endings,
BOMs and tabs are then exactly as written). The shim a source serves moved names with is
written by :func:`with_shim`, the deprecation test by ``deprecation_test``: the cases hold what
each phase does around them, not the templates' text again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from refactor_coord.domain.plan import ArgValue
from refactor_coord.rewrite.cases import Case, dedent
from refactor_coord.rewrite.style import Style, project_style
from refcoord_codemods.extract_module.shim import deprecation_test, shim_code, typed

SOURCE, TARGET = "pkg.src", "pkg.target"
SOURCE_PATH, TARGET_PATH = "pkg/src.py", "pkg/target.py"
CAMPAIGN, REFACTOR = "campaign", "move"
#: where the deprecate step writes its test (and contract removes it) for the refactoring "move"
TEST_PATH = "tests/test_refcoord_move.py"
#: the warning the shim gives when the plan names no removal version
WARNING = "import it from there"
#: the comment expand writes above the ``__all__`` it adds to a star-imported source
STAR_NOTE = (
    "# Added by refcoord: what `from pkg.src import *` brought when this module had\n"
    "# no __all__ (a star import reads __all__, and so also gets names a module\n"
    "# __getattr__ serves).\n"
)


def text(code: str, raw: bool = False) -> str:
    """A file's text as a case writes it: dedented, unless ``raw``."""
    return code if raw else dedent(code)


def module_path(module: str, is_package: bool = False) -> str:
    """The repository path of ``module``."""
    path = module.replace(".", "/")
    return f"{path}/__init__.py" if is_package else f"{path}.py"


def shim(
    names: Sequence[str],
    warning: str | None = None,
    indent: str = "    ",
    target: str = TARGET,
    style: Style | None = None,
) -> str:
    """The shim expand writes for ``names`` (moved to ``target``), warning with ``warning``, in
    the project's ``style``."""
    return shim_code(dict.fromkeys(names, target), warning, indent, style)


def with_shim(code: str, names: Sequence[str], warning: str | None = None) -> str:
    """``code`` (dedented) followed, two blank lines down, by the shim for ``names``."""
    return dedent(code) + "\n\n" + shim(names, warning)


def migrate_case(
    name: str,
    before: str,
    after: str | None = None,
    *,
    refused: str | None = None,
    module: str = "app",
    is_package: bool = False,
    source: str = SOURCE,
    target: str = TARGET,
    names: Sequence[str] = ("a", "b"),
    star_names: Sequence[str] | None = None,
    raw: bool = False,
) -> Case:
    """One importer (the module ``module``) before and after migrate; the source serves
    ``names`` through its shim, and its ``__all__`` lists ``star_names`` (none: no ``__all__``,
    so a star import of it brought the public ones)."""
    path = module_path(module, is_package)
    listed = "" if star_names is None else f"__all__ = [{', '.join(map(_quoted, star_names))}]"
    source_text = (listed and listed + "\n\n\n") + shim(names, target=target)
    return Case(
        name,
        {"source": source, "target": target, "symbols": tuple(names), "files": (path,)},
        {path: text(before, raw), module_path(source): source_text},
        {} if after is None else {path: text(after, raw)},
        refused=refused,
        files=(path,),
    )


def expand_case(
    name: str,
    before: str,
    source_after: str | None = None,
    *,
    target_after: str = "",
    refused: str | None = None,
    symbols: Sequence[str] = ("moved",),
    shim_names: Sequence[str] = ("moved",),
    shim_indent: str = "    ",
    target_before: str | None = None,
    is_package: bool = False,
    star_imported: bool = False,
    bind_back: bool = False,
    used_elsewhere: Collection[str] = (),
    raw: bool = False,
    other_files: Mapping[str, str] | None = None,
) -> Case:
    """The source module before expand, and after it: ``source_after`` up to the shim (which
    serves ``shim_names``, the moved names, helpers included, indented with ``shim_indent``),
    and the target (``target_before`` when it exists already). ``used_elsewhere``: names of
    the source that code in other files uses; ``other_files``: more of the repository's files
    (a ``pyproject.toml``, the package's ``__init__.py``), which expand leaves as they are."""
    source_path = module_path(SOURCE, is_package)
    before_files = {**(other_files or {}), source_path: text(before, raw)}
    if target_before is not None:
        before_files[TARGET_PATH] = target_before
    after: dict[str, str | None] = {}
    if source_after is not None:
        source_text = text(source_after, raw)
        # the shim, and the moved names declared for type checkers (the shim cases show that
        # part), in the style of the case's project (its pyproject.toml, say, among
        # ``other_files``)
        paths = {_module_of(p): p for p in before_files if p.endswith(".py")}
        style = project_style(before_files.get, paths.get)
        served = shim(shim_names, None, shim_indent, style=style)
        if raw and "\r\n" in source_text:
            served = served.replace("\n", "\r\n")
        source_text = typed(source_text + served, style, is_package, SOURCE)
        after = {source_path: source_text, TARGET_PATH: text(target_after, raw)}
    args: dict[str, ArgValue] = {"source": SOURCE, "target": TARGET, "symbols": tuple(symbols)}
    if star_imported:
        args["star_imported"] = True
    if bind_back:
        args["bind_back"] = True
    return Case(
        name,
        args,
        before_files,
        after,
        refused=refused,
        files=(source_path, TARGET_PATH),
        used_elsewhere=frozenset(f"{SOURCE}.{n}" for n in used_elsewhere),
    )


def deprecate_case(
    name: str,
    before: str,
    after: str | None = None,
    *,
    refused: str | None = None,
    names: Sequence[str] = ("moved",),
    target: str = TARGET,
    remove_in: str | None = None,
    raw: bool = False,
) -> Case:
    """The source module before and after deprecate (which also writes the deprecation test
    for the public ones of ``names``, the names its shim serves)."""
    after_files: dict[str, str | None] = {}
    if after is not None:
        public = [n for n in names if not n.startswith("_")]
        after_files = {SOURCE_PATH: text(after, raw)}
        if public:
            after_files[TEST_PATH] = deprecation_test(SOURCE, public, target, CAMPAIGN)
    return Case(
        name,
        {"source": SOURCE, "target": target, "symbols": tuple(names)},
        {SOURCE_PATH: text(before, raw)},
        after_files,
        refused=refused,
        files=(SOURCE_PATH,),
        remove_in=remove_in,
    )


def contract_case(
    name: str,
    before: str,
    after: str | None = None,
    *,
    refused: str | None = None,
    shim_names: Sequence[str] | None = None,
    test: str | None = None,
    raw: bool = False,
) -> Case:
    """The source module before and after contract. With ``shim_names``, ``before`` is the
    source's code up to its shim, which serves those names; with ``test``, the deprecation test
    is in the repository (and the step's files) too, and contract removes it."""
    names = shim_names if shim_names is not None else ("moved",)
    source = text(before, raw) if shim_names is None else with_shim(before, shim_names)
    before_files = {SOURCE_PATH: source}
    after_files: dict[str, str | None] = {} if after is None else {SOURCE_PATH: text(after, raw)}
    if test is not None:
        before_files[TEST_PATH] = test
        if after is not None:
            after_files[TEST_PATH] = None
    return Case(
        name,
        {"source": SOURCE, "target": TARGET, "symbols": tuple(names)},
        before_files,
        after_files,
        refused=refused,
        files=tuple(before_files),
    )


def _module_of(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _quoted(name: str) -> str:
    return f'"{name}"'
