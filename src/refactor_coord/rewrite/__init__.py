"""The rewrite kit: what every pattern's codemods are written against.

- :mod:`.step`: the step codemod interface (files in -> files out) and :class:`~.step.StepInput`
- :mod:`.args`: typed codemod arguments, checked against plan data
- :mod:`.pattern`: what ``apply`` asks of a pattern
- :mod:`.scope`: the scope model (which binding every name load reaches)
- :mod:`.imports`: the import editor (read, add, remove, split, re-point imports in every form)
- :mod:`.positions`: rewriting at the positions the index and the scope model report
- :mod:`.repoint`: importers repointed from one module to another, in every import form
- :mod:`.manifest`: the dependency declarations (pyproject, setup.cfg, setup.py, requirements)
- :mod:`.templates`: jinja2 templates for generated code (shims, facades, tests)
- :mod:`.cst_tools`, :mod:`.dunder_all`: small libcst helpers, the ``__all__`` reader
- :mod:`.outcome`: ``Refused``, what a codemod returns when it cannot be sure
- :mod:`.cases`: before/after cases stored beside each codemod
"""
