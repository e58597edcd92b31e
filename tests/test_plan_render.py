"""plan.json round trip and errors; PLAN.md, PR bodies, the summary table and ``show step`` text.

Snapshots: ``tests/snapshots/plan_sample.md`` and ``tests/snapshots/plan_sample.json`` hold the
renderers' output for the sample plan below, compared byte for byte. After an intended change to
the output, regenerate them and review the diff:

    REFCOORD_UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_plan_render.py
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from dataclasses import replace

import pytest

from refactor_coord.application.plan_io import plan_from_json, plan_to_json
from refactor_coord.application.render_plan import (
    deprecations,
    render_plan_md,
    render_pr_body,
    render_step,
    render_summary_table,
)
from refactor_coord.domain.errors import PlanError, RefcoordError
from refactor_coord.domain.plan import (
    SCHEMA_VERSION,
    CodemodCall,
    Plan,
    Rating,
    RefactorSummary,
    Risk,
    Rollback,
    Site,
    Step,
)
from tests.conftest import check_snapshot

LOW = Rating("Low", ("1 file",), ())
QUICK = Rating("Quick", ("additive change",), ())
EM_ARGS = (("source", "shop.utils"), ("target", "shop.text"), ("symbols", ("slugify", "WORD_RE")))
RD_ARGS = (
    ("old", "requests"),
    ("new", "httpx"),
    ("facade", "shop.http"),
    ("flag", "SHOP_HTTP_BACKEND"),
    ("recipe", "requests-httpx"),
)


def _step(number: int, key: str, refactor: str, phase: str, title: str, **kw: object) -> Step:
    args = EM_ARGS if refactor == "move-text-helpers" else RD_ARGS
    base: dict[str, object] = {
        "files": ("src/shop/utils.py", "src/shop/text.py"),
        "sites": (),
        "depends_on": (),
        "parallel_with": (),
        "why": "first step of the refactoring",
        "risk": Risk(LOW, LOW, QUICK),
        "rollback": Rollback("revert the step's commit", (), False, "purely additive"),
        "tests": ("tests/test_utils.py",),
        "codemod": CodemodCall(f"{phase}", args),
        "pr_title": f"[tidy-shop {number}/6] {refactor}: {title}",
    }
    base.update(kw)
    return Step(number, key, refactor, phase, title, **base)  # type: ignore[arg-type]


def sample_plan() -> Plan:
    """Two refactorings, six steps: an applied expand, a migrate with a review site, a flip."""
    sites = (
        Site(
            "src/shop/orders/views.py",
            3,
            0,
            "import-from",
            "shop.utils.slugify",
            "from shop.utils import slugify",
            "rewrite",
            "",
        ),
        Site(
            "src/shop/orders/views.py",
            18,
            11,
            "call",
            "shop.utils.slugify",
            "slugify",
            "rewrite",
            "",
        ),
        Site(
            "src/shop/catalog/models.py",
            7,
            4,
            "attribute",
            "shop.utils.WORD_RE",
            "utils.WORD_RE",
            "rewrite",
            "",
        ),
        Site(
            "src/shop/catalog/models.py",
            42,
            15,
            "string",
            "shop.utils.slugify",
            "getattr(utils, name)",
            "review",
            "reached dynamically: cannot be rewritten with certainty",
        ),
    )
    high = Risk(
        Rating("Medium", ("3 references rewritten in 2 files",), ("lower max_files_per_step",)),
        Rating(
            "High",
            ("1 site left for manual review", "public API: shop.utils is imported by tests"),
            ("review the flagged sites beforehand",),
        ),
        Rating("Medium", ("4 sites to check",), ("split the step",)),
    )
    steps = (
        _step(
            1,
            "move-text-helpers:expand",
            "move-text-helpers",
            "expand",
            "Create shop.text with slugify, WORD_RE; shop.utils keeps serving them",
            parallel_with=(5,),
            status="applied",
        ),
        _step(
            2,
            "move-text-helpers:migrate:src/shop/catalog/models.py",
            "move-text-helpers",
            "migrate",
            "Migrate shop.catalog, shop.orders to shop.text (2 files)",
            files=("src/shop/catalog/models.py", "src/shop/orders/views.py"),
            sites=sites,
            depends_on=(1,),
            parallel_with=(5, 6),
            why="leaf-first along the import graph",
            risk=high,
            rollback=Rollback(
                "revert the step's commit", (), False, "independent of the other migrate steps"
            ),
            tests=("tests/test_catalog.py", "tests/test_orders.py"),
            notes=("src/shop/orders/views.py alone exceeds max_sites_per_step",),
        ),
        _step(
            3,
            "move-text-helpers:deprecate",
            "move-text-helpers",
            "deprecate",
            "Deprecate the old location shop.utils: the shim warns (removal in 3.0)",
            depends_on=(2,),
            files=("src/shop/utils.py",),
            why="once every first-party reference goes through the new location",
        ),
        _step(
            4,
            "move-text-helpers:contract",
            "move-text-helpers",
            "contract",
            'Remove the shim for shop.utils.slugify, "WORD_RE" (once the version reaches 3.0)',
            files=("src/shop/utils.py",),
            depends_on=(3,),
            why="last: removes the old name",
            risk=Risk(
                LOW,
                Rating(
                    "High",
                    ("breaks external users of a public name",),
                    ("wait for the removal version",),
                ),
                QUICK,
            ),
            rollback=Rollback(
                "revert the step's commit",
                (),
                True,
                "external users of the old name break once this is released",
            ),
        ),
        _step(
            5,
            "requests-to-httpx:expand",
            "requests-to-httpx",
            "expand",
            "Add facade shop.http over requests (flag SHOP_HTTP_BACKEND, default old)",
            files=("src/shop/http.py", "pyproject.toml"),
            parallel_with=(1, 2, 3, 4),
            tests=(),
        ),
        _step(
            6,
            "requests-to-httpx:flip",
            "requests-to-httpx",
            "flip",
            "Make the new backend the default (SHOP_HTTP_BACKEND=new)",
            files=("src/shop/http.py",),
            depends_on=(5,),
            parallel_with=(2, 3, 4),
            why="once every first-party reference uses the facade",
            rollback=Rollback(
                "set SHOP_HTTP_BACKEND=old (or revert the step's commit)",
                (),
                False,
                "no code revert needed",
            ),
        ),
    )
    refactors = (
        RefactorSummary(
            "move-text-helpers",
            "extract-module",
            "move slugify, WORD_RE from shop.utils to shop.text",
            ("shop.utils.slugify", "shop.utils.WORD_RE"),
            4,
            (1, 2, 3, 4),
        ),
        RefactorSummary(
            "requests-to-httpx",
            "replace-dependency",
            "replace requests with httpx behind shop.http (flag SHOP_HTTP_BACKEND)",
            ("requests",),
            0,
            (5, 6),
        ),
    )
    return Plan(
        SCHEMA_VERSION,
        "tidy-shop",
        "Split text helpers out of shop.utils; move to httpx",
        "main",
        "3.0",
        "after-migrate",
        refactors,
        steps,
        "sha256:0123abcd",
    )


# -- plan.json ---------------------------------------------------------------------------------


def test_json_round_trips_to_an_equal_plan() -> None:
    plan = sample_plan()
    assert plan_from_json(plan_to_json(plan), "plan.json") == plan
    empty = Plan(SCHEMA_VERSION, "x", "", None, None, "at-expand", (), (), "")
    assert plan_from_json(plan_to_json(empty), "plan.json") == empty


def test_json_is_deterministic_versioned_and_complete() -> None:
    plan = sample_plan()
    text = plan_to_json(plan)
    assert text == plan_to_json(sample_plan())
    assert text.endswith("}\n") and not text.endswith("\n\n")
    data = json.loads(text)
    assert data["schema"] == 2
    assert list(data) == sorted(data)
    step2 = data["steps"][1]
    assert step2["rewritten"] == 3 and step2["review_count"] == 1
    assert step2["codemod"]["args"] == {
        "source": "shop.utils",
        "target": "shop.text",
        "symbols": ["slugify", "WORD_RE"],
    }
    assert step2["risk"]["risk"] == {
        "level": "High",
        "lower_by": ["review the flagged sites beforehand"],
        "reasons": [
            "1 site left for manual review",
            "public API: shop.utils is imported by tests",
        ],
    }
    assert step2["sites"][3]["reason"].startswith("reached dynamically")
    assert data["steps"][3]["rollback"]["point_of_no_return"] is True
    assert data["base"] == "main" and data["remove_in"] == "3.0"
    check_snapshot("plan_sample.json", text)


def test_a_schema_1_plan_is_read_with_its_string_arguments_typed() -> None:
    # schema 1 stored every codemod argument as a string; re-planning must still read it
    data = json.loads(plan_to_json(sample_plan()))
    data["schema"] = 1
    for step in data["steps"]:
        args = step["codemod"]["args"]
        if "symbols" in args:
            args["symbols"] = ",".join(args["symbols"])
        args["star_imported"] = "true"
    plan = plan_from_json(json.dumps(data), "plan.json")
    args = dict(plan.steps[1].codemod.args)
    assert args["symbols"] == ("slugify", "WORD_RE") and args["star_imported"] is True


def _broken(edit: str) -> str:
    data = json.loads(plan_to_json(sample_plan()))
    if edit == "schema":
        data["schema"] = 3
    elif edit == "missing":
        del data["steps"][1]["risk"]["duration"]["level"]
    elif edit == "type":
        data["steps"][0]["depends_on"] = ["1"]
    elif edit == "phase":
        data["steps"][0]["phase"] = "explode"
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"schema": 1, "steps": [', "is not valid JSON"),
        ("[1, 2]", "does not hold a JSON object"),
        ('{"campaign": "x"}', "has no 'schema' field"),
        (_broken("schema"), "has schema version 3, this refcoord reads schema version 2"),
        (_broken("missing"), "'steps[1].risk.duration.level' is missing"),
        (_broken("type"), "'steps[0].depends_on' should be a list of integers"),
        (_broken("phase"), "'steps[0].phase' is 'explode', which is not one of expand, dual-"),
    ],
)
def test_unreadable_plans_say_which_file_what_and_the_fix(text: str, problem: str) -> None:
    source = ".refcoord/tidy-shop/plan.json"
    with pytest.raises(PlanError) as caught:
        plan_from_json(text, source)
    message = str(caught.value)
    assert isinstance(caught.value, RefcoordError) and caught.value.exit_code == 2
    assert message.startswith(f"cannot read the plan {source}: ")
    assert problem in message
    assert message.endswith("run `refcoord plan` again to rewrite it")


# -- PLAN.md -----------------------------------------------------------------------------------

SECTIONS = (
    "## Objective",
    "## Risk assessment",
    "## Prerequisites",
    "## Steps",
    "## Testing plan",
    "## Rollback procedure",
    "## Communication plan",
    "## Monitoring",
    "## Post-migration clean-up",
    "## Step diagram",
)


def test_plan_md_has_every_section_in_order_and_is_deterministic() -> None:
    plan = sample_plan()
    text = render_plan_md(plan)
    assert text == render_plan_md(sample_plan())
    positions = [text.index(f"\n{h}\n") for h in SECTIONS]
    assert positions == sorted(positions)
    for step in plan.steps:
        assert f"\n### Step {step.number} — {step.title}\n" in text
    assert (
        "`src/shop/catalog/models.py:42` — reached dynamically: cannot be rewritten with certainty"
        in text
    )
    assert "**Status: applied.**" in text
    assert "Highest-risk steps (risk High)" in text
    assert "review the flagged sites beforehand" in text
    assert (
        '"shop.utils.slugify has moved to shop.text.slugify; import it from there '
        '(it will be removed in 3.0)"' in text
    )
    assert "clean working tree on `main`" in text
    assert "SHOP_HTTP_BACKEND" in text.split("## Monitoring")[1]
    assert "Step 4 — " in text.split("## Rollback procedure")[1].split("## Communication plan")[0]
    assert "\n\n\n" not in text
    check_snapshot("plan_sample.md", text)


def test_plan_md_mermaid_diagram_has_every_step_and_dependency() -> None:
    plan = sample_plan()
    text = render_plan_md(plan)
    block = re.search(r"```mermaid\n(.*?)\n```", text, re.DOTALL)
    assert block is not None
    diagram = block.group(1)
    assert diagram.startswith("flowchart TD\n")
    for step in plan.steps:
        assert f'    s{step.number}["{step.number}. {step.phase}: ' in diagram
        for dep in step.depends_on:
            assert f"    s{dep} --> s{step.number}\n" in diagram
    assert diagram.count(" --> ") == sum(len(s.depends_on) for s in plan.steps)
    assert "#quot;WORD_RE#quot;" in diagram and '"WORD_RE"' not in diagram
    assert "classDef expand " in diagram and "    class s1,s5 expand\n" in diagram
    assert "    class s1 applied" in diagram
    assert "✓ applied" in diagram


# -- PR body, table, step ----------------------------------------------------------------------


def test_pr_body_carries_the_trailers_and_the_compatibility_changes() -> None:
    plan = sample_plan()
    body = render_pr_body(plan, plan.steps[2])
    assert body.endswith(
        "```\nRefcoord-Campaign: tidy-shop\nRefcoord-Step: 3\nRefcoord-Phase: deprecate\n```\n"
    )
    assert (
        "## Compatibility\n\n- Deprecated: `shop.utils.slugify`; use `shop.text.slugify` instead; "
        "it will be removed in 3.0.\n" in body
    )
    migrate = render_pr_body(plan, plan.steps[1])
    assert "## Compatibility\n\n- No change for users: only the project's own references" in (
        migrate
    )
    expand = render_pr_body(plan, plan.steps[0])
    assert (
        "## Compatibility\n\n- Added: `shop.text.slugify`, `shop.text.WORD_RE`; "
        "`shop.utils.slugify`, `shop.utils.WORD_RE` keep working as before, without a warning.\n"
        in expand
    )
    # no module of the repository star-imports the source: a star-importer outside is told
    assert (
        "- Changed: `from shop.utils import *` brings `slugify`, `WORD_RE` only if "
        "`shop.utils.__all__` lists them" in expand
    )
    assert (
        "Branch `refcoord/tidy-shop/step-1`, cut from `main`: open the pull request against "
        "`main`." in expand
    )
    assert (
        "Branch `refcoord/tidy-shop/step-2`, cut from `main` once step 1 is merged there: open "
        "the pull request against `main`. Applied before then, it is stacked on "
        "`refcoord/tidy-shop/step-1`: open it against that branch, and retarget it to `main` "
        "when step 1 lands." in migrate
    )
    assert "- [ ] `src/shop/catalog/models.py:42` — reached dynamically" in migrate
    assert "- 3 references rewritten" in migrate
    assert "Refcoord-Step: 2\nRefcoord-Phase: migrate\n" in migrate
    contract = render_pr_body(plan, plan.steps[3])
    assert (
        "- Removed: `shop.utils.WORD_RE`, deprecated earlier; use `shop.text.WORD_RE` instead."
        in contract
    )
    assert "**Point of no return:**" in contract
    assert "run the whole suite" in render_pr_body(plan, plan.steps[4])


def test_pr_body_of_an_extract_expand_says_what_moves_and_claims_nothing_untrue() -> None:
    plan = sample_plan()
    expand = render_pr_body(plan, plan.steps[0])
    assert "0 references rewritten" not in expand
    assert "- Moves `slugify`, `WORD_RE` out of `shop.utils` into `shop.text`" in expand
    assert (
        "`shop.utils` keeps serving the moved names through a module `__getattr__` shim "
        "(silently until the deprecate step)" in expand
    )
    early = replace(plan, warn="at-expand")
    assert "(warning from this step on)" in render_pr_body(early, plan.steps[0])
    assert "asserts the DeprecationWarning" in render_pr_body(early, plan.steps[0])
    # the replace-dependency expand keeps the plain count
    assert "- 0 references rewritten" in render_pr_body(plan, plan.steps[4])


def test_pr_bodies_claim_warnings_as_errors_nowhere_and_name_the_warning_test_where_added() -> (
    None
):
    plan = sample_plan()
    bodies = {s.number: render_pr_body(plan, s) for s in plan.steps}
    assert not any("warnings treated as errors" in b for b in bodies.values())
    adds_test = {n for n, b in bodies.items() if "adds `test_refcoord_move_text_helpers.py`" in b}
    assert adds_test == {3}  # the deprecate step, which starts the warning


def test_summary_table_columns_align_and_totals_add_up() -> None:
    plan = sample_plan()
    lines = render_summary_table(plan).splitlines()
    header, rule, *rows, total = lines
    assert header.split() == [
        "#",
        "phase",
        "refactoring",
        "files",
        "rewrites",
        "review",
        "risk",
        "duration",
        "depends",
        "on",
        "status",
    ]
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    assert len(spans) == 10 and len(rows) == len(plan.steps)
    for line in (header, *rows):
        gaps = [line[end:start] for (_, end), (start, _) in itertools.pairwise(spans)]
        assert all(g.strip() == "" for g in gaps), line
        assert len(line) <= len(rule)
    assert rows[1].split() == [
        "2",
        "migrate",
        "move-text-helpers",
        "2",
        "3",
        "1",
        "High",
        "Medium",
        "1",
        "planned",
    ]
    assert rows[4].split()[-2:] == ["-", "planned"]
    assert total == "6 steps; 3 references rewritten; 1 left for manual review"


def test_render_step_lists_every_site_by_file_with_reasons() -> None:
    plan = sample_plan()
    step = plan.steps[1]
    text = render_step(plan, step)
    assert text.startswith(f"Step 2 — {step.title}\n")
    assert "manual review:\n  src/shop/catalog/models.py:42 — reached dynamically" in text
    by_file = text.split("sites (by file):\n")[1]
    assert by_file.index("  src/shop/catalog/models.py\n") < by_file.index(
        "  src/shop/orders/views.py\n"
    )
    assert (
        "42:15  review   string     getattr(utils, name) (refers to shop.utils.slugify) "
        "— reached dynamically" in by_file
    )
    assert (
        "3:0    rewrite  import-from  from shop.utils import slugify "
        "(refers to shop.utils.slugify)\n" in by_file
    )
    spelled = dataclasses.replace(
        step, sites=(dataclasses.replace(step.sites[0], written=step.sites[0].target),)
    )
    spelled_sites = render_step(plan, spelled).split("sites (by file):\n")[1]
    assert (
        f"import-from  {step.sites[0].target}" in spelled_sites
        and "refers to" not in spelled_sites
    )
    for phrase in (
        "refactoring: move-text-helpers (extract-module)",
        "depends on: 1",
        "may run in parallel with: 5, 6",
        "risk:\n  complexity: Medium",
        "lowered by: split the step",
        "point of no return: no",
        "tests (2):\n  tests/test_catalog.py",
        "codemod: migrate\n  source = shop.utils",
        "notes:\n  - src/shop/orders/views.py alone exceeds",
        "references: 3 rewritten, 1 for manual review",
    ):
        assert phrase in text, phrase


def test_renderers_accept_a_plan_read_back_from_json() -> None:
    plan = sample_plan()
    again = plan_from_json(plan_to_json(plan), "plan.json")
    assert render_plan_md(again) == render_plan_md(plan)
    done = replace(plan, steps=(replace(plan.steps[0], status="done"), *plan.steps[1:]))
    assert "**Status: done.**" in render_plan_md(done)


def test_the_warning_plan_md_announces_is_the_one_the_shim_emits() -> None:
    """The shim is rendered by the extract-module codemods (their template and advice) and run;
    what it warns must be what PLAN.md quotes."""
    import sys
    import types
    import warnings

    from refcoord_codemods.extract_module.shim import shim_code
    from refcoord_codemods.extract_module.steps import _warning

    plan = sample_plan()
    quoted = {d.old: d.warning for r in plan.refactors for d in deprecations(plan, r)}
    target = types.ModuleType("shop.text")
    target.slugify = lambda text: text  # type: ignore[attr-defined]
    source = types.ModuleType("shop.utils")
    exec(shim_code({"slugify": "shop.text"}, _warning(plan.remove_in)), source.__dict__)  # noqa: S102
    sys.modules["shop.text"] = target
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            source.slugify  # noqa: B018 - the attribute read is what warns
    finally:
        del sys.modules["shop.text"]
    assert [str(w.message) for w in caught] == [quoted["shop.utils.slugify"]]
