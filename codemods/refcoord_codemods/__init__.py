"""refcoord's built-in refactoring patterns, one subpackage each.

Each subpackage defines a :class:`~refactor_coord.rewrite.pattern.Pattern` named ``PATTERN``
and is listed here; the registry (:mod:`refactor_coord.registry`) imports only the patterns a
command needs. The codemods are written against the kit in :mod:`refactor_coord.rewrite`.
"""

#: The built-in patterns' subpackages, by the ``kind`` of refactoring each carries out.
PATTERNS = {
    "extract-module": "refcoord_codemods.extract_module",
    "change-api": "refcoord_codemods.change_api",
    "replace-dependency": "refcoord_codemods.replace_dependency",
    "schema": "refcoord_codemods.schema",
}
