"""Generated code (shims, facades, tests) from jinja2 templates that ship beside each pattern's
codemods, rendered strictly (an undefined value is an error, not an empty string) and kept as
written: no trailing newline is dropped, no whitespace is added."""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from refactor_coord.domain.test_runners import TestStyle


@functools.cache
def _environment(package: str) -> Environment:
    environment = Environment(
        loader=PackageLoader(package, "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Python source, not HTML
    )
    environment.filters["pyrepr"] = python_literal
    return environment


def python_literal(value: object) -> str:
    """``value`` as Python source, a string in double quotes where it can be (as black and
    ruff's formatter write them)."""
    if isinstance(value, str) and '"' not in value and "\\" not in value and value.isprintable():
        return f'"{value}"'
    return repr(value)


def render(package: str, name: str, **values: Any) -> str:
    """The template ``templates/<name>`` of ``package`` rendered with ``values``."""
    return _environment(package).get_template(name).render(**values)


def template_in_style(stem: str, style: TestStyle) -> str:
    """The name of the template for a test module in ``style``: ``<stem>.py.j2`` (pytest's),
    ``<stem>_unittest.py.j2`` (unittest's, which both runners run)."""
    return f"{stem}_unittest.py.j2" if style == "unittest" else f"{stem}.py.j2"
