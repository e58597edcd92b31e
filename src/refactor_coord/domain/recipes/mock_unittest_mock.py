"""mock -> unittest.mock: the backport and the standard library (pure data).

mock (5.x) is a backport of the newest CPython's unittest.mock, so the whole package maps to
it by module (``mock.patch`` -> ``unittest.mock.patch``); only the names the standard library
lacks, on some supported Python or on all, are entries of their own.
"""

from __future__ import annotations

from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, module, stub

_THREADING_MOCK = stub(
    "unittest.mock.ThreadingMock exists from Python 3.13 on only: map it in [refactor.map] "
    "once the project requires 3.13, or keep mock for the tests that use it"
)
_VERSION = stub(
    "unittest.mock has no version of its own: test sys.version_info for the features needed"
)

_ENTRIES: dict[str, Target] = {
    "mock": module("unittest.mock"),
    "mock.mock": module("unittest.mock"),
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
