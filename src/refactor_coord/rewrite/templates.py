"""Generated code (shims, facades, tests) from jinja2 templates that ship beside each pattern's
codemods, rendered strictly (an undefined value is an error, not an empty string) and kept as
written: no trailing newline is dropped, no whitespace is added."""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@functools.cache
def _environment(package: str) -> Environment:
    return Environment(
        loader=PackageLoader(package, "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Python source, not HTML
    )


def render(package: str, name: str, **values: Any) -> str:
    """The template ``templates/<name>`` of ``package`` rendered with ``values``."""
    return _environment(package).get_template(name).render(**values)
