"""A plan as text: PLAN.md, a step's PR body, the terminal summary table, one step in full.

PLAN.md and the PR bodies come from jinja2 templates shipped in ``refactor_coord/templates``;
the table and the step text are plain text built here. Every function is pure and
deterministic: the same plan gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jinja2 import Environment

from refactor_coord.application.templating import package_templates
from refactor_coord.domain.plan import PHASES, ArgValue, Plan, Rating, RefactorSummary, Site, Step
from refactor_coord.domain.recipes.catalog import recipe
from refactor_coord.domain.schema import is_database_phase
from refactor_coord.planning.sites import THROUGH_IMPORT

_RANK = {"Low": 0, "Quick": 0, "Medium": 1, "High": 2, "Long": 2}
_DONE = ("applied", "done")


@functools.cache
def _env() -> Environment:
    return package_templates(
        html=False, nums=numbers, cell=_cell, plural=_plural, sentence=_sentence
    )


# -- derived facts -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deprecation:
    """An old name, where it went, and the text its shim's warning carries."""

    old: str
    new: str  #: empty when the new location cannot be told from the plan
    warning: str


def numbers(values: Iterable[int], none: str = "none") -> str:
    """``1, 3, 4``, or ``none``."""
    items = [str(v) for v in values]
    return ", ".join(items) if items else none


def _plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _sentence(text: str) -> str:
    """Capitalised, ending with a full stop."""
    text = text.strip()
    if not text:
        return text
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _refactor(plan: Plan, step: Step) -> RefactorSummary | None:
    return next((r for r in plan.refactors if r.id == step.refactor), None)


def _args(plan: Plan, refactor: str) -> dict[str, str]:
    """The text arguments of the refactoring's codemods (the first step's)."""
    step = next((s for s in plan.steps if s.refactor == refactor), None)
    return _text_args(step) if step else {}


def _text_args(step: Step) -> dict[str, str]:
    return {k: v for k, v in step.codemod.args if isinstance(v, str)}


@dataclass(frozen=True, slots=True)
class DatabaseFacts:
    """What PLAN.md says of one schema refactoring's database, read from its steps."""

    refactor: str
    table: str
    base: str  #: the revision the first database step follows
    steps: tuple[Step, ...]  #: its database steps
    backfill: Step | None
    monitoring: str  #: the backfill's query
    size: str  #: the table's size, as the duration notes say it
    lock_timeout: str


def _size(duration: str) -> str:
    """The table's size as a duration note states it."""
    found = re.search(r"about ([\d,]+) rows", duration)
    if found:
        return f"about {found[1]} rows (PostgreSQL's estimate)"
    return "not known (`refcoord plan --database-url URL` reads it)"


def databases(plan: Plan) -> list[DatabaseFacts]:
    """The schema refactorings' database facts, for PLAN.md's general sections."""
    found = []
    for r in plan.refactors:
        if r.kind != "schema":
            continue
        steps = tuple(s for s in plan.steps if s.refactor == r.id and is_database_phase(s.phase))
        if not steps:
            continue
        args = _text_args(steps[0])
        backfill = next((s for s in steps if s.phase == "backfill"), None)
        notes = backfill.notes if backfill else ()
        monitoring = next((n for n in notes if n.startswith("Monitoring: `")), "")
        size = next((n for n in notes if n.startswith("Expected duration: ")), "")
        found.append(
            DatabaseFacts(
                r.id,
                args.get("table", ""),
                args.get("down_revision", "") or "base",
                steps,
                backfill,
                monitoring.partition("`")[2].partition("`")[0],
                _size(size),
                args.get("lock_timeout", ""),
            )
        )
    return found


def deprecations(plan: Plan, refactor: RefactorSummary) -> list[Deprecation]:
    """The names a refactoring deprecates (none for replace-dependency: a flag switches), each
    with the text its shim warns with."""
    if refactor.kind == "replace-dependency":
        return []
    args = _args(plan, refactor.id)
    out = []
    for old in refactor.old_names:
        new = ""
        if refactor.kind == "extract-module" and args.get("target"):
            new = f"{args['target']}.{old.rpartition('.')[2]}"
        elif refactor.kind == "change-api":
            new = args.get("new", "")
        out.append(Deprecation(old, new, _warning_text(plan, refactor.kind, old, new)))
    return out


def _warning_text(plan: Plan, kind: str, old: str, new: str) -> str:
    """The warning's text as the shim words it: change-api's from its codemods
    (``warning_text``); extract-module's as its shim template words it with the advice of its
    ``steps._warning`` (test_plan_render checks the two agree on a rendered shim)."""
    if kind == "change-api" and new:
        from refcoord_codemods.change_api.shim import warning_text  # libcst: only when needed

        return warning_text(old, new, plan.remove_in)
    if kind == "extract-module" and new:
        until = f" (it will be removed in {plan.remove_in})" if plan.remove_in else ""
        return f"{old} has moved to {new}; import it from there{until}"
    until = f"; it will be removed in {plan.remove_in}" if plan.remove_in else ""
    return f"{old} is deprecated{until}"


def changelog_lines(plan: Plan, step: Step) -> list[str]:
    """What this step's diff changes for the users of the project's API, as changelog lines:
    every phase says (expand adds, migrate changes nothing for them, deprecate warns, flip
    switches the default, contract removes)."""
    summary = _refactor(plan, step)
    if summary is None:
        return []
    if step.phase == "migrate":
        return ["- No change for users: only the project's own references move to the new API."]
    if summary.kind == "replace-dependency":
        return _dependency_lines(plan, summary, step.phase)
    found = deprecations(plan, summary)
    if step.phase == "expand":
        return [_added_line(plan, found), *_star_import_line(summary, step, found)]
    lines = []
    for d in found:
        use = f"; use `{d.new}` instead" if d.new else ""
        if step.phase == "deprecate":
            until = f"; it will be removed in {plan.remove_in}" if plan.remove_in else ""
            lines.append(f"- Deprecated: `{d.old}`{use}{until}.")
        else:
            lines.append(f"- Removed: `{d.old}`, deprecated earlier{use}.")
    return lines


def _star_import_line(
    summary: RefactorSummary, step: Step, found: Sequence[Deprecation]
) -> list[str]:
    """extract-module: ``from <source> import *`` keeps bringing the moved names only through
    an ``__all__`` that lists them (expand gives the source one only when a module of the
    repository star-imports it): said, since it is an API change for star-importers outside."""
    args = dict(step.codemod.args)
    if summary.kind != "extract-module" or args.get("star_imported"):
        return []
    public = [
        d.old.rpartition(".")[2] for d in found if not d.old.rpartition(".")[2].startswith("_")
    ]
    if not public:
        return []
    source = args.get("source", "")
    names = ", ".join(f"`{n}`" for n in public)
    line = (
        f"- Changed: `from {source} import *` brings {names} only if `{source}.__all__` lists "
        "them (no module of this repository star-imports it, so expand adds no `__all__`)."
    )
    return [line]


def _added_line(plan: Plan, found: Sequence[Deprecation]) -> str:
    news = ", ".join(f"`{d.new}`" for d in found if d.new)
    olds = ", ".join(f"`{d.old}`" for d in found)
    warns = (
        "warn (DeprecationWarning)"
        if plan.warn == "at-expand"
        else "keep working as before, without a warning"
    )
    return f"- Added: {news or 'the new API'}; {olds} {warns}."


def _replaces(plan: Plan, step: Step) -> bool:
    """Whether the step belongs to a replace-dependency."""
    return any(r.id == step.refactor and r.kind == "replace-dependency" for r in plan.refactors)


def _dependency_lines(plan: Plan, summary: RefactorSummary, phase: str) -> list[str]:
    args = _args(plan, summary.id)
    old, flag, facade = args.get("old", ""), args.get("flag", ""), args.get("facade", "")
    found = recipe(str(args.get("recipe") or ""))
    new = args.get("new") or (found.new if found else "the new backend")
    if phase == "expand":
        return [f"- Added: `{facade}` over `{old}` and {new}; `{flag}` picks (default: old)."]
    if phase == "flip":
        return [f"- Changed: `{flag}` now defaults to new ({new}); `{flag}=old` switches back."]
    return [
        f"- Removed: the `{old}` backend and the `{flag}` flag; `{facade}` now always uses {new}."
    ]


def _rewritten_line(step: Step) -> str:
    """How many references the step's diff changes, and how many uses of the names the rewritten
    imports bind read the same (they are references too, as ``refs`` lists them)."""
    same = sum(1 for s in step.sites if s.action == "keep" and s.reason == THROUGH_IMPORT)
    uses = (
        ""
        if not same
        else " (1 use of an imported name reads the same)"
        if same == 1
        else f" ({same} uses of the imported names read the same)"
    )
    return f"{_plural(step.rewritten, 'reference')} rewritten{uses}"


def change_lines(plan: Plan, step: Step) -> list[str]:
    """What the step changes, as bullet lines (without the bullet): the references it rewrites,
    or for an extract-module's expand step what moves where and what serves the old names."""
    summary = _refactor(plan, step)
    if summary is None or summary.kind != "extract-module" or step.phase != "expand":
        return [_rewritten_line(step)]
    args = _text_args(step)
    source, target = args.get("source", ""), args.get("target", "")
    symbols = dict(step.codemod.args).get("symbols")
    names = ", ".join(f"`{n}`" for n in symbols) if isinstance(symbols, tuple) else ""
    when = (
        "warning from this step on"
        if plan.warn == "at-expand"
        else "silently until the deprecate step"
    )
    return [
        (
            f"Moves {names} out of `{source}` into `{target}`: the definitions verbatim, with the "
            "imports they need and the private helpers only they use"
        ),
        f"`{source}` keeps serving the moved names through a module `__getattr__` shim ({when})",
        (
            f"Where code staying in `{source}` uses a moved name, or moved code reads a name that "
            "stays, the use is rewritten to go through an import of the other module"
        ),
        "No importer elsewhere is rewritten: the migrate steps do that",
    ]


def branch_line(plan: Plan, step: Step) -> str:
    """Which branch the step's pull request goes against, as ``refcoord apply`` cuts it."""
    base = f"`{plan.base}`" if plan.base else "the base branch"
    name = f"`refcoord/{plan.campaign}/step-{step.number}`"
    deps = sorted(step.depends_on)
    if not deps:
        return f"Branch {name}, cut from {base}: open the pull request against {base}."
    if len(deps) == 1:
        below = f"`refcoord/{plan.campaign}/step-{deps[0]}`"
        return (
            f"Branch {name}, cut from {base} once step {deps[0]} is merged there: open the pull "
            f"request against {base}. Applied before then, it is stacked on {below}: open it "
            f"against that branch, and retarget it to {base} when step {deps[0]} lands."
        )
    return (
        f"Branch {name}, cut from {base} once steps {numbers(deps)} are merged there: open the "
        f"pull request against {base}. Applied before then, it is stacked on the branch of the "
        "one that holds the others (open it against that branch), or refused while they sit on "
        "separate branches."
    )


def warning_test_line(plan: Plan, step: Step) -> str:
    """The sentence about the test that checks the shim's DeprecationWarning, for the step that
    starts the warning (empty for the other steps)."""
    summary = _refactor(plan, step)
    if summary is None or summary.kind == "replace-dependency":
        return ""
    warns = step.phase == "deprecate" or (step.phase == "expand" and plan.warn == "at-expand")
    if not warns:
        return ""
    test = f"test_refcoord_{step.refactor.replace('-', '_')}.py"
    return (
        f"This step adds `{test}` to the project's tests: it asserts the DeprecationWarning of "
        "every deprecated name."
    )


def _highest_risk(steps: Sequence[Step]) -> list[Step]:
    """The steps at the highest risk level present, riskiest first (none when every one is Low)."""
    top = max((_RANK.get(s.risk.risk.level, 0) for s in steps), default=0)
    if top == 0:
        return []
    chosen = [s for s in steps if _RANK.get(s.risk.risk.level, 0) == top]
    return sorted(chosen, key=lambda s: (-_RANK.get(s.risk.complexity.level, 0), s.number))


def _mermaid_text(text: str) -> str:
    return (
        text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )


def mermaid(plan: Plan) -> str:
    """The step DAG as a Mermaid flowchart (no fences)."""
    lines = ["flowchart TD"]
    for s in plan.steps:
        mark = f" ✓ {s.status}" if s.status in _DONE else ""
        lines.append(f'    s{s.number}["{s.number}. {s.phase}: {_mermaid_text(s.title)}{mark}"]')
    for s in plan.steps:
        lines += [f"    s{d} --> s{s.number}" for d in s.depends_on]
    styles = {
        "expand": "fill:#e3f2fd,stroke:#1e88e5",
        "migrate": "fill:#e8f5e9,stroke:#43a047",
        "deprecate": "fill:#fff8e1,stroke:#f9a825",
        "flip": "fill:#f3e5f5,stroke:#8e24aa",
        "contract": "fill:#ffebee,stroke:#e53935",
    }
    database = "fill:#e0f7fa,stroke:#00838f"  # a schema refactoring's database steps
    code = "fill:#e8f5e9,stroke:#43a047"  # and its code steps
    used = {s.phase for s in plan.steps}
    for phase in PHASES:
        style = styles.get(phase) or (database if is_database_phase(phase) else code)
        if phase in styles or phase in used:
            lines.append(f"    classDef {phase} {style}")
    lines.append(
        "    classDef applied fill:#eeeeee,stroke:#9e9e9e,color:#616161,stroke-dasharray:4 3"
    )
    for phase in PHASES:
        ids = [f"s{s.number}" for s in plan.steps if s.phase == phase]
        if ids:
            lines.append(f"    class {','.join(ids)} {phase}")
    done = [f"s{s.number}" for s in plan.steps if s.status in _DONE]
    if done:
        lines.append(f"    class {','.join(done)} applied")
    return "\n".join(lines)


def _of_phase(plan: Plan, *phases: str) -> list[Step]:
    return [s for s in plan.steps if s.phase in phases]


# -- renderers ---------------------------------------------------------------------------------


def render_plan_md(plan: Plan) -> str:
    """PLAN.md: the migration plan a team reads and discusses."""
    kinds = {r.id: r.kind for r in plan.refactors}
    flags = [
        (r.id, _args(plan, r.id).get("flag", ""))
        for r in plan.refactors
        if r.kind == "replace-dependency"
    ]
    return (
        _env()
        .get_template("PLAN.md.j2")
        .render(
            plan=plan,
            base=f"`{plan.base}`" if plan.base else "the current branch",
            applied=[s for s in plan.steps if s.status in _DONE],
            rewritten=sum(s.rewritten for s in plan.steps),
            review=sum(len(s.review) for s in plan.steps),
            highest=_highest_risk(plan.steps),
            expand=_of_phase(plan, "expand"),
            migrate=_of_phase(plan, "migrate"),
            deprecate=_of_phase(plan, "deprecate"),
            flip=_of_phase(plan, "flip"),
            contract=[s for s in _of_phase(plan, "contract") if not _replaces(plan, s)],
            contract_dependency=[s for s in _of_phase(plan, "contract") if _replaces(plan, s)],
            no_return=[s for s in plan.steps if s.rollback.point_of_no_return],
            deprecations=[d for r in plan.refactors for d in deprecations(plan, r)],
            flags=flags,
            kinds=kinds,
            changes={s.number: change_lines(plan, s) for s in plan.steps},
            mermaid=mermaid(plan),
            databases=databases(plan),
        )
    )


def render_pr_body(plan: Plan, step: Step) -> str:
    """The pull request description of one step, ending with the commit's trailers."""
    summary = _refactor(plan, step)
    return (
        _env()
        .get_template("pr_body.md.j2")
        .render(
            plan=plan,
            step=step,
            total=max((s.number for s in plan.steps), default=0),
            refactor_text=summary.description if summary is not None else "",
            kind=summary.kind if summary is not None else "",
            ratings=_ratings(step),
            changes=change_lines(plan, step),
            warning_test=warning_test_line(plan, step),
            branch=branch_line(plan, step),
            changelog=changelog_lines(plan, step),
        )
    )


def _ratings(step: Step) -> list[tuple[str, Rating]]:
    return [
        ("Complexity", step.risk.complexity),
        ("Risk", step.risk.risk),
        ("Duration", step.risk.duration),
    ]


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int]
) -> list[str]:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def render_summary_table(plan: Plan) -> str:
    """The plan as a plain-text table for the terminal, then a line of totals (no end newline)."""
    header = (
        "#",
        "phase",
        "refactoring",
        "files",
        "rewrites",
        "review",
        "risk",
        "duration",
        "depends on",
        "status",
    )
    rows = [
        (
            str(s.number),
            s.phase,
            s.refactor,
            str(len(s.files)),
            str(s.rewritten),
            str(len(s.review)),
            s.risk.risk.level,
            s.risk.duration.level,
            numbers(s.depends_on, "-"),
            s.status,
        )
        for s in plan.steps
    ]
    lines = _table(header, rows, frozenset({0, 3, 4, 5}))
    rewritten = sum(s.rewritten for s in plan.steps)
    review = sum(len(s.review) for s in plan.steps)
    lines.append(
        f"{_plural(len(plan.steps), 'step')}; {_plural(rewritten, 'reference')} rewritten; "
        f"{review} left for manual review"
    )
    return "\n".join(lines)


def _rating_lines(name: str, rating: Rating) -> list[str]:
    lines = [f"  {name}: {rating.level}"]
    lines += [f"    - {r}" for r in rating.reasons]
    lines += [f"    lowered by: {x}" for x in rating.lower_by]
    return lines


def _site_lines(sites: Sequence[Site]) -> list[str]:
    by_file: dict[str, list[Site]] = {}
    for site in sites:
        by_file.setdefault(site.path, []).append(site)
    lines: list[str] = []
    for path in sorted(by_file):
        lines.append(f"  {path}")
        group = sorted(by_file[path], key=lambda s: (s.line, s.col))
        where = [f"{s.line}:{s.col}" for s in group]
        w_where = max(len(w) for w in where)
        w_action = max(len(s.action) for s in group)
        w_kind = max(len(s.kind) for s in group)
        for w, s in zip(where, group, strict=True):
            reason = f" — {s.reason}" if s.reason else ""
            refers = f" (refers to {s.target})" if s.target != s.written else ""
            lines.append(
                f"    {w.ljust(w_where)}  {s.action.ljust(w_action)}  {s.kind.ljust(w_kind)}  "
                f"{s.written}{refers}{reason}"
            )
    return lines


def _listing(title: str, items: Sequence[str], empty: str = "none") -> list[str]:
    if not items:
        return [f"{title}: {empty}"]
    return [f"{title} ({len(items)}):", *(f"  {x}" for x in items)]


def render_step(plan: Plan, step: Step) -> str:
    """Everything in one step, for ``refcoord show step N`` (no final newline)."""
    summary = _refactor(plan, step)
    kind = f" ({summary.kind})" if summary is not None else ""
    kept = sum(1 for s in step.sites if s.action not in ("rewrite", "review"))
    rb = step.rollback
    lines = [
        f"Step {step.number} — {step.title}",
        f"status: {step.status}",
        f"phase: {step.phase}",
        f"refactoring: {step.refactor}{kind}",
        f"key: {step.key}",
        f"depends on: {numbers(step.depends_on)}",
        f"may run in parallel with: {numbers(step.parallel_with)}",
        f"why this order: {step.why}",
        *_listing("files", step.files),
        (
            f"references: {step.rewritten} rewritten, {len(step.review)} for manual review, "
            f"{kept} kept"
        ),
    ]
    if step.review:
        lines.append("manual review:")
        lines += [f"  {s.path}:{s.line} — {s.reason}" for s in step.review]
    lines.append("risk:")
    for name, rating in _ratings(step):
        lines += _rating_lines(name.lower(), rating)
    lines += [
        "rollback:",
        f"  how: {rb.how}",
        f"  revert first: {numbers(rb.revert_first, 'nothing')}",
        f"  point of no return: {'yes' if rb.point_of_no_return else 'no'}",
        f"  note: {rb.note}",
        *_listing("tests", step.tests, "no test file imports the touched modules"),
        f"codemod: {step.codemod.id}",
        *(f"  {k} = {_shown_arg(v)}" for k, v in step.codemod.args),
        f"PR title: {step.pr_title}",
    ]
    if step.notes:
        lines += ["notes:", *(f"  - {n}" for n in step.notes)]
    lines.append("sites (by file):" if step.sites else "sites: none")
    lines += _site_lines(step.sites)
    if step.pr_body:
        lines += ["PR body:", *(f"  {x}".rstrip() for x in step.pr_body.splitlines())]
    return "\n".join(lines)


__all__ = [
    "Deprecation",
    "branch_line",
    "change_lines",
    "changelog_lines",
    "deprecations",
    "mermaid",
    "numbers",
    "render_plan_md",
    "render_pr_body",
    "render_step",
    "render_summary_table",
    "warning_test_line",
]


def _shown_arg(value: ArgValue) -> str:
    """A codemod argument as ``show step`` prints it: text as it is, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(list(value) if isinstance(value, tuple) else value)
