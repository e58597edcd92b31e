"""What a codemod returns when it cannot do its job with certainty."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Refused:
    """The codemod cannot do this with certainty; nothing changes."""

    reason: str
    #: what is missing is in the environment, not the code (a library to install): the plan
    #: stands, and apply refuses the step until it is there
    prerequisite: bool = False
