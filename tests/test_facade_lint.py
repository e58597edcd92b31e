"""The facade refcoord writes passes the checks projects run on generated code: flake8 at its
default 79 columns (pycodestyle and pyflakes), as expand writes it and as contract leaves it,
for every built-in recipe with every name it maps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_coord.domain.recipes import Recipe
from refactor_coord.domain.recipes.catalog import RECIPES
from refactor_coord.domain.surface import FacadeName
from refcoord_codemods.replace_dependency.backends import Sources, backed
from refcoord_codemods.replace_dependency.facade import (
    Labels,
    contracted,
    flipped,
    render_facade,
)

pytest.importorskip("flake8")


def _every_name(found: Recipe) -> list[FacadeName]:
    """One facade name a leaf, for every name the recipe maps (a module it maps whole too)."""
    names: dict[str, FacadeName] = {}
    for old in sorted(found.entries):
        module, _, leaf = old.rpartition(".")
        names.setdefault(leaf, FacadeName(module, leaf))
    return sorted(names.values())


def _flake8(folder: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--max-line-length", "79", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


@pytest.mark.parametrize("found", list(RECIPES.values()), ids=list(RECIPES))
def test_the_facade_of_every_recipe_is_flake8_clean_before_and_after_contract(
    tmp_path: Path, found: Recipe
) -> None:
    labels = Labels("campaign", "pkg.compat", "PKG_BACKEND", found.old, found.new)
    entries = backed(_every_name(found), Sources(found, {}, None, None, lambda n: frozenset()))
    expanded = render_facade(labels, entries, found.prelude)
    after_flip = flipped(expanded)
    assert isinstance(after_flip, str)
    stubs = [line for line in after_flip.splitlines() if "refcoord: stub" in line]
    written = after_flip.replace("  # refcoord: stub", "")  # as a person leaves them
    final = contracted(written, labels)
    assert isinstance(final, str)
    (tmp_path / "expanded.py").write_text(expanded, encoding="utf-8")
    (tmp_path / "contracted.py").write_text(final, encoding="utf-8")
    assert _flake8(tmp_path) == "", (found.id, len(stubs))
