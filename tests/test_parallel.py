"""fork_map: work on forked workers that inherit what they need."""

from __future__ import annotations

import os
import sys
from concurrent.futures.process import BrokenProcessPool

import pytest

from refactor_coord.adapters.parallel import fork_map

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no fork")


def test_tasks_reach_inherited_data_and_results_come_back_in_order() -> None:
    unpicklable = {"lock": __import__("threading").Lock(), "base": 40}
    assert fork_map(lambda i: unpicklable["base"] + i, 3) == [40, 41, 42]


def test_a_worker_that_dies_raises_instead_of_hanging() -> None:
    with pytest.raises(BrokenProcessPool):
        fork_map(lambda i: os._exit(3) if i == 1 else i, 2)
