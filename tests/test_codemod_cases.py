"""Every registered codemod's before/after cases (:mod:`refactor_coord.rewrite.cases`), which
live beside the codemod: a codemod without any fails here, so none ships without cases."""

from __future__ import annotations

from typing import Any

import pytest

from refactor_coord.analysis.in_memory import proven_references
from refactor_coord.registry import Codemod, load_registry
from refactor_coord.rewrite.cases import Case, cases_of, run_case
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.step import NoArgs, StepCodemod, StepInput, StepOutput

CODEMODS = dict(sorted(load_registry().codemods.items()))


def _params() -> list[Any]:
    return [
        pytest.param(codemod, case, id=f"{codemod_id}:{case.name}")
        for codemod_id, codemod in CODEMODS.items()
        for case in cases_of(codemod)
    ]


@pytest.mark.parametrize("codemod_id", CODEMODS)
def test_every_codemod_has_cases(codemod_id: str) -> None:
    cases = cases_of(CODEMODS[codemod_id])
    assert cases, f"{codemod_id} has no before/after cases (see refactor_coord.rewrite.cases)"
    names = [case.name for case in cases]
    assert len(set(names)) == len(names), f"{codemod_id}: case names repeat"


@pytest.mark.parametrize(("codemod", "case"), _params())
def test_case(codemod: Codemod, case: Case) -> None:
    mismatch = run_case(codemod, case, proven_references)
    assert mismatch is None, mismatch


# ------------------------------------------------------------------------------------------------
# the case mechanism itself
# ------------------------------------------------------------------------------------------------


class _Marker(StepCodemod[NoArgs]):
    """Appends a marker to the step's files; deletes ``gone.py``; refuses an empty file."""

    ID = "test.marker"
    CASES = (Case("marks", {}, {"a.py": "x = 1\n"}, {"a.py": "x = 1\n# marked\n"}),)

    def apply(self, given: StepInput, args: NoArgs) -> StepOutput | Refused:
        out: StepOutput = {"gone.py": None}
        for path in given.step.files:
            text = given.read(path)
            if not text:
                return Refused(f"{path} is empty")
            out[path] = text + "# marked\n"
        return out


def test_a_codemod_without_cases_has_none_and_one_may_hold_them_itself() -> None:
    class Bare(StepCodemod[NoArgs]):
        ID = "test.bare"

    assert cases_of(Bare) == ()
    assert [case.name for case in cases_of(_Marker)] == ["marks"]
    assert run_case(_Marker, _Marker.CASES[0]) is None


def test_a_mismatch_is_described_file_by_file() -> None:
    before = {"a.py": "x = 1\n", "b.py": "y = 2\r\n", "gone.py": "z = 3\n", "c.txt": "kept"}
    right = Case("right", {}, before, {"a.py": "x = 1\n# marked\n"}, files=("a.py",))
    assert run_case(_Marker, right) is not None  # gone.py was deleted, which it does not say
    deleted = Case("deleted", {}, before, {**right.after, "gone.py": None}, files=("a.py",))
    assert run_case(_Marker, deleted) is None
    wrong = Case("wrong", {}, before, {"b.py": "y = 2\r\n# marked\r\n"}, files=("b.py",))
    mismatch = run_case(_Marker, wrong)
    assert mismatch is not None
    # a line end a terminal would not show is spelled out
    assert "--- b.py (expected)" in mismatch and "-'# marked\\r'\n+# marked\n" in mismatch
    assert "gone.py: expected a file of 6 characters, got no file" in mismatch


def test_a_refusal_and_bad_arguments_are_checked() -> None:
    refused = Case("empty", {}, {"a.py": ""}, refused="a.py is empty")
    assert run_case(_Marker, refused) is None
    other = Case("other", {}, {"a.py": ""}, refused="something else")
    assert "refused for another reason" in (run_case(_Marker, other) or "")
    not_refused = Case("full", {}, {"a.py": "x\n"}, refused="a.py is empty")
    assert "expected a refusal" in (run_case(_Marker, not_refused) or "")
    bad = Case("bad", {"nope": "1"}, {"a.py": "x\n"}, {"a.py": "x\n# marked\n"})
    assert "unknown argument 'nope'" in (run_case(_Marker, bad) or "")
    with pytest.raises(ValueError, match="both files after and a refusal"):
        Case("both", {}, {}, {"a.py": ""}, refused="x")
