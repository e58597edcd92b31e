"""Written qualified names -> fully qualified targets, across the whole repository.

A written name such as ``shop.slugify`` (what the code spells, after the file's own imports
were applied) is canonicalised by walking the module surfaces: the longest prefix that is a
module of the repository, then that module's top-level binding for the next part. A binding
that is itself an import is followed (that is how package re-exports resolve); a class is
searched for the member, then its bases. Names outside the repository stay as written.

Whatever cannot be settled for certain (a star import from outside the repository, a module
``__getattr__``, a name a module does not define) is returned with a lower confidence and a
reason; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from refactor_coord.analysis.raw import Binding, Surface

_MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a written name leads."""

    target: str  #: the deepest symbol or module reached
    confidence: str
    reason: str
    known: bool  #: ``target`` is a module or definition of this repository
    tail: tuple[str, ...]  #: attributes after ``target`` that could not be followed
    #: ``target`` is a variable whose value's type is not known: every attribute of ``tail`` is
    #: a use on a receiver of unknown type (otherwise the first is the target's own)
    opaque: bool = False


@dataclass(frozen=True, slots=True)
class _ClassTable:
    bases: tuple[str, ...]
    members: dict[str, str]


class Resolver:
    """Canonicalises written names against the surfaces of every module (memoised)."""

    def __init__(self, surfaces: Iterable[Surface]) -> None:
        self.surfaces: dict[str, Surface] = {s.module: s for s in surfaces}
        self._bindings: dict[str, dict[str, list[Binding]]] = {}
        self._classes: dict[str, _ClassTable] = {}
        self._returns: dict[str, str] = {}  #: function or method -> its return annotation
        #: class attribute -> what it holds an instance of (written: a class, or a callable)
        self._holds: dict[str, str] = {}
        for s in self.surfaces.values():
            table: dict[str, list[Binding]] = {}
            for b in s.bindings:
                table.setdefault(b[0], []).append(b)
            self._bindings[s.module] = table
            for rel, bases, members in s.classes:
                self._classes[f"{s.module}.{rel}"] = _ClassTable(bases, dict(members))
            for rel, returned in s.returns:
                self._returns[f"{s.module}.{rel}"] = returned
            for rel, attr, held in s.attribute_types:  # rel "": a module-level variable
                self._holds[".".join(p for p in (s.module, rel, attr) if p)] = held
        self._memo: dict[str, Resolution] = {}
        self._instances: dict[str, Resolution | None] = {}
        self._exports: dict[str, frozenset[str]] = {}

    # -- public ------------------------------------------------------------------------------
    def is_module(self, name: str) -> bool:
        """Whether ``name`` is a module of the repository."""
        return name in self.surfaces

    def module_prefix(self, name: str) -> str | None:
        """The longest prefix of ``name`` that is a module of the repository."""
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            candidate = ".".join(parts[:i])
            if candidate in self.surfaces:
                return candidate
        return None

    def resolve(self, written: str) -> Resolution:
        """The canonical target of a written qualified name."""
        found = self._memo.get(written)
        if found is None:
            self._memo[written] = Resolution(written, "low", "circular re-export", False, ())
            found = self._resolve(written, 0)
            self._memo[written] = found
        return found

    def resolve_instance(self, written: str) -> Resolution | None:
        """Memoised :meth:`_resolve_instance`."""
        if written in self._instances:
            return self._instances[written]
        found = self._instances[written] = self._resolve_instance(written)
        return found

    def _resolve_instance(self, written: str) -> Resolution | None:
        """What an attribute of a call's result names. ``written`` is ``pkg.make.().attr``:
        each ``()`` calls what precedes it, which gives an instance of that class, or of the
        class a function's (or method's) return annotation names; the attribute after it is
        looked up in that class, then its bases. None when some call gives nothing known (not
        a class of the repository, no such annotation) or the class lacks the attribute."""
        head, *parts = written.split(".().")
        if head.endswith(".(super)"):  # ``super().attr`` in a method of the class ``head``
            return self._through_super(head.removesuffix(".(super)"), parts)
        found = self.resolve(head)
        cls = ""
        for part in parts:
            made = self._made_by(found.target) if found.known and not found.tail else None
            if made is None:
                return None
            cls, found = made, self._in_class(made, tuple(part.split(".")), 0)
            if found.target == cls:
                return None
        reason = f"on an instance of {cls}" + (f", {found.reason}" if found.reason else "")
        return replace(found, confidence="medium", reason=reason, known=True)

    def _through_super(self, cls: str, parts: list[str]) -> Resolution | None:
        """``super().attr`` in a method of ``cls``: ``attr`` as its bases have it."""
        if len(parts) != 1:
            return None
        attrs = tuple(parts[0].split("."))
        for base in self._bases(cls):
            found = self._in_class(base, attrs, 0)
            if found.target != base:
                return replace(found, confidence="medium", reason="through super()", known=True)
        return None

    def _made_by(self, called: str) -> str | None:
        """The class whose instance calling ``called`` gives: itself for a class, the class its
        return annotation names for a function or method; None when unknown."""
        if called in self._classes:
            return called
        returned = self._returns.get(called)
        if returned is None:
            return None
        cls = self.resolve(returned)
        return cls.target if cls.known and not cls.tail and cls.target in self._classes else None

    # -- internals ----------------------------------------------------------------------------
    def _resolve(self, written: str, depth: int) -> Resolution:
        module = self.module_prefix(written)
        if module is None:
            return Resolution(written, "high", "outside the repository", False, ())
        module = self._read_from(module, written)
        if module == written:
            return Resolution(written, "high", "", True, ())
        rest = tuple(written[len(module) + 1 :].split("."))
        return self._in_module(module, rest[0], rest[1:], depth)

    def _read_from(self, module: str, written: str) -> str:
        """The module whose namespace ``written`` is read in: its longest module prefix, unless
        the package above binds that submodule's name to something else, as Python's attribute
        lookup finds it (``from .fetch import fetch`` in ``pkg/__init__.py``: ``pkg.fetch`` and
        ``from pkg import fetch`` are the function; python-slugify's ``from .slugify import *``;
        mistune's ``def markdown`` beside its ``markdown`` module), and ``written`` reads
        nothing the submodule defines
        (``mistune.markdown.Markdown`` is the path of an import: the module's)."""
        while "." in module:
            rest = written[len(module) + 1 :].partition(".")[0]
            if rest and rest in self._bindings[module]:
                return module
            package, _, leaf = module.rpartition(".")
            if package not in self.surfaces:  # a namespace package's folder: no namespace
                return module
            bindings = self._bindings[package].get(leaf, [])
            starred = any(leaf in self.exports(star) for star in self._stars_in(package))
            if not starred and all(b[1] == "import" and b[2] == module for b in bindings):
                return module  # not bound there, or bound to the submodule itself
            module = package
        return module

    def _stars_in(self, module: str) -> list[str]:
        """The modules of the repository ``module`` star-imports."""
        return [s for s in self.surfaces[module].stars if s in self.surfaces]

    def _in_module(self, module: str, name: str, rest: tuple[str, ...], depth: int) -> Resolution:
        bindings = self._bindings[module].get(name)
        if bindings:
            return self._bound(module, name, bindings, rest, depth)
        for star in self.surfaces[module].stars:
            found = self._through_star(module, star, name, rest)
            if found is not None:
                return found
        if self.surfaces[module].has_getattr:
            return Resolution(
                f"{module}.{name}", "low", f"served by {module}.__getattr__", False, rest
            )
        return Resolution(
            f"{module}.{name}", "low", f"'{name}' is not defined in {module}", False, rest
        )

    def _bound(
        self, module: str, name: str, bindings: list[Binding], rest: tuple[str, ...], depth: int
    ) -> Resolution:
        definitions = [b for b in bindings if b[1] != "import"]
        if definitions:
            qname = f"{module}.{name}"
            if definitions[0][1] == "class":
                return self._in_class(qname, rest, depth)
            if definitions[0][1] == "variable" and rest:
                return self._in_variable(qname, rest, depth)
            return Resolution(qname, "high", "", True, rest)
        targets = list(dict.fromkeys(b[2] for b in bindings))
        found = self.resolve(".".join((targets[0], *rest)))
        if len(targets) > 1 and found.confidence == "high":
            reason = f"'{name}' in {module} is imported from several places; the first is taken"
            return replace(found, confidence="medium", reason=reason)
        return found

    def _in_variable(self, qname: str, rest: tuple[str, ...], depth: int) -> Resolution:
        """``rest`` read on the module-level variable ``qname``: as the class's members where
        it holds an instance of a class of the repository (``parser =
        argparse.ArgumentParser()``); the variable's own attributes where what holds it came
        from outside the repository or a literal; opaque (uncertain) where its type is not
        known (assigned more than once, or from something else than a call or a literal)."""
        held = self._holds.get(qname)
        if held is None:
            return Resolution(qname, "high", "", True, rest, opaque=True)
        made = self._made_by(self.resolve(held).target)
        if made is not None:
            inner = self._in_class(made, rest, depth + 1)
            if inner.target != made:
                return replace(inner, confidence="medium", reason=f"{qname} holds a {made}")
        outside = self.module_prefix(held) is None
        return Resolution(qname, "high", "", True, rest, opaque=not outside)

    def _through_star(
        self, module: str, star: str, name: str, rest: tuple[str, ...]
    ) -> Resolution | None:
        if star not in self.surfaces:
            reason = f"may come from 'from {star} import *' in {module}"
            return Resolution(f"{star}.{name}", "low", reason, False, rest)
        if name not in self.exports(star):
            return None
        found = self.resolve(".".join((star, name, *rest)))
        if found.confidence == "high":
            reason = f"through 'from {star} import *' in {module}"
            return replace(found, confidence="medium", reason=reason)
        return found

    def _in_class(self, cls: str, rest: tuple[str, ...], depth: int) -> Resolution:
        if not rest:
            return Resolution(cls, "high", "", True, ())
        found = self._member(cls, rest[0], depth)
        if found is None:
            return Resolution(cls, "high", "", True, rest)
        owner, kind = found
        member = f"{owner}.{rest[0]}"
        reason = "" if owner == cls else f"inherited from {owner}"
        held = self._holds.get(member) if kind == "attribute" and rest[1:] else None
        made = self._made_by(self.resolve(held).target) if held is not None else None
        if made is not None:  # ``self.parser.parse``: an attribute that holds an instance
            inner = self._in_class(made, rest[1:], depth + 1)
            if inner.target != made and not inner.tail:  # else: as any attribute (loose)
                why = f"{member} holds a {made}"
                return Resolution(inner.target, "medium", why, True, inner.tail)
        if kind == "class":
            inner = self._in_class(member, rest[1:], depth + 1)
            return replace(inner, reason=inner.reason or reason, known=True)
        # what is read on an attribute whose value's type is not known (pylock's
        # ``self.requires_python.contains(...)``, a field ``SpecifierSet | None``), or on a
        # method (a property's value: ``self.inline.register(...)``), is a use on a receiver
        # of unknown type
        return Resolution(member, "high", reason, True, rest[1:], opaque=True)

    def _member(self, cls: str, name: str, depth: int) -> tuple[str, str] | None:
        table = self._classes.get(cls)
        if table is None or depth > _MAX_DEPTH:
            return None
        if name in table.members:
            return cls, table.members[name]
        for base in self._bases(cls):
            found = self._member(base, name, depth + 1)
            if found is not None:
                return found
        return None

    def _bases(self, cls: str) -> Iterator[str]:
        """The bases of the class ``cls`` that are classes of the repository, in order."""
        table = self._classes.get(cls)
        for base in table.bases if table is not None else ():
            resolved = self.resolve(base)
            if resolved.known and not resolved.tail and resolved.target in self._classes:
                yield resolved.target

    def exports(self, module: str) -> frozenset[str]:
        """The names ``from module import *`` binds (``__all__``, else its public names)."""
        cached = self._exports.get(module)
        if cached is not None:
            return cached
        self._exports[module] = frozenset()
        surface = self.surfaces[module]
        if surface.all_names is not None and not surface.all_dynamic:
            names = frozenset(surface.all_names)
        else:
            public = {b[0] for b in surface.bindings if not b[0].startswith("_")}
            for star in surface.stars:
                if star in self.surfaces:
                    public |= self.exports(star)
            names = frozenset(public | set(surface.all_names or ()))
        self._exports[module] = names
        return names
