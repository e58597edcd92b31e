"""The documentation readers (issue 14, "Doctests and documentation"): cross-references, code
samples, and which of them certainly name an old name."""

from __future__ import annotations

import pytest

from refactor_coord.rewrite.cases import dedent as dedent_text
from refactor_coord.rewrite.doc_mentions import (
    CODE_SAMPLE,
    CROSS_REFERENCE,
    ShortName,
    doc_mentions,
)
from refactor_coord.rewrite.doc_references import cross_references, references_renamed
from refactor_coord.rewrite.doc_samples import (
    SAMPLE_STARTS,
    is_history,
    sample_blocks,
    samples_rewritten,
)

RENAME = {"pkg.mod.old": "pkg.mod.new", "pkg.old": "pkg.new"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # every spelling of a role, a title kept, the target's own title kept short
        (":func:`pkg.mod.old`", ":func:`pkg.mod.new`"),
        (":py:func:`~pkg.mod.old`", ":py:func:`~pkg.mod.new`"),
        (":func:`the old one <pkg.old>`", ":func:`the old one <pkg.new>`"),
        (":func:`pkg.mod.old()`", ":func:`pkg.mod.new()`"),
        (":obj:`!pkg.mod.old`", ":obj:`!pkg.mod.new`"),
        ("{func}`pkg.mod.old`", "{func}`pkg.mod.new`"),
        (".. autofunction:: pkg.mod.old", ".. autofunction:: pkg.mod.new"),
        ("::: pkg.mod.old", "::: pkg.mod.new"),
        ("see [the function][pkg.mod.old]", "see [the function][pkg.mod.new]"),
        # not the old name: a longer name, another module's, one Sphinx searches for
        (":func:`pkg.mod.older`", ":func:`pkg.mod.older`"),
        (":func:`other.old`", ":func:`other.old`"),
        (":func:`.old`", ":func:`.old`"),
        ("``pkg.mod.old``", "``pkg.mod.old``"),  # a literal is prose: not a link
    ],
)
def test_a_certain_cross_reference_is_renamed_in_every_form(line: str, expected: str) -> None:
    assert references_renamed(line + "\n", RENAME) == expected + "\n"


def test_a_searched_reference_names_it_where_no_other_object_has_its_last_part() -> None:
    """itsdangerous writes :class:`.BadPayload` throughout: Sphinx finds the one object whose
    name ends so. Whether another has that last part is the index's to say."""
    text = ":class:`.BadPayload` and :class:`.exc.BadPayload`\n"
    spellings = ["itsdangerous.exc.BadPayload", "itsdangerous.BadPayload"]
    renamed = {s: s + "V2" for s in spellings}
    assert references_renamed(text, renamed) == text
    assert references_renamed(text, renamed, unique=True) == (
        ":class:`.BadPayloadV2` and :class:`.exc.BadPayloadV2`\n"
    )
    readings: list[tuple[ShortName, list[bool]]] = [
        ("certain", [True, True]),
        ("unsure", [False, False]),
    ]
    for short, certain in readings:
        found = doc_mentions("docs/a.rst", text, spellings, short=short)
        assert [m.certain for m in found] == certain


def test_a_short_reference_with_no_module_reads_like_a_searched_one() -> None:
    """mistune's docs/advanced.rst: ``:class:`Markdown``` with no current module."""
    text = "A :class:`Markdown` instance; not :class:`other.Markdown`.\n"
    spellings = ["mistune.markdown.Markdown", "mistune.Markdown"]
    found = doc_mentions("docs/advanced.rst", text, spellings, short="certain")
    assert [(m.col, m.certain) for m in found] == [(10, True)]  # other.Markdown cannot be it
    renamed = {s: s + "V2" for s in spellings}
    assert references_renamed(text, renamed, unique=True).startswith("A :class:`MarkdownV2`")


def test_a_short_target_is_read_in_the_current_module() -> None:
    text = dedent_text(
        """
        :func:`old` is unknown here.

        .. currentmodule:: pkg.mod

        :func:`old` and :func:`mod.old <old>` name it.

        .. currentmodule:: None

        :func:`old` is unknown again.
        """
    )
    renamed = references_renamed(text, RENAME)
    assert renamed.splitlines()[0] == ":func:`old` is unknown here."
    assert renamed.splitlines()[4] == ":func:`new` and :func:`mod.old <new>` name it."
    assert renamed.splitlines()[8] == ":func:`old` is unknown again."


def test_a_python_file_s_docstrings_are_read_in_its_module() -> None:
    text = 'def f():\n    """See :func:`old`; :func:`pkg.old`."""\n    return x[i][pkg.mod.old]\n'
    renamed = references_renamed(text, RENAME, "pkg.mod")
    # the subscript is code, not an autoref link
    assert renamed == text.replace(":func:`old`", ":func:`new`").replace("g.old`", "g.new`")


def test_a_reference_shown_as_text_is_not_given_a_tilde() -> None:
    moved = {"pkg.src.moved": "pkg.target.moved"}
    text = ".. currentmodule:: pkg.src\n\n:func:`!moved`\n"
    assert references_renamed(text, moved).splitlines()[2] == ":func:`!pkg.target.moved`"


def test_a_move_spells_a_relative_reference_in_full_with_the_same_title() -> None:
    moved = {"pkg.src.moved": "pkg.target.moved"}
    text = ".. currentmodule:: pkg.src\n\n:func:`moved`, :func:`the one <moved>`, :func:`~moved`\n"
    assert references_renamed(text, moved).splitlines()[2] == (
        ":func:`~pkg.target.moved`, :func:`the one <pkg.target.moved>`, :func:`~pkg.target.moved`"
    )


def test_a_member_s_reference_follows_its_class() -> None:
    """cachetools' docs: :meth:`~Cache.getsizeof` under ``.. currentmodule:: cachetools``."""
    text = (
        ".. currentmodule:: cachetools\n\n"
        ":meth:`~Cache.getsizeof`, :meth:`Cache.pop`, :attr:`cachetools.Cache.maxsize`\n"
    )
    moved = {"cachetools.Cache": "cachetools.split.Cache"}
    assert references_renamed(text, moved).splitlines()[2] == (
        # read in the current module, as before (Sphinx tries cachetools.split.Cache)
        ":meth:`~split.Cache.getsizeof`, :meth:`split.Cache.pop`, "
        ":attr:`cachetools.split.Cache.maxsize`"
    )
    renamed = {"cachetools.Cache": "cachetools.Store"}
    assert references_renamed(text, renamed).splitlines()[2] == (
        ":meth:`~Store.getsizeof`, :meth:`Store.pop`, :attr:`cachetools.Store.maxsize`"
    )
    found = doc_mentions("docs/index.rst", text, ["cachetools.Cache"])
    assert [(m.col, m.certain) for m in found] == [(8, True), (33, True), (52, True)]


def test_the_module_a_directive_sets_is_where_the_reference_stands() -> None:
    refs = list(cross_references(".. module:: pkg.mod\n\n:meth:`Cls.old`\n"))
    assert [(r.line, r.col, r.target, r.module) for r in refs] == [(3, 7, "Cls.old", "pkg.mod")]


RST = """
Guide
=====

.. code-block:: python
   :caption: the usual way

   from pkg.mod import old

   old(1)

Shell::

   old(2)

.. code-block:: bash

   old 3

.. testcode::

   old(4)

.. code-block:: pycon

   >>> old(5)

End.
"""


def test_rst_samples_are_python_blocks_only() -> None:
    blocks = sample_blocks(dedent_text(RST), "docs/guide.rst")
    assert [[(line.line, line.col, line.code) for line in b] for b in blocks] == [
        [(7, 3, "from pkg.mod import old"), (8, 0, ""), (9, 3, "old(1)")],
        [(21, 3, "old(4)")],  # testcode is Python; a literal block, bash, or a doctest is not
    ]


def test_markdown_samples_are_fenced_python_blocks_in_lists_too() -> None:
    text = dedent_text(
        """
        - step:

          ```py
          from pkg import old
          old()
          ```

        ```text
        old()
        ```

        ~~~{code-block} python
        x = old
        ~~~
        """
    )
    blocks = sample_blocks(text, "README.md")
    assert [[line.code for line in b] for b in blocks] == [
        ["from pkg import old", "old()"],
        ["x = old"],
    ]


def test_samples_are_rewritten_as_one_program_and_added_lines_take_the_indent() -> None:
    text = dedent_text(RST)

    def split_import(program: str) -> str:
        """Each sample comes after the imports above it and SAMPLE_STARTS."""
        head, _, sample = program.partition(SAMPLE_STARTS)
        return (
            head
            + SAMPLE_STARTS
            + sample.replace(
                "from pkg.mod import old\n", "from pkg.mod import old\nfrom pkg.new import x\n"
            ).replace("old(", "new(")
        )

    def into_the_head(program: str) -> str:
        """What the sample needs put above its start (where the imports above it stand)."""
        sample = program.partition(SAMPLE_STARTS)[2]
        needs = "from pkg.new import x\n" if "old(" in sample else ""
        return needs + program.replace("old(", "new(")

    new = samples_rewritten(text, "docs/guide.rst", split_import)
    assert "   from pkg.mod import old\n   from pkg.new import x\n\n   new(1)\n" in new
    assert "   new(4)\n" in new and "   old(2)\n" in new and ">>> old(5)" in new
    # a line put above a sample's start (among the imports of the samples above) is lost:
    # that sample is left as it is (the first has nothing above it)
    moved = samples_rewritten(text, "docs/guide.rst", into_the_head)
    assert "   old(4)\n" in moved


def test_a_sample_program_that_cannot_be_rewritten_is_left_alone() -> None:
    text = dedent_text(RST)
    assert samples_rewritten(text, "docs/guide.rst", lambda program: None) == text


def test_mentions_are_certain_through_an_import_and_unsure_without_one() -> None:
    text = dedent_text(
        """
        .. code-block:: python

           import pkg.mod as m
           m.old(1)

        .. code-block:: python

           old(2)

        .. code-block:: python

           from pkg.target import old
           old(3)

        :func:`pkg.target.old` is where it went; :func:`old` may be it.
        """
    )
    found = doc_mentions("docs/a.rst", text, ["pkg.mod.old"])
    assert [(m.line, m.what, m.certain) for m in found] == [
        (4, CODE_SAMPLE, True),
        (8, CODE_SAMPLE, False),
        # line 12-13 and the first reference reach another module's old: not its
        (15, CROSS_REFERENCE, False),
    ]


def test_a_sample_s_unbound_use_is_the_package_s_when_its_top_level_exports_it() -> None:
    """funcy's README: ``walk(str.upper, {'a', 'b'})`` under ``from funcy import whatever``."""
    text = "```python\nwalk(f, x)\n```\n\n```python\nfrom os import walk\nwalk('.')\n```\n"
    exported = doc_mentions("README.md", text, ["funcy.colls.walk", "funcy.walk"])
    assert [(m.line, m.certain) for m in exported] == [(2, True)]  # os.walk is not it
    internal = doc_mentions("README.md", text, ["funcy.colls.walk"])
    assert [(m.line, m.certain) for m in internal] == [(2, False)]


def test_a_word_in_a_string_or_a_module_path_is_no_use() -> None:
    """mistune's docs (``from mistune.renderers.markdown import X``), semver's (a warning's
    message naming Version), tabulate's README (``import tabulate``)."""
    text = (
        "```python\nfrom mistune.renderers.markdown import MarkdownRenderer\n"
        'warn("markdown is old")\nimport markdown\nmarkdown.util.x()\n```\n'
    )
    assert doc_mentions("README.md", text, ["mistune.markdown"]) == []


def test_a_sample_that_is_not_python_still_says_what_it_imports() -> None:
    text = "```python\nfrom pkg.src import moved\nmoved(<your text>)\n```\n"
    found = doc_mentions("README.md", text, ["pkg.src.moved"])
    assert [(m.line, m.certain) for m in found] == [(2, True), (3, False)]


def test_the_package_s_name_is_implied_in_its_own_samples() -> None:
    """markdown's docs: ``markdown.util.AtomicString(...)`` with no ``import markdown``."""
    text = "```python\ntd.text = markdown.util.AtomicString('x')\n```\n"
    found = doc_mentions("docs/api.md", text, ["markdown.util.AtomicString"])
    assert [(m.line, m.certain) for m in found] == [(2, True)]


def test_a_name_a_sample_binds_itself_is_not_the_old_one() -> None:
    """mistune's README: ``markdown = mistune.create_markdown()``, then ``markdown(text)``."""
    text = "```python\nmarkdown('x')\nmarkdown = mistune.create_markdown()\nmarkdown(t)\n```\n"
    found = doc_mentions("README.md", text, ["mistune.markdown"])
    assert [(m.line, m.certain) for m in found] == [(2, True)]  # read before the assignment


def test_a_module_imported_from_its_package_is_followed() -> None:
    text = "```python\nfrom shop import utils\nutils.slugify('x')\n```\n"
    found = doc_mentions("README.md", text, ["shop.utils.slugify"])
    assert [(m.line, m.certain) for m in found] == [(3, True)]


def test_a_move_counts_only_what_spells_the_old_place() -> None:
    text = "```python\nfrom pkg.src import moved\nmoved(1)\npkg.src.moved(2)\n```\n"
    found = doc_mentions("README.md", text, ["pkg.src.moved"], moved=True)
    # the call reads the import (only the import changes); the package's name is implied
    assert [(m.line, m.certain) for m in found] == [(2, True), (3, False), (4, True)]


def test_a_wrapped_import_is_carried_into_the_samples_below() -> None:
    text = "```python\nfrom pkg.mod import (\n    old,\n)\n```\n\n```python\nold(2)\n```\n"
    renamed = samples_rewritten(text, "README.md", lambda program: program.replace("old", "new"))
    assert "```python\nnew(2)\n```" in renamed


def test_a_parameter_is_not_the_old_name() -> None:
    text = "```python\nfrom pkg.mod import old\ndef f(old):\n    return old(1)\n```\n"
    found = doc_mentions("README.md", text, ["pkg.mod.old"])
    assert [(m.line, m.certain) for m in found] == [(2, True)]


def test_a_method_s_sample_calls_count_only_where_the_class_is_named() -> None:
    text = "```python\nc = Client()\nc.old(1)\n```\n\n```python\nd.old(2)\n```\n"
    found = doc_mentions("README.md", text, ["pkg.mod.Client.old"], owner="Client")
    assert [(m.line, m.certain) for m in found] == [(3, False), (7, False)]
    alone = "```python\nd.old(2)\n```\n"
    assert doc_mentions("README.md", alone, ["pkg.mod.Client.old"], owner="Client") == []


@pytest.mark.parametrize(
    ("path", "history"),
    [
        ("CHANGES.rst", True),
        ("docs/changelog.md", True),
        ("changelog.d/123.feature.rst", True),
        ("docs/whatsnew/3.0.rst", True),
        ("HISTORY.txt", True),
        ("docs/guide.rst", False),
        ("docs/changing-things.md", False),
        ("docs/_build/html/_sources/index.rst.txt", True),  # a built copy
        ("pkg/history.py", False),  # code, its docstrings read
    ],
)
def test_a_project_s_history_is_left_alone(path: str, history: bool) -> None:
    assert is_history(path) is history
    assert (doc_mentions(path, ":func:`pkg.old`\n", ["pkg.old"]) == []) is history
