"""CODEOWNERS: parsing, GitHub's pattern semantics, last match wins, and the lookup order."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from refactor_coord.adapters.filesystem import read_codeowners
from refactor_coord.analysis.codeowners import parse_codeowners
from tests.conftest import write_files


def owns(pattern: str, path: str) -> bool:
    rules = parse_codeowners(f"{pattern} @owner\n")
    assert not rules.errors, rules.errors
    return rules.owners_of(path) == ("@owner",)


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        # no slash: any depth, as a file or as a directory with everything below
        ("*.py", "setup.py", True),
        ("*.py", "src/shop/utils.py", True),
        ("*.py", "src/shop/utils.pyc", False),
        ("*.py", "src/shop/data.txt", False),
        ("docs", "docs", True),
        ("docs", "docs/index.md", True),
        ("docs", "src/docs/api/index.md", True),
        ("docs", "src/docsite/index.md", False),
        # leading slash: anchored at the root
        ("/docs", "docs/index.md", True),
        ("/docs", "src/docs/index.md", False),
        ("/setup.py", "setup.py", True),
        ("/setup.py", "src/setup.py", False),
        # trailing slash: a directory and everything below, never a file of that name
        ("apps/", "apps/x.py", True),
        ("apps/", "src/apps/deep/x.py", True),
        ("apps/", "apps", False),
        ("/docs/", "docs/guide/intro.md", True),
        ("/docs/", "src/docs/intro.md", False),
        # a slash in the middle anchors too; a directory without trailing slash covers all below
        ("src/shop/catalog", "src/shop/catalog/feeds.py", True),
        ("src/shop/catalog", "src/shop/catalog/sub/deep.py", True),
        ("src/shop/catalog", "src/shop/catalog", True),
        ("src/shop/catalog", "src/shop/catalogue.py", False),
        ("src/shop/catalog", "vendor/src/shop/catalog/feeds.py", False),
        # * does not cross a slash
        ("/src/*.py", "src/utils.py", True),
        ("/src/*.py", "src/shop/utils.py", False),
        ("docs/*", "docs/getting-started.md", True),
        ("docs/*", "docs/build-app/troubleshooting.md", False),
        ("/*", "README.md", True),
        ("/*", "src/x.py", False),
        ("src/*/models.py", "src/shop/models.py", True),
        ("src/*/models.py", "src/shop/orders/models.py", False),
        # ? is exactly one character, never a slash
        ("file?.txt", "file1.txt", True),
        ("file?.txt", "file10.txt", False),
        ("a?b", "a/b", False),
        # ** crosses directories
        ("/a/**/b", "a/b", True),
        ("/a/**/b", "a/x/b", True),
        ("/a/**/b", "a/x/y/b/c.py", True),
        ("/a/**/b", "z/a/x/b", False),
        ("docs/**", "docs/a.md", True),
        ("docs/**", "docs/a/b/c.md", True),
        ("docs/**", "docs", False),
        ("**/logs", "logs/today.log", True),
        ("**/logs", "build/logs/today.log", True),
        ("**/logs", "deeply/nested/logs/x", True),
        ("**/logs", "build/logsx/today.log", False),
        ("**", "anything/at/all.py", True),
        # backslash escapes
        (r"f\*o", "f*o", True),
        (r"f\*o", "foo", False),
        (r"my\ file.txt", "my file.txt", True),
    ],
)
def test_pattern_forms(pattern: str, path: str, expected: bool) -> None:
    assert owns(pattern, path) is expected


def test_the_last_matching_rule_wins() -> None:
    owners = parse_codeowners("""
*           @everyone
*.py        @python-devs
/src/shop/  @shop-team @org/reviewers
/src/shop/orders/*.py  orders@example.com
""")
    assert owners.errors == ()
    assert owners.owners_of("README.md") == ("@everyone",)
    assert owners.owners_of("tools/build.py") == ("@python-devs",)
    assert owners.owners_of("src/shop/utils.py") == ("@shop-team", "@org/reviewers")
    assert owners.owners_of("src/shop/orders/cart.py") == ("orders@example.com",)
    assert owners.owners_of("src/shop/orders/README.md") == ("@shop-team", "@org/reviewers")
    rule = owners.rule_for("src/shop/orders/cart.py")
    assert rule is not None and rule.line == 5 and rule.pattern == "/src/shop/orders/*.py"


def test_order_matters_not_specificity() -> None:
    owners = parse_codeowners("/src/shop/orders/ @orders\n/src/ @platform\n")
    assert owners.owners_of("src/shop/orders/cart.py") == ("@platform",)


def test_a_rule_without_owners_unassigns() -> None:
    owners = parse_codeowners("/apps/ @octocat\n/apps/github\n")
    assert owners.owners_of("apps/web/x.py") == ("@octocat",)
    assert owners.owners_of("apps/github/x.py") == ()
    rule = owners.rule_for("apps/github/x.py")
    assert rule is not None and rule.owners == () and rule.line == 2
    assert owners.owners_of("elsewhere.py") == ()
    assert owners.rule_for("elsewhere.py") is None


def test_comments_blank_lines_and_escaped_hash() -> None:
    owners = parse_codeowners("""# a comment
   # an indented comment

\\#notes.md  @writer
*.py @dev  # a trailing comment
""")
    assert owners.errors == ()
    assert [(r.pattern, r.owners, r.line) for r in owners.rules] == [
        ("\\#notes.md", ("@writer",), 4),
        ("*.py", ("@dev",), 5),
    ]
    assert owners.owners_of("#notes.md") == ("@writer",)
    assert owners.owners_of("docs/#notes.md") == ("@writer",)
    assert owners.owners_of("notes.md") == ()


def test_invalid_lines_are_reported_and_skipped() -> None:
    owners = parse_codeowners("""*.py @dev
*.md docs-team
!*.txt @dev
/  @dev
*.cfg @org/team @ok user@example.com
*.py @dev @bad/team/too
""")
    assert [(e.line, e.text) for e in owners.errors] == [
        (2, "*.md docs-team"),
        (3, "!*.txt @dev"),
        (4, "/  @dev"),
        (6, "*.py @dev @bad/team/too"),
    ]
    assert "'docs-team'" in owners.errors[0].reason and "@user" in owners.errors[0].reason
    assert "negation" in owners.errors[1].reason
    assert "'@bad/team/too'" in owners.errors[3].reason
    assert [r.line for r in owners.rules] == [1, 5]
    assert owners.owners_of("a.py") == ("@dev",)  # line 6 was skipped, line 1 still applies
    assert owners.owners_of("README.md") == ()
    assert owners.owners_of("setup.cfg") == ("@org/team", "@ok", "user@example.com")


def test_paths_are_normalised() -> None:
    owners = parse_codeowners("/src/ @dev\n")
    assert owners.owners_of("./src/a.py") == ("@dev",)
    assert owners.owners_of("/src/a.py") == ("@dev",)


def test_empty_text() -> None:
    owners = parse_codeowners("")
    assert owners.rules == () and owners.errors == ()
    assert owners.owners_of("a.py") == ()


def test_the_bundled_example_project() -> None:
    example = resources.files("refactor_coord") / "example_project" / "CODEOWNERS"
    owners = parse_codeowners(example.read_text(encoding="utf-8"))
    assert owners.errors == ()
    assert owners.owners_of("src/shop/catalog/feeds.py") == ("@catalog-team",)
    assert owners.owners_of("src/shop/orders/cart.py") == ("@orders-team",)
    assert owners.owners_of("src/shop/utils.py") == ("@core-team",)
    assert owners.owners_of("tests/test_utils.py") == ("@qa-team",)
    assert owners.owners_of("README.md") == ()


def test_read_codeowners_follows_githubs_lookup_order(tmp_path: Path) -> None:
    assert read_codeowners(tmp_path) is None
    write_files(tmp_path, {"docs/CODEOWNERS": "* @docs\n"})
    assert read_codeowners(tmp_path) == "* @docs\n"
    write_files(tmp_path, {"CODEOWNERS": "* @root\n"})
    assert read_codeowners(tmp_path) == "* @root\n"
    write_files(tmp_path, {".github/CODEOWNERS": "* @github\n"})
    assert read_codeowners(tmp_path) == "* @github\n"
