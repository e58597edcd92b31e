"""Strings that name a renamed function where code reads a name by them (issue 14; the
change-api gauntlet's packaging: a parametrized patch and ``"old" in dir(module)`` failed the
suite once the name was gone), and the same word elsewhere, which is not one (its mistune,
pathspec and tabulate: a dictionary key, a benchmark label, a prefix)."""

from __future__ import annotations

import textwrap

from refactor_coord.analysis.mentions import string_mentions

SOURCE = textwrap.dedent(
    """
    import pytest
    from pkg import mod

    __all__ = ["old"]
    RULES = {"old": 1}


    def f(x: "old") -> "old":
        return getattr(mod, "old"), f"{x}old", x.startswith("old")


    def test_in_dir():
        assert "old" in dir(mod)
        assert {"old", "new"} <= set(mod.__all__)


    @pytest.mark.parametrize(("system", "name"), [("Android", "old"), ("iOS", "other")])
    def test_patched(monkeypatch, system, name):
        monkeypatch.setattr(mod, name, lambda: system)


    @pytest.mark.benchmark(group="old")
    def bench():
        pass
    """
)


def test_only_strings_read_as_names_are_mentions() -> None:
    found = string_mentions(SOURCE, {"old"})
    assert [(line, name) for line, _, name, _ in found] == [
        (10, "old"),
        (14, "old"),
        (15, "old"),
        (18, "old"),
    ]
    line, col, _, _ = found[0]
    assert SOURCE.splitlines()[line - 1][col:].startswith('"old")')


def test_a_file_that_does_not_parse_has_none() -> None:
    assert string_mentions("def (:\n", {"old"}) == []


def test_a_string_only_tested_against_a_namespace_is_an_existence_check() -> None:
    """``"old" in dir(mod)`` asks whether ``mod`` has the name: renamed with it, it keeps its
    meaning (the place of ``mod`` comes with it, for the plan to check it is the name's
    module); ``<=`` between sets, ``not in`` and ``getattr`` are not such tests."""
    source = SOURCE + textwrap.dedent(
        """
        def test_more():
            assert "old" in vars(mod)
            assert "old" in list(mod.__dict__)
            assert "old" not in dir(mod)
            assert "old" in dir(mod.sub())
        """
    )
    checks = {(m[0], m[1]): m[3] for m in string_mentions(source, {"old"}) if m[3]}
    lines = source.splitlines()
    assert sorted(line for line, _ in checks) == [14, 28, 29]
    for (line, col), (owner_line, owner_col) in checks.items():
        assert lines[line - 1][col:].startswith('"old" in')
        assert lines[owner_line - 1][owner_col - 1 :].startswith("mod")
