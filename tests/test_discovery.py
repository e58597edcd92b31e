"""Module discovery: file paths -> module names, layouts, skip rules."""

from __future__ import annotations

from pathlib import Path

from refactor_coord.adapters.filesystem import list_python_files
from refactor_coord.analysis.discovery import (
    detect_source_roots,
    is_excluded,
    map_modules,
    module_file,
)
from tests.conftest import WriteRepo


def modules_of(paths: list[str], roots: tuple[str, ...] | None = None) -> dict[str, str]:
    dirs = {p.rsplit("/", 1)[0] for p in paths if "/" in p}
    files, _ = map_modules(paths, roots or detect_source_roots(dirs))
    return {f.path: f.module for f in files}


def test_src_layout_maps_below_src_and_keeps_tests_at_root() -> None:
    found = modules_of(
        ["src/shop/__init__.py", "src/shop/utils.py", "tests/test_utils.py", "conftest.py"]
    )
    assert found == {
        "src/shop/__init__.py": "shop",
        "src/shop/utils.py": "shop.utils",
        "tests/test_utils.py": "tests.test_utils",
        "conftest.py": "conftest",
    }


def test_flat_layout_with_several_top_level_packages() -> None:
    found = modules_of(
        ["alpha/__init__.py", "alpha/core.py", "beta/__init__.py", "beta/sub/deep.py", "setup.py"]
    )
    assert found["alpha/core.py"] == "alpha.core"
    assert found["beta/sub/deep.py"] == "beta.sub.deep"  # beta/sub is a namespace package
    assert found["setup.py"] == "setup"


def test_namespace_package_without_init() -> None:
    assert modules_of(["ns/part/mod.py"]) == {"ns/part/mod.py": "ns.part.mod"}


def test_configured_source_roots_replace_detection() -> None:
    found = modules_of(["lib/python/pkg/mod.py", "src/other.py"], roots=("lib/python", ""))
    assert found["lib/python/pkg/mod.py"] == "pkg.mod"
    assert found["src/other.py"] == "src.other"


def test_test_files_and_conftest_are_marked() -> None:
    assert module_file("tests/test_a.py", ("",)).is_test
    assert module_file("pkg/conftest.py", ("",)).is_test
    assert not module_file("pkg/core.py", ("",)).is_test


def test_non_identifier_paths_get_a_stand_in_name_and_are_not_importable() -> None:
    mf = module_file("scripts/run-job.py", ("",))
    assert mf.module == "scripts.run_job"
    assert not mf.importable


def test_package_init_wins_over_a_module_of_the_same_name() -> None:
    files, skipped = map_modules(["pkg.py", "pkg/__init__.py"], ("",))
    assert [f.path for f in files] == ["pkg/__init__.py"]
    assert skipped == [("pkg.py", "module name 'pkg' is already taken by pkg/__init__.py")]


def test_exclude_globs() -> None:
    assert is_excluded("build/lib/x.py", ["build/**"])
    assert is_excluded("docs/conf.py", ["docs/*"])
    assert not is_excluded("src/build.py", ["build/**"])


def test_walk_skips_virtualenvs_vcs_caches_and_root_build_output(write_repo: WriteRepo) -> None:
    repo = write_repo(
        {
            "pkg/mod.py": "x = 1\n",
            "env/pyvenv.cfg": "home = /usr\n",
            "env/lib/site.py": "x = 1\n",
            ".git/hooks/h.py": "x = 1\n",
            "pkg/__pycache__/mod.py": "x = 1\n",
            "build/lib/pkg/mod.py": "x = 1\n",
            "node_modules/a/b.py": "x = 1\n",
            "pkg/build/tool.py": "x = 1\n",
            "docs/conf.py": "x = 1\n",
        }
    )
    found = [f.path for f in list_python_files(repo, ["docs/**"])]
    assert found == ["pkg/build/tool.py", "pkg/mod.py"]


def test_src_root_detected_only_when_src_exists(tmp_path: Path) -> None:
    assert detect_source_roots({"pkg"}) == ("",)
    assert detect_source_roots({"src/pkg", "tests"}) == ("src", "")
