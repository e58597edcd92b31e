"""A plan as versioned, deterministic JSON (``.refcoord/<campaign>/plan.json``) and back.

Every object's keys are sorted, except a codemod's ``args``: that object keeps the codemod's
argument order, which is part of the plan (so that reading gives back an equal plan). Each step
also carries the derived ``rewritten`` and ``review_count``, for readers of the file; they are
ignored when reading, since they follow from the step's sites.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from refactor_coord.domain.errors import PlanError
from refactor_coord.domain.plan import (
    PHASES,
    SCHEMA_VERSION,
    ArgValue,
    CodemodCall,
    Plan,
    Rating,
    RefactorSummary,
    Risk,
    Rollback,
    Site,
    Step,
)

STATUSES = ("planned", "applied", "done")

Json = dict[str, object]
T = TypeVar("T")


def plan_to_json(plan: Plan) -> str:
    """The plan as JSON text: same plan, same bytes (sorted keys, indent 2, trailing newline)."""
    return json.dumps(_plan(plan), indent=2, ensure_ascii=False) + "\n"


def plan_from_json(text: str, source: str) -> Plan:
    """The plan stored in ``text`` (read from ``source``, named in errors)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise PlanError(source, f"it is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise PlanError(source, "it does not hold a JSON object")
    if "schema" not in data:
        raise PlanError(source, "it has no 'schema' field, so it is not a refcoord plan")
    schema = data["schema"]
    if schema == 1 and not isinstance(schema, bool):
        data = _from_schema_1(data)
        schema = SCHEMA_VERSION
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        raise PlanError(
            source,
            f"it has schema version {json.dumps(schema)}, "
            f"this refcoord reads schema version {SCHEMA_VERSION}",
        )
    return _read_plan(_Obj(data, "", source))


#: Schema 1 stored every codemod argument as a string: lists joined with commas, flags as "true".
_SCHEMA_1_LISTS = ("symbols", "files", "rename_params")


def _from_schema_1(data: dict[str, object]) -> dict[str, object]:
    """A schema-1 plan's data as schema 2: its codemod arguments typed."""
    steps = data.get("steps")
    for step in steps if isinstance(steps, list) else ():
        codemod = step.get("codemod") if isinstance(step, dict) else None
        args = codemod.get("args") if isinstance(codemod, dict) else None
        if not isinstance(args, dict):
            continue
        for key, value in args.items():
            if key in _SCHEMA_1_LISTS and isinstance(value, str):
                args[key] = [v for v in value.split(",") if v]
            elif key == "star_imported" and value in ("true", "false"):
                args[key] = value == "true"
    return {**data, "schema": SCHEMA_VERSION}


# -- writing ---------------------------------------------------------------------------------


def _sorted(obj: Json) -> Json:
    return {k: obj[k] for k in sorted(obj)}


def _site(s: Site) -> Json:
    return _sorted(
        {
            "path": s.path,
            "line": s.line,
            "col": s.col,
            "kind": s.kind,
            "target": s.target,
            "written": s.written,
            "action": s.action,
            "reason": s.reason,
        }
    )


def _rating(r: Rating) -> Json:
    return _sorted({"level": r.level, "reasons": list(r.reasons), "lower_by": list(r.lower_by)})


def _codemod(c: CodemodCall) -> Json:
    names = [k for k, _ in c.args]
    if len(set(names)) != len(names):
        raise ValueError(f"codemod {c.id} has repeated argument names: {names}")
    args = {k: list(v) if isinstance(v, tuple) else v for k, v in c.args}
    return _sorted({"id": c.id, "args": args})


def _step(s: Step) -> Json:
    risk = s.risk
    rb = s.rollback
    return _sorted(
        {
            "number": s.number,
            "key": s.key,
            "refactor": s.refactor,
            "phase": s.phase,
            "title": s.title,
            "files": list(s.files),
            "sites": [_site(x) for x in s.sites],
            "depends_on": list(s.depends_on),
            "parallel_with": list(s.parallel_with),
            "why": s.why,
            "risk": _sorted(
                {
                    "complexity": _rating(risk.complexity),
                    "risk": _rating(risk.risk),
                    "duration": _rating(risk.duration),
                }
            ),
            "rollback": _sorted(
                {
                    "how": rb.how,
                    "revert_first": list(rb.revert_first),
                    "point_of_no_return": rb.point_of_no_return,
                    "note": rb.note,
                }
            ),
            "tests": list(s.tests),
            "codemod": _codemod(s.codemod),
            "pr_title": s.pr_title,
            "pr_body": s.pr_body,
            "status": s.status,
            "notes": list(s.notes),
            "rewritten": s.rewritten,
            "review_count": len(s.review),
        }
    )


def _refactor(r: RefactorSummary) -> Json:
    return _sorted(
        {
            "id": r.id,
            "kind": r.kind,
            "description": r.description,
            "old_names": list(r.old_names),
            "references": r.references,
            "steps": list(r.steps),
        }
    )


def _plan(p: Plan) -> Json:
    return _sorted(
        {
            "schema": p.schema,
            "campaign": p.campaign,
            "description": p.description,
            "base": p.base,
            "remove_in": p.remove_in,
            "warn": p.warn,
            "refactors": [_refactor(r) for r in p.refactors],
            "steps": [_step(s) for s in p.steps],
            "fingerprint": p.fingerprint,
        }
    )


# -- reading ---------------------------------------------------------------------------------


class _Obj:
    """A JSON object being read, with its location for error messages."""

    def __init__(self, data: dict[str, object], where: str, source: str) -> None:
        self.data = data
        self.where = where
        self.source = source

    def _fail(self, key: str, problem: str) -> PlanError:
        return PlanError(self.source, f"{self._at(key)} {problem}")

    def _at(self, key: str) -> str:
        return f"'{self.where}.{key}'" if self.where else f"'{key}'"

    def _get(self, key: str) -> object:
        if key not in self.data:
            raise self._fail(key, "is missing")
        return self.data[key]

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._fail(key, f"should be a string, not {_kind(value)}")
        return value

    def opt_text(self, key: str) -> str | None:
        value = self._get(key)
        if value is not None and not isinstance(value, str):
            raise self._fail(key, f"should be a string or null, not {_kind(value)}")
        return value

    def integer(self, key: str) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, f"should be an integer, not {_kind(value)}")
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._fail(key, f"should be true or false, not {_kind(value)}")
        return value

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise self._fail(key, f"is '{value}', which is not one of {', '.join(allowed)}")
        return value

    def obj(self, key: str) -> _Obj:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self._fail(key, f"should be an object, not {_kind(value)}")
        return _Obj(value, f"{self.where}.{key}" if self.where else key, self.source)

    def _list(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._fail(key, f"should be a list, not {_kind(value)}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        items = self._list(key)
        if not all(isinstance(v, str) for v in items):
            raise self._fail(key, "should be a list of strings")
        return tuple(str(v) for v in items)

    def integers(self, key: str) -> tuple[int, ...]:
        items = self._list(key)
        out: list[int] = []
        for v in items:
            if not isinstance(v, int) or isinstance(v, bool):
                raise self._fail(key, "should be a list of integers")
            out.append(v)
        return tuple(out)

    def objs(self, key: str, read: Callable[[_Obj], T]) -> tuple[T, ...]:
        out: list[T] = []
        for i, v in enumerate(self._list(key)):
            where = f"{self.where}.{key}[{i}]" if self.where else f"{key}[{i}]"
            if not isinstance(v, dict):
                raise PlanError(self.source, f"'{where}' should be an object, not {_kind(v)}")
            out.append(read(_Obj(v, where, self.source)))
        return tuple(out)

    def arg_map(self, key: str) -> tuple[tuple[str, ArgValue], ...]:
        """Codemod arguments: each a string, number, flag, null or list of strings (whether
        they fit the codemod is checked against its ``Args`` by the registry)."""
        out: list[tuple[str, ArgValue]] = []
        for name, value in self.obj(key).data.items():
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                out.append((name, tuple(value)))
            elif value is None or isinstance(value, (str, bool, int)):
                out.append((name, value))
            else:
                raise self._fail(
                    f"{key}.{name}",
                    f"should be a string, number, flag or list of strings, not {_kind(value)}",
                )
        return tuple(out)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _read_site(o: _Obj) -> Site:
    return Site(
        o.text("path"),
        o.integer("line"),
        o.integer("col"),
        o.text("kind"),
        o.text("target"),
        o.text("written"),
        o.text("action"),
        o.text("reason"),
    )


def _read_rating(o: _Obj) -> Rating:
    return Rating(o.text("level"), o.texts("reasons"), o.texts("lower_by"))


def _read_step(o: _Obj) -> Step:
    risk = o.obj("risk")
    rb = o.obj("rollback")
    codemod = o.obj("codemod")
    return Step(
        number=o.integer("number"),
        key=o.text("key"),
        refactor=o.text("refactor"),
        phase=o.choice("phase", PHASES),
        title=o.text("title"),
        files=o.texts("files"),
        sites=o.objs("sites", _read_site),
        depends_on=o.integers("depends_on"),
        parallel_with=o.integers("parallel_with"),
        why=o.text("why"),
        risk=Risk(
            _read_rating(risk.obj("complexity")),
            _read_rating(risk.obj("risk")),
            _read_rating(risk.obj("duration")),
        ),
        rollback=Rollback(
            rb.text("how"),
            rb.integers("revert_first"),
            rb.flag("point_of_no_return"),
            rb.text("note"),
        ),
        tests=o.texts("tests"),
        codemod=CodemodCall(codemod.text("id"), codemod.arg_map("args")),
        pr_title=o.text("pr_title"),
        pr_body=o.text("pr_body"),
        status=o.choice("status", STATUSES),
        notes=o.texts("notes"),
    )


def _read_refactor(o: _Obj) -> RefactorSummary:
    return RefactorSummary(
        o.text("id"),
        o.text("kind"),
        o.text("description"),
        o.texts("old_names"),
        o.integer("references"),
        o.integers("steps"),
    )


def _read_plan(o: _Obj) -> Plan:
    return Plan(
        schema=o.integer("schema"),
        campaign=o.text("campaign"),
        description=o.text("description"),
        base=o.opt_text("base"),
        remove_in=o.opt_text("remove_in"),
        warn=o.text("warn"),
        refactors=o.objs("refactors", _read_refactor),
        steps=o.objs("steps", _read_step),
        fingerprint=o.text("fingerprint"),
    )


__all__ = ["plan_from_json", "plan_to_json"]
