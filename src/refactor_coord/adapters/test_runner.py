"""Run the project's own tests in a subprocess (never in refcoord's interpreter), with the
project's own interpreter: refcoord may well be installed apart from the project (pipx, its own
virtual environment), and then its interpreter does not have the project's dependencies."""

from __future__ import annotations

import io
import os
import queue
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

#: where a project keeps its virtual environment, relative to the repository
VENV_FOLDERS = (".venv", "venv", "env", ".env")


@dataclass(frozen=True, slots=True)
class SuiteRun:
    """What a run of a project command (its tests, its lint) did."""

    command: tuple[str, ...]
    passed: bool
    exit_code: int
    output: str  #: stdout and stderr, interleaved as printed (all of it)
    python: str = ""  #: which interpreter ``python`` meant, and why (empty: not used)
    seconds: float = 0.0  #: how long it ran

    def tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the output."""
        return "\n".join(self.output.strip().splitlines()[-lines:])


#: Called while a command runs, at most every 0.25 s and at least every second: the output so
#: far and the seconds since it started.
Watch = Callable[[str, float], None]


def project_python(repo: Path, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The project's interpreter and why: the activated virtual environment (``VIRTUAL_ENV``),
    else one in the repository (``.venv/``, ``venv/``, ``env/``, ``.env/``), else the one refcoord
    runs on."""
    environ = os.environ if environ is None else environ
    candidates: list[tuple[Path, str]] = []
    if environ.get("VIRTUAL_ENV"):
        candidates.append((Path(environ["VIRTUAL_ENV"]), "the activated virtual environment"))
    candidates += [(repo / folder, f"the repository's {folder}/") for folder in VENV_FOLDERS]
    for venv, why in candidates:
        for python in (venv / "bin" / "python", venv / "Scripts" / "python.exe"):
            if python.is_file():
                return str(python), why
    return sys.executable, "the interpreter refcoord runs on (no virtual environment found)"


def run_tests(
    repo: Path,
    command: Sequence[str],
    files: Sequence[str],
    *,
    timeout: float = 1800,
    log: Path | None = None,
    watch: Watch | None = None,
    env: Mapping[str, str] | None = None,
) -> SuiteRun:
    """Run ``command`` plus ``files`` in ``repo``; a ``python`` (or ``python3``) at its head
    means the project's interpreter (:func:`project_python`). The output is streamed: appended
    to ``log`` as it comes (with the command line first), and shown to ``watch``. ``env``:
    variables set for the run (and every process it starts)."""
    python, why = project_python(repo) if command[0] in ("python", "python3") else ("", "")
    argv = [python or command[0], *command[1:], *files]
    started = time.monotonic()
    with _log_file(log) as sink:
        shown_env = "".join(f"{k}={shlex.quote(v)} " for k, v in (env or {}).items())
        sink.write(f"$ {shown_env}{shlex.join(argv)}\n".encode())
        try:
            code, output = _stream(argv, repo, timeout, sink, watch, env or {})
        except OSError as error:
            code, output = -1, str(error)
            sink.write(f"{output}\n".encode())
    seconds = time.monotonic() - started
    return SuiteRun(tuple(argv), code == 0, code, output, _shown(python, why), seconds)


def _stream(
    argv: list[str],
    repo: Path,
    timeout: float,
    sink: BinaryIO,
    watch: Watch | None,
    extra: Mapping[str, str],
) -> tuple[int, str]:
    """Run ``argv``, its output (stderr joined to stdout) read by a thread and written to
    ``sink`` as it comes; the exit code (-1: killed at ``timeout``) and the output."""
    # PYTHONUNBUFFERED: a progress line as soon as it is printed
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **extra}
    process = subprocess.Popen(
        argv, cwd=repo, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    chunks: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, chunks), daemon=True).start()
    output = bytearray()
    started = shown = time.monotonic()
    try:
        while (chunk := _next_chunk(chunks)) != b"":
            output += chunk or b""
            sink.write(chunk or b"")
            now = time.monotonic()
            if now - started > timeout:
                process.kill()
                note = f"\nrefcoord: stopped after {timeout:.0f} s (the time limit)\n"
                sink.write(note.encode())
                return -1, output.decode("utf-8", "replace") + note
            if watch is not None and (chunk is None or now - shown >= 0.25):
                watch(output.decode("utf-8", "replace"), now - started)
                shown = now
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    return process.returncode, output.decode("utf-8", "replace")


def _next_chunk(chunks: queue.Queue[bytes]) -> bytes | None:
    """The next piece of output; None when none came for a second; empty at the end."""
    try:
        return chunks.get(timeout=1.0)
    except queue.Empty:
        return None


def _pump(stream: IO[bytes], chunks: queue.Queue[bytes]) -> None:
    """Move a pipe's output into ``chunks``, an empty chunk at its end."""
    with stream:
        while chunk := os.read(stream.fileno(), 65536):
            chunks.put(chunk)
    chunks.put(b"")


@contextmanager
def _log_file(log: Path | None) -> Iterator[BinaryIO]:
    """``log`` opened for appending (its folder made), or a sink that keeps nothing."""
    if log is None:
        yield cast(BinaryIO, io.BytesIO())
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as file:
        yield file


def _shown(python: str, why: str) -> str:
    return f"{python} ({why})" if python else ""


def installed_version(repo: Path, distribution: str) -> str | None:
    """The version of ``distribution`` installed for the project's interpreter (its metadata),
    or None when it is not installed there."""
    python, _ = project_python(repo)
    code = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))"
    try:
        done = subprocess.run(
            [python, "-c", code, distribution],
            cwd=repo, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
