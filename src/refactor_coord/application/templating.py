"""The jinja2 environment of refcoord's own templates (``src/refactor_coord/templates/``):
PLAN.md, pull-request bodies, the report page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def package_templates(*, html: bool, **filters: Callable[..., Any]) -> Environment:
    """An environment over the package's templates (``html``: escape what is rendered), with
    these filters; blocks trimmed, a missing variable an error."""
    env = Environment(
        loader=PackageLoader("refactor_coord", "templates"),
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters.update(filters)
    return env
