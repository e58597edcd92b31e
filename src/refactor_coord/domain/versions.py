"""Version numbers as a removal deadline (pure): ``remove_in`` against the project's version."""

from __future__ import annotations

from packaging.version import InvalidVersion, Version


def release_of(text: str) -> tuple[int, ...] | None:
    """The release numbers of a PEP 440 version (``"3.0.0.dev1"`` -> ``(3, 0, 0)``), or None
    when ``text`` is not one."""
    try:
        return Version(text).release
    except InvalidVersion:
        return None


def has_reached(version: str, removal: str) -> bool | None:
    """Whether a project at ``version`` has reached the ``removal`` version.

    Only the release numbers count, padded with zeros: while 3.0 is being developed
    (``3.0.0.dev0``, ``3.0.0rc1``) the project has reached 3.0, which is when the removal lands.
    None when either is not a version.
    """
    have, want = release_of(version), release_of(removal)
    if have is None or want is None:
        return None
    width = max(len(have), len(want))
    return have + (0,) * (width - len(have)) >= want + (0,) * (width - len(want))
