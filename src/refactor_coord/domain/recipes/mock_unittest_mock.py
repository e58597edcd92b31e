"""mock -> unittest.mock: the backport and the standard library (pure data).

mock (5.x) is a backport of the newest CPython's unittest.mock: each public name of it maps to
its namesake (``mock.patch`` -> ``unittest.mock.patch``), listed one by one so that a name no
entry knows is a stub, not a guess; the names the standard library lacks are stubs with why.
"""

from __future__ import annotations

from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, name, stub, value

_THREADING_MOCK = stub(
    "unittest.mock.ThreadingMock exists from Python 3.13 on only: map it in [refactor.map] "
    "once the project requires 3.13, or keep mock for the tests that use it"
)
_VERSION = stub(
    "unittest.mock has no version of its own: test sys.version_info for the features needed"
)

#: unittest.mock's public names on Python 3.8 and later (ThreadingMock: 3.13, below)
_SAME = (
    "ANY", "DEFAULT", "FILTER_DIR", "AsyncMock", "MagicMock", "Mock", "NonCallableMagicMock",
    "NonCallableMock", "PropertyMock", "call", "create_autospec", "mock_open", "patch", "seal",
    "sentinel",
)  # fmt: skip

_ENTRIES: dict[str, Target] = {
    # the module itself, where code keeps it whole: unittest.mock stands for all of it
    "mock": value("mock", "from unittest import mock"),
    "mock.mock": value("mock", "from unittest import mock"),
    **{f"mock.{n}": name(f"unittest.mock.{n}") for n in _SAME},
    **{f"mock.mock.{n}": name(f"unittest.mock.{n}") for n in _SAME},
    "mock.ThreadingMock": _THREADING_MOCK,
    "mock.mock.ThreadingMock": _THREADING_MOCK,
    "mock.version_info": _VERSION,
    "mock.__version__": _VERSION,
    "mock.backports": stub("mock's own compatibility helpers, with no standard-library twin"),
}

RECIPE = Recipe(
    id="mock-unittest-mock",
    old="mock",
    new="unittest.mock",
    old_distribution="mock",
    requirement=None,
    entries=MappingProxyType(_ENTRIES),
    differences=(
        (
            "mock 5.x backports the newest CPython's unittest.mock; on an older Python the "
            "standard library's lacks later additions and fixes (ThreadingMock: 3.13; "
            "AsyncMock, call_args.args/.kwargs: 3.8; seal: 3.7): run the suite on the oldest "
            "Python the project supports"
        ),
        (
            "mock's objects are not unittest.mock's: isinstance(m, unittest.mock.Mock) is false "
            "for a mock.Mock, and mock.DEFAULT, mock.sentinel and mock.ANY are other objects; "
            "code mixing the two libraries (a side_effect returning mock.DEFAULT to a "
            "unittest.mock mock returns the sentinel itself) breaks until every use moves over"
        ),
        (
            "pytest-mock's mocker uses unittest.mock unless `mock_use_standalone_module = true` "
            "is set: drop that setting with mock, or the mocker keeps importing it"
        ),
        (
            "mock.version_info and mock.__version__ have no equivalent (stubs): version checks "
            "become sys.version_info checks"
        ),
    ),
    companions=("types-mock",),
)
