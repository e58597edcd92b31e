"""Questions about the project's environment, answered by the project's own interpreter (a
subprocess: refcoord's interpreter may not have the project's dependencies): which qualified
names can be imported or reached, and which distribution provides a top-level import name."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path

from refactor_coord.adapters.test_runner import project_python

_PROBE = r"""
import importlib, importlib.metadata, json, sys
found = []
for name in json.loads(sys.argv[1]):
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:cut]))
        except Exception:
            continue
        try:
            for part in parts[cut:]:
                value = getattr(value, part)
        except AttributeError:
            break
        found.append(name)
        break
wanted = json.loads(sys.argv[2])
owners = importlib.metadata.packages_distributions() if wanted else {}
print(json.dumps({"found": found, "owners": {n: (owners.get(n) or [None])[0] for n in wanted}}))
"""


class ProjectEnvironment:
    """The project interpreter's answers, asked once per batch of names and kept."""

    def __init__(self, repo: Path, timeout: float = 60) -> None:
        self.repo = repo
        self.timeout = timeout
        self._found: dict[str, bool] = {}
        self._owners: dict[str, str | None] = {}

    def resolves(self, names: tuple[str, ...]) -> frozenset[str]:
        """Those of ``names`` the project's interpreter can import or reach as attributes."""
        self._ask([n for n in names if n not in self._found], [])
        return frozenset(n for n in names if self._found.get(n))

    def distribution_of(self, top: str) -> str | None:
        """The installed distribution that provides the import name ``top`` (None: none)."""
        if top not in self._owners:
            self._ask([], [top])
        return self._owners.get(top)

    def _ask(self, names: Sequence[str], tops: Sequence[str]) -> None:
        if not names and not tops:
            return
        python, _ = project_python(self.repo)
        argv = [python, "-c", _PROBE, json.dumps(list(names)), json.dumps(list(tops))]
        try:
            done = subprocess.run(
                argv,
                cwd=self.repo,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
            answer = json.loads(done.stdout) if done.returncode == 0 else {}
        except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
            answer = {}
        found = set(answer.get("found", []))
        self._found.update({n: n in found for n in names})
        self._owners.update({t: answer.get("owners", {}).get(t) for t in tops})
