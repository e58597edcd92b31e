"""Git, through GitPython: the only module that talks to git."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Self

import git

from refactor_coord.domain.errors import GitError


def init_and_commit(path: Path, message: str) -> str:
    """Make ``path`` a git repository on branch ``main``, everything committed; returns the sha."""
    with git.Repo.init(path, initial_branch="main") as repo, repo.config_writer() as cfg:
        if not _has(repo, "user", "name"):
            cfg.set_value("user", "name", "refcoord demo")
        if not _has(repo, "user", "email"):
            cfg.set_value("user", "email", "demo@refcoord.invalid")
    return commit_all(path, message)


def commit_all(path: Path, message: str) -> str:
    """Stage everything (what .gitignore allows) and commit; returns the sha."""
    with git.Repo(path) as repo:  # closing it ends GitPython's persistent git processes
        repo.git.add(A=True)
        repo.index.commit(message)
        return str(repo.head.commit.hexsha)


def _has(repo: git.Repo, section: str, option: str) -> bool:
    try:
        return bool(repo.config_reader().get_value(section, option))
    except Exception:  # noqa: BLE001 - GitPython raises configparser errors of several kinds
        return False


def applied_steps(path: Path, campaign: str, ref: str = "HEAD") -> frozenset[int]:
    """Step numbers whose commits (trailers ``Refcoord-Campaign`` and ``Refcoord-Step``) are in
    the history of ``ref`` (a squash merge that keeps the trailers counts too); empty when
    ``path`` is not a git repository, has no commits or no such ``ref``."""
    return frozenset(n for n, (applied, _) in step_history(path, campaign, ref).items() if applied)


def step_history(path: Path, campaign: str, ref: str = "HEAD") -> dict[int, tuple[bool, str]]:
    """Each step the history of ``ref`` has a commit for: whether its newest one applies it (a
    rollback's revert says no), and that commit's hash."""
    try:
        with git.Repo(path, search_parent_directories=False) as repo:
            log = repo.git.log(
                "--format=%H%x01%B%x00", "--grep", f"Refcoord-Campaign: {campaign}", ref, "--"
            )
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError):
        return {}
    latest: dict[int, tuple[bool, str]] = {}  # newest commits first
    for entry in log.split("\x00"):
        sha, _, message = entry.strip().partition("\x01")
        lines = dict(_trailer(line) for line in message.splitlines() if ":" in line)
        if lines.get("Refcoord-Campaign") == campaign and lines.get("Refcoord-Step", "").isdigit():
            applied = "Refcoord-Reverted" not in lines
            latest.setdefault(int(lines["Refcoord-Step"]), (applied, sha))
    return latest


def _trailer(line: str) -> tuple[str, str]:
    key, _, value = line.partition(":")
    return key.strip(), value.strip()


def dirty_paths(path: Path) -> list[str]:
    """Paths with uncommitted changes or untracked (and not ignored); empty when clean. Read from
    ``git status -z``: paths as they are (no quoting), both sides of a rename."""
    with git.Repo(path) as repo:
        status = repo.git.status("--porcelain", "-z", "--untracked-files=all")
    found: list[str] = []
    entries = iter(status.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        found.append(entry[3:])
        if entry[0] in "RC":  # a rename or copy: the next entry is where it came from
            found.append(next(entries, ""))
    return [p for p in found if p]


def is_repository(path: Path) -> bool:
    """Whether ``path`` is the top of a git work tree with at least one commit."""
    try:
        with git.Repo(path) as repo:
            return (
                Path(repo.working_tree_dir or "").resolve() == path.resolve()
                and repo.head.is_valid()
            )
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False


def current_branch(path: Path) -> str | None:
    """The checked-out branch, or None on a detached HEAD."""
    with git.Repo(path) as repo:
        return None if repo.head.is_detached else repo.active_branch.name


def branch_exists(path: Path, name: str) -> bool:
    """Whether a local branch ``name`` exists."""
    with git.Repo(path) as repo:
        return name in [h.name for h in repo.heads]


def local_branches(path: Path) -> frozenset[str]:
    """The names of the local branches (none outside a git repository)."""
    try:
        with git.Repo(path) as repo:
            return frozenset(h.name for h in repo.heads)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return frozenset()


def create_branch(path: Path, name: str, start: str = "HEAD", base: str | None = None) -> None:
    """Create ``name`` at ``start`` and check it out (uncommitted changes are carried over, as
    ``git switch`` does; GitError when they would be overwritten). ``base``: the branch the
    stack is cut from, kept in the branch's git configuration (:func:`recorded_base`)."""
    with git.Repo(path) as repo:
        try:
            repo.git.switch("--quiet", "--create", name, start)
        except git.GitCommandError as error:
            stderr = str(error.stderr).strip().splitlines()
            raise GitError(
                f"cannot create branch {name} from {start}: {stderr[-1] if stderr else error}"
            ) from None
        if base is not None:
            with repo.config_writer() as cfg:
                cfg.set_value(f'branch "{name}"', _BASE_KEY, base)


_BASE_KEY = "refcoord-base"


def recorded_base(path: Path, branch: str) -> str | None:
    """The base branch refcoord recorded when it created ``branch`` (None when it did not)."""
    with git.Repo(path) as repo:
        try:
            return str(repo.config_reader().get_value(f'branch "{branch}"', _BASE_KEY)) or None
        except Exception:  # noqa: BLE001 - GitPython raises configparser errors of several kinds
            return None


def ref_exists(path: Path, ref: str) -> bool:
    """Whether ``ref`` names a commit (a branch, a tag, a sha)."""
    with git.Repo(path) as repo:
        try:
            repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
        except git.GitCommandError:
            return False
        return True


def is_merged(path: Path, ref: str, into: str = "HEAD") -> bool:
    """Whether the commit ``ref`` is in the history of ``into``."""
    with git.Repo(path) as repo:
        try:
            repo.git.merge_base("--is-ancestor", ref, into)
        except git.GitCommandError:
            return False
        return True


def differing_paths(path: Path, ref: str, paths: list[str]) -> list[str]:
    """Which of ``paths`` differ between the commit ``ref`` and HEAD."""
    with git.Repo(path) as repo:
        out = repo.git.diff("--name-only", "--no-renames", ref, "HEAD", "--", *paths)
    return [line for line in str(out).splitlines() if line]


def merge_into(path: Path, branch: str, into: str, message: str) -> str:
    """Switch to ``into`` and merge ``branch`` there with a merge commit, as landing a pull
    request does; returns the merge commit's sha."""
    with git.Repo(path) as repo:
        try:
            repo.git.switch("--quiet", into)
            repo.git.merge("--quiet", "--no-ff", "-m", message, branch)
        except git.GitCommandError as error:
            stderr = str(error.stderr).strip().splitlines()
            raise GitError(
                f"cannot merge {branch} into {into}: {stderr[-1] if stderr else error}"
            ) from None
        return str(repo.head.commit.hexsha)


def checkout(path: Path, name: str) -> None:
    """Check out an existing branch."""
    with git.Repo(path) as repo:
        repo.heads[name].checkout()


def delete_branch(path: Path, name: str) -> None:
    """Delete a local branch (force)."""
    with git.Repo(path) as repo:
        repo.delete_head(name, force=True)


def commit_paths(path: Path, paths: list[str], message: str) -> str:
    """Stage exactly ``paths`` (additions, changes and deletions; also paths a .gitignore
    pattern covers, such as ``.refcoord/`` under ``.*``: the step writes them to be committed)
    and commit; returns the sha. On failure nothing stays staged."""
    with git.Repo(path) as repo:
        try:  # the git binary: GitPython's own index code is slow on large trees
            repo.git.add("--all", "--force", "--", *paths)
            repo.git.commit("--quiet", "--no-verify", "-m", message)
        except git.GitCommandError as error:
            repo.git.reset("--quiet", "--", *paths)
            stderr = str(error.stderr).strip().splitlines()
            raise GitError(f"git commit failed: {stderr[-1] if stderr else error}") from None
        return str(repo.head.commit.hexsha)


def step_commit(path: Path, campaign: str, step: int) -> str | None:
    """The newest commit in HEAD's history with the step's trailers (and not reverted since)."""
    with git.Repo(path) as repo:
        log = repo.git.log("--format=%H%x01%B%x00", "--grep", f"Refcoord-Campaign: {campaign}")
    for entry in log.split("\x00"):
        sha, _, message = entry.strip().partition("\x01")
        fields = dict(_trailer(line) for line in message.splitlines() if ":" in line)
        if fields.get("Refcoord-Campaign") == campaign and fields.get("Refcoord-Step") == str(
            step
        ):
            return None if fields.get("Refcoord-Reverted") else sha
    return None


def commit_diff(path: Path, sha: str) -> str:
    """The change a commit made, as a unified diff (``a/`` and ``b/`` prefixes)."""
    with git.Repo(path) as repo:
        return str(repo.git.show("--format=", "--no-color", "--no-ext-diff", sha)) + "\n"


def revert(path: Path, sha: str, message: str) -> str:
    """Revert one commit with ``message``; returns the new commit's sha."""
    with git.Repo(path) as repo:
        repo.git.revert("--no-commit", sha)
        # git's own commit ends the revert (an index commit left it in progress, and a later
        # `git switch` refused: 'Consider "git revert --quit"')
        repo.git.commit("--quiet", "--no-verify", "-m", message)
        return str(repo.head.commit.hexsha)


def latest_tag(path: Path) -> str | None:
    """The most recent tag reachable from HEAD (``git describe --tags --abbrev=0``), or None."""
    try:
        with git.Repo(path) as repo:
            return str(repo.git.describe("--tags", "--abbrev=0")).strip() or None
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


@dataclass(frozen=True, slots=True)
class CommitChange:
    """A commit of a first-parent history and the files it changed against its first parent."""

    sha: str
    date: str  #: committer date, ISO 8601
    subject: str
    changed: tuple[tuple[str, str | None], ...]  #: (path, new blob; None when deleted)


_NO_BLOB = "0" * 40


def first_parent_changes(path: Path, ref: str, since: str | None = None) -> list[CommitChange]:
    """The first-parent history of ``ref`` (``since``: only commits after that date), oldest
    first, each with the files it changed: one ``git log`` read, no checkout.

    Raises:
        GitError: ``ref`` is not a commit of the repository.
    """
    args = ["--first-parent", "--reverse", "--diff-merges=first-parent", "--raw", "-z"]
    args += ["--no-renames", "--no-abbrev", "--format=%x02%H%x01%cI%x01%s"]
    args += [f"--since={since}"] if since else []
    with _open(path) as repo:
        if not repo.head.is_valid():
            raise GitError(f"{path} has no commits yet: there is no history to read")
        try:
            out = repo.git.log(*args, ref, "--", strip_newline_in_stdout=False)
        except git.GitCommandError as error:
            raise GitError(f"cannot read the history of {ref!r}: {_complaint(error)}") from error
    return [_commit_change(chunk) for chunk in out.split("\x02") if chunk.strip()]


def _commit_change(chunk: str) -> CommitChange:
    header, _, raw = chunk.partition("\0")
    sha, date, subject = [*header.strip().split("\x01"), "", ""][:3]
    fields = raw.lstrip("\n").split("\0")
    changed = []
    for meta, name in zip(fields[0::2], fields[1::2], strict=False):
        parts = meta.split()
        if len(parts) >= 5:
            blob = parts[3]
            changed.append((name, None if blob == _NO_BLOB or parts[4] == "D" else blob))
    return CommitChange(sha, date, subject, tuple(changed))


def tree_blobs(path: Path, commit: str) -> dict[str, str]:
    """Path -> blob of every file in ``commit``'s tree (``git ls-tree -r``, no checkout)."""
    with _open(path) as repo:
        out = repo.git.ls_tree("-r", "-z", "--full-tree", commit, strip_newline_in_stdout=False)
    found: dict[str, str] = {}
    for entry in out.split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            found[name] = parts[2]
    return found


class BlobReader:
    """Reads blobs from the object database through one long-lived ``git cat-file`` process.
    Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self._repo = _open(path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._repo.close()

    def read(self, blob: str) -> bytes:
        """The content of one blob."""
        return bytes(self._repo.odb.stream(bytes.fromhex(blob)).read())


def _complaint(error: git.GitCommandError) -> str:
    """Git's own last line of complaint (GitPython wraps it as ``stderr: '...'``)."""
    text = str(error.stderr or error).strip().splitlines()
    last = (text[-1].strip() if text else str(error)).removeprefix("stderr:").strip()
    if len(last) > 1 and last[0] == last[-1] == "'":
        last = last[1:-1]
    return last.removeprefix("fatal: ")


def merge_base(path: Path, ref: str, other: str = "HEAD") -> str:
    """The merge-base of ``ref`` and ``other``.

    Raises:
        GitError: either is not a commit, or they share no history (or ``path`` is not a git
            repository).
    """
    with _open(path) as repo:
        try:
            return str(repo.git.merge_base(ref, other)).strip()
        except git.GitCommandError as error:
            raise GitError(
                f"cannot find where {other} left {ref!r}: {_complaint(error)}"
            ) from error


@dataclass(frozen=True, slots=True)
class Change:
    """How the working tree differs from a base commit."""

    #: (path now, its path at the base: a rename's old path, None for a new file)
    changed: tuple[tuple[str, str | None], ...]
    deleted: tuple[str, ...]  #: paths the base has and the working tree does not


def changed_since(path: Path, base: str) -> Change:
    """How the working tree (committed or not, and untracked files that are not ignored)
    differs from the commit ``base``."""
    with _open(path) as repo:
        diff = repo.git.diff("--name-status", "-M", "-z", base, strip_newline_in_stdout=False)
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z")
    fields = iter(diff.split("\0"))
    found: list[tuple[str, str | None]] = []
    deleted: list[str] = []
    for status in fields:
        if not status:
            continue
        first = next(fields, "")
        if status[0] in "RC":
            found.append((next(fields, ""), first if status[0] == "R" else None))
        elif status[0] == "A":
            found.append((first, None))
        elif status[0] == "D":
            deleted.append(first)
        else:
            found.append((first, first))
    found += [(p, None) for p in untracked.split("\0") if p]
    return Change(tuple(sorted(set(found))), tuple(sorted(deleted)))


def blobs_at(path: Path, commit: str, paths: list[str]) -> dict[str, bytes]:
    """The content of each of ``paths`` at ``commit`` (those it has)."""
    listing = tree_blobs(path, commit)
    with BlobReader(path) as reader:
        return {p: reader.read(listing[p]) for p in paths if p in listing}


def _open(path: Path) -> git.Repo:
    """The repository at ``path`` (a GitError that says so when it is not one)."""
    try:
        return git.Repo(path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{path} is not a git repository (run `git init` and commit)") from None
