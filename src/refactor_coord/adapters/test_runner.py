"""Run the project's own tests in a subprocess (never in refcoord's interpreter)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SuiteRun:
    """What a test run did."""

    command: tuple[str, ...]
    passed: bool
    exit_code: int
    output: str  #: the last lines of stdout and stderr


def run_tests(
    repo: Path, command: Sequence[str], files: Sequence[str], *, timeout: float = 1800
) -> SuiteRun:
    """Run ``command`` (``python`` meaning this interpreter) plus ``files`` in ``repo``."""
    argv = [
        sys.executable if command[0] in ("python", "python3") else command[0],
        *command[1:],
        *files,
    ]
    try:
        done = subprocess.run(
            argv, cwd=repo, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return SuiteRun(tuple(argv), False, -1, str(error))
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-40:])
    return SuiteRun(tuple(argv), done.returncode == 0, done.returncode, tail)
