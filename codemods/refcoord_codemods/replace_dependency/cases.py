"""The replace-dependency codemods' before/after cases, as data
(:mod:`refactor_coord.rewrite.cases`): expand (the facade written from a library, a recipe, the
user's map or a module of the project; the dependency declared), migrate (every import form, the
names Python 3 writes itself), flip (refused while a stub is left) and contract (the facade over
the new backend, the manifests cleaned).

Generated once from the codemods' output and reviewed; a change in a generated text shows here."""

from __future__ import annotations

from refactor_coord.rewrite.cases import Case, dedent

FACADE_JSON = dedent(
    '''
    """The project's layer over json, on its way to simplejson.

    refcoord replace-dependency "json-facade": code imports what it needs of json
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_JSON: "old" (json) or "new" (simplejson); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_JSON"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "json": "old", "simplejson": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (json) or 'new' (simplejson)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from json import JSONDecodeError, dumps, loads
    else:
        from simplejson import JSONDecodeError, dumps, loads


    __all__ = [
        "BACKEND",
        "JSONDecodeError",
        "dumps",
        "loads",
    ]
    '''
)

FACADE_SIX = dedent(
    '''
    """The project's layer over six, on its way to the standard library.

    refcoord replace-dependency "six-stdlib": code imports what it needs of six
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_SIX: "old" (six) or "new" (the standard library);
    the library names are accepted too, and anything else is an error that names
    the variable and the valid values. Unset, _DEFAULT applies. The variable
    reaches the processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - six.moves.urllib imports its parse, error, request, response and robotparser
      submodules for you; `import urllib` does not: code reaching `urllib.parse.X`
      through a bare `import urllib` needs `import urllib.parse`
    - six.moves.urllib.parse, .request, .error and .response are six's own lazy
      modules holding a subset of the standard modules' names
      (`six.moves.urllib.parse is urllib.parse` is false): code that patches or
      inspects those module objects (`mock.patch.object(six.moves.urllib.request,
      'urlopen')`) must move to the standard module
    - six.string_types, integer_types and class_types become new tuples ((str,),
      (int,), (type,)): isinstance checks are unchanged, identity checks against
      six's tuples are not
    - `if six.PY2:` branches become dead code (PY2 is False): delete them once the
      flag is flipped, and check that no Python 2 branch was the one the tests
      exercised
    - six.moves.tkinter_tix is tkinter.tix, deprecated since Python 3.6 and removed
      in 3.13; six.moves.dbm_gnu, dbm_ndbm and the tkinter modules import only
      where the interpreter was built with them (as with six)
    - a name the project registered itself with six.add_move is looked up in
      builtins (the module six.moves stands for) and fails to import there: map it
      in [refactor.map]
    - @six.add_metaclass(M) on a class is rewritten to `class C(Base, metaclass=M)`
      when it is the decorator closest to the class (else it stays, through the
      facade): the class is then made once, by M, where add_metaclass made it
      twice, so a base's `__init_subclass__` (or a registry it feeds) runs once
      instead of twice; six.with_metaclass keeps six's behaviour in the facade
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_SIX"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "six": "old"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (six) or 'new' (the standard library)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from six import PY2, add_metaclass, raise_from, text_type
        from six.moves import range, urllib
        from six.moves.urllib.parse import quote
    else:
        import urllib.error
        import urllib.parse
        import urllib.request
        import urllib.response
        import urllib.robotparser
        from builtins import range, str as text_type
        from urllib.parse import quote

        PY2 = False

        def add_metaclass(metaclass):
            """Class decorator for creating a class with a metaclass (six 1.17)."""

            def wrapper(cls):
                orig_vars = cls.__dict__.copy()
                slots = orig_vars.get("__slots__")
                if slots is not None:
                    if isinstance(slots, str):
                        slots = [slots]
                    for slots_var in slots:
                        orig_vars.pop(slots_var)
                orig_vars.pop("__dict__", None)
                orig_vars.pop("__weakref__", None)
                if hasattr(cls, "__qualname__"):
                    orig_vars["__qualname__"] = cls.__qualname__
                return metaclass(cls.__name__, cls.__bases__, orig_vars)

            return wrapper

        def raise_from(value, from_value):
            """Raise ``value`` from ``from_value`` (six 1.17, Python 3 path)."""
            try:
                raise value from from_value
            finally:
                value = None


    __all__ = [
        "BACKEND",
        "PY2",
        "add_metaclass",
        "quote",
        "raise_from",
        "range",
        "text_type",
        "urllib",
    ]
    '''
)

FACADE_MOCK = dedent(
    '''
    """The project's layer over mock, on its way to unittest.mock.

    refcoord replace-dependency "drop-mock": code imports what it needs of mock
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_MOCK: "old" (mock) or "new" (unittest.mock); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - mock 5.x backports the newest CPython's unittest.mock; on an older Python the
      standard library's lacks later additions and fixes (ThreadingMock: 3.13;
      AsyncMock, call_args.args/.kwargs: 3.8; seal: 3.7): run the suite on the
      oldest Python the project supports
    - mock's objects are not unittest.mock's: isinstance(m, unittest.mock.Mock) is
      false for a mock.Mock, and mock.DEFAULT, mock.sentinel and mock.ANY are other
      objects; code mixing the two libraries (a side_effect returning mock.DEFAULT
      to a unittest.mock mock returns the sentinel itself) breaks until every use
      moves over
    - pytest-mock's mocker uses unittest.mock unless `mock_use_standalone_module =
      true` is set: drop that setting with mock, or the mocker keeps importing it
    - mock.version_info and mock.__version__ have no equivalent (stubs): version
      checks become sys.version_info checks
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_MOCK"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "mock": "old", "unittest.mock": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (mock) or 'new' (unittest.mock)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from mock import MagicMock, call, patch
    else:
        from unittest.mock import MagicMock, call, patch


    __all__ = [
        "BACKEND",
        "MagicMock",
        "call",
        "patch",
    ]
    '''
)

FACADE_TOML = dedent(
    r'''
    """The project's layer over toml, on its way to tomllib.

    refcoord replace-dependency "toml-tomllib": code imports what it needs of toml
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_TOML: "old" (toml) or "new" (tomllib); the library
    names are accepted too, and anything else is an error that names the variable
    and the valid values. Unset, _DEFAULT applies. The variable reaches the
    processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - writing: tomllib cannot write TOML; toml.dumps, toml.dump and the encoder
      classes are stubs (tomli_w writes, without toml's encoder options or
      comments)
    - tomllib.load takes a file opened in binary mode only; the facade's load also
      takes a path, a list of paths or a text file, as toml.load did
    - toml's _dict= and decoder= arguments are gone: tomllib returns plain dicts
      (in document order) and takes only parse_float= (parse_float=decimal.Decimal
      keeps floats exact); inline tables are plain dicts too, not toml's
      InlineTableDict
    - errors: toml.TomlDecodeError becomes the facade's TomlDecodeError, a
      tomllib.TOMLDecodeError (so a ValueError) made as toml's (msg, doc, pos; with
      lineno and colno), which the facade's load and loads raise from tomllib's
      error. Its msg is tomllib's ('Invalid value', not toml's wording) and pos,
      lineno and colno are where tomllib stopped, often not where toml did (toml
      mostly points at the start of the line); tomllib.loads called directly raises
      a plain tomllib.TOMLDecodeError, which except TomlDecodeError does not catch
    - dates and times: offset datetimes carry datetime.timezone
      (datetime.timezone.utc for Z) instead of toml.tz.TomlTz, and local times keep
      their fractional seconds (toml 0.10 drops them from 07:32:00.5)
    - TOML 1.0: tomllib accepts arrays of mixed types (toml raises 'Not a
      homogeneous array') and rejects some invalid documents toml let through:
      parse every configuration file the project ships with the new backend
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_TOML"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "toml": "old", "tomllib": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (toml) or 'new' (tomllib)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from toml import dumps, loads
    else:
        import re
        import sys
        if sys.version_info >= (3, 11):
            import tomllib
        else:
            import tomli as tomllib

        class TomlDecodeError(tomllib.TOMLDecodeError):
            """toml.TomlDecodeError on tomllib: made from the message, the
            document and the position in it, as toml's, with its msg, doc, pos,
            lineno and colno; a tomllib.TOMLDecodeError (so a ValueError)."""

            def __init__(self, msg, doc, pos):
                lineno = doc.count("\n", 0, pos) + 1
                colno = pos - doc.rfind("\n", 0, pos)
                message = f"{msg} (line {lineno} column {colno} char {pos})"
                ValueError.__init__(self, message)
                self.msg = msg
                self.doc = doc
                self.pos = pos
                self.lineno = lineno
                self.colno = colno

        _TOMLLIB_AT = re.compile(
            r"(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)"
            r"|end of document)\)",
            re.DOTALL,
        )

        def _toml_loads(doc):
            """tomllib.loads(doc), a parse error raised as TomlDecodeError from
            tomllib's, at the line and column its message (the same on every
            version) gives, counted in ``doc`` as given (tomllib reads CRLF as
            LF)."""
            if not isinstance(doc, str):
                raise TypeError("Expecting something like a string")
            try:
                return tomllib.loads(doc)
            except tomllib.TOMLDecodeError as error:
                found = _TOMLLIB_AT.fullmatch(str(error))
                if found is None:
                    raise TomlDecodeError(str(error), doc, 0) from error
                pos = len(doc)
                if found["line"] is not None:
                    above = doc.split("\n")[: int(found["line"]) - 1]
                    pos = sum(len(line) + 1 for line in above)
                    pos = min(pos + int(found["column"]) - 1, len(doc))
                raise TomlDecodeError(found["msg"], doc, pos) from error

        def dumps(*args, **kwargs):  # refcoord: stub
            raise NotImplementedError(
                "toml.dumps has no new backend yet: tomllib only reads TOML: "
                "write it with tomli_w (tomli-w on PyPI: dumps(obj), dump(obj, "
                "binary_file)), or keep toml for writing"
            )

        def loads(s):
            """toml.loads on tomllib: a document that does not parse raises
            TomlDecodeError (a tomllib.TOMLDecodeError). toml's ``_dict`` and
            ``decoder`` arguments are not supported."""
            return _toml_loads(s)


    __all__ = [
        "BACKEND",
        "dumps",
        "loads",
    ]
    '''
)

FACADE_SIMPLEJSON = dedent(
    '''
    """The project's layer over simplejson, on its way to json.

    refcoord replace-dependency "json": code imports what it needs of simplejson
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_JSON: "old" (simplejson) or "new" (json); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - decimal.Decimal: simplejson.dumps writes it as a JSON number
      (use_decimal=True by default); json.dumps raises TypeError. The facade's
      loads and load take use_decimal=True (parse_float=decimal.Decimal)
    - namedtuples: simplejson writes them as JSON objects ({"x": 1, "y": 2},
      namedtuple_as_object=True by default); json writes them as arrays ([1, 2])
      without an error: output shapes change silently
    - NaN and Infinity: json writes and reads NaN, Infinity and -Infinity by
      default (allow_nan=True); simplejson 3.19 and later reject them both ways
      (allow_nan=False), earlier releases accepted them: to keep refusing them pass
      allow_nan=False to json.dumps and a parse_constant that raises to json.loads
    - bytes: simplejson.dumps encodes bytes values and keys as text (decoded with
      encoding='utf-8'); json.dumps raises TypeError
    - sort_keys=True with keys of mixed types (1 and 'a'): simplejson sorts their
      string forms, json raises TypeError
    - simplejson-only arguments of dumps raise TypeError with json: use_decimal,
      namedtuple_as_object, tuple_as_array, bigint_as_string,
      int_as_string_bitcount, item_sort_key, for_json (json: default=lambda o:
      o.for_json()), ignore_nan, iterable_as_array, encoding; the facade's loads
      and load keep encoding (it decodes bytes) and use_decimal
    - JSONDecodeError: both are ValueError subclasses with msg, doc, pos, lineno
      and colno; simplejson's end, endlineno and endcolno are gone
    - libraries that use simplejson when it is installed (requests'
      JSONDecodeError, among others) switch to json once it is uninstalled at
      contract
    - simplejson.RawJSON and simple_first have no json equivalent (stubs)
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_JSON"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "simplejson": "old", "json": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (simplejson) or 'new' (json)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        import simplejson
        from simplejson import dumps
    else:
        import decimal
        import json

        import types as _types
        from json import dumps

        def _loads(s, encoding=None, *args, use_decimal=False, **kw):
            """simplejson.loads on json.loads: ``encoding`` decodes bytes (json
            itself reads UTF-8, -16 and -32), ``use_decimal`` is
            parse_float=decimal.Decimal; the other arguments are json's."""
            if encoding is not None and isinstance(s, (bytes, bytearray)):
                s = s.decode(encoding)
            if use_decimal:
                kw.setdefault("parse_float", decimal.Decimal)
            return json.loads(s, *args, **kw)

        simplejson = json

        _whole = simplejson
        simplejson = _types.ModuleType(_whole.__name__, _whole.__doc__)
        vars(simplejson).update(vars(_whole))
        vars(simplejson).update(dumps=dumps)


    __all__ = [
        "BACKEND",
        "dumps",
        "simplejson",
    ]
    '''
)

EXPAND = [
    Case(
        name=(
            "a library with no recipe: each name checked against it, one it "
            "lacks a stub, the dependency declared"
        ),
        args={
            "old": "json",
            "new": "simplejson",
            "facade": "pkg.serialization",
            "flag": "PKG_JSON",
            "names": ("json:JSONDecodeError", "json:detect_encoding", "json:dumps", "json:loads"),
        },
        before={
            "pkg/__init__.py": "",
            "pyproject.toml": dedent(
                """
    [project]
    name = "pkg"
    dependencies = [
        "attrs>=22",
        "six",
    ]
    """
            ),
        },
        files=("pkg/serialization.py", "pyproject.toml"),
        resolves=frozenset(
            {"simplejson", "simplejson.JSONDecodeError", "simplejson.dumps", "simplejson.loads"}
        ),
        distributions={
            "simplejson": "simplejson",
        },
        refactor="json-facade",
        after={
            "pkg/serialization.py": dedent(
                '''
    """The project's layer over json, on its way to simplejson.

    refcoord replace-dependency "json-facade": code imports what it needs of json
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_JSON: "old" (json) or "new" (simplejson); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_JSON"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "json": "old", "simplejson": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (json) or 'new' (simplejson)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from json import JSONDecodeError, detect_encoding, dumps, loads
    else:
        from simplejson import JSONDecodeError, dumps, loads

        def detect_encoding(*args, **kwargs):  # refcoord: stub
            raise NotImplementedError(
                "json.detect_encoding has no new backend yet: simplejson has no "
                "detect_encoding: give json.detect_encoding in [refactor.map]"
            )


    __all__ = [
        "BACKEND",
        "JSONDecodeError",
        "detect_encoding",
        "dumps",
        "loads",
    ]
    '''
            ),
            "pyproject.toml": dedent(
                """
    [project]
    name = "pkg"
    dependencies = [
        "attrs>=22",
        "simplejson",
        "six",
    ]
    """
            ),
        },
    ),
    Case(
        name=(
            "a recipe onto the standard library: its checklist in the facade, nothing to declare"
        ),
        args={
            "old": "mock",
            "new": "",
            "facade": "pkg.testing",
            "flag": "PKG_MOCK",
            "recipe": "mock-unittest-mock",
            "names": ("mock:MagicMock", "mock:call", "mock:patch"),
        },
        before={
            "pkg/__init__.py": "",
        },
        files=("pkg/testing.py",),
        refactor="drop-mock",
        after={
            "pkg/testing.py": FACADE_MOCK,
        },
    ),
    Case(
        name=("a recipe's prelude, values, code and stubs; its requirement declared in setup.cfg"),
        args={
            "old": "toml",
            "new": "",
            "facade": "pkg.tomlio",
            "flag": "PKG_TOML",
            "recipe": "toml-tomllib",
            "names": ("toml:TomlDecodeError", "toml:dumps", "toml:load", "toml:loads"),
        },
        before={
            "pkg/__init__.py": "",
            "setup.cfg": dedent(
                """
    [metadata]
    name = pkg

    [options]
    install_requires =
        toml
    """
            ),
        },
        files=("pkg/tomlio.py", "setup.cfg"),
        refactor="toml-tomllib",
        after={
            "pkg/tomlio.py": dedent(
                r'''
    """The project's layer over toml, on its way to tomllib.

    refcoord replace-dependency "toml-tomllib": code imports what it needs of toml
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_TOML: "old" (toml) or "new" (tomllib); the library
    names are accepted too, and anything else is an error that names the variable
    and the valid values. Unset, _DEFAULT applies. The variable reaches the
    processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - writing: tomllib cannot write TOML; toml.dumps, toml.dump and the encoder
      classes are stubs (tomli_w writes, without toml's encoder options or
      comments)
    - tomllib.load takes a file opened in binary mode only; the facade's load also
      takes a path, a list of paths or a text file, as toml.load did
    - toml's _dict= and decoder= arguments are gone: tomllib returns plain dicts
      (in document order) and takes only parse_float= (parse_float=decimal.Decimal
      keeps floats exact); inline tables are plain dicts too, not toml's
      InlineTableDict
    - errors: toml.TomlDecodeError becomes the facade's TomlDecodeError, a
      tomllib.TOMLDecodeError (so a ValueError) made as toml's (msg, doc, pos; with
      lineno and colno), which the facade's load and loads raise from tomllib's
      error. Its msg is tomllib's ('Invalid value', not toml's wording) and pos,
      lineno and colno are where tomllib stopped, often not where toml did (toml
      mostly points at the start of the line); tomllib.loads called directly raises
      a plain tomllib.TOMLDecodeError, which except TomlDecodeError does not catch
    - dates and times: offset datetimes carry datetime.timezone
      (datetime.timezone.utc for Z) instead of toml.tz.TomlTz, and local times keep
      their fractional seconds (toml 0.10 drops them from 07:32:00.5)
    - TOML 1.0: tomllib accepts arrays of mixed types (toml raises 'Not a
      homogeneous array') and rejects some invalid documents toml let through:
      parse every configuration file the project ships with the new backend
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_TOML"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "toml": "old", "tomllib": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (toml) or 'new' (tomllib)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from toml import TomlDecodeError, dumps, load, loads
    else:
        import re
        import sys
        if sys.version_info >= (3, 11):
            import tomllib
        else:
            import tomli as tomllib

        import os

        class TomlDecodeError(tomllib.TOMLDecodeError):
            """toml.TomlDecodeError on tomllib: made from the message, the
            document and the position in it, as toml's, with its msg, doc, pos,
            lineno and colno; a tomllib.TOMLDecodeError (so a ValueError)."""

            def __init__(self, msg, doc, pos):
                lineno = doc.count("\n", 0, pos) + 1
                colno = pos - doc.rfind("\n", 0, pos)
                message = f"{msg} (line {lineno} column {colno} char {pos})"
                ValueError.__init__(self, message)
                self.msg = msg
                self.doc = doc
                self.pos = pos
                self.lineno = lineno
                self.colno = colno

        _TOMLLIB_AT = re.compile(
            r"(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)"
            r"|end of document)\)",
            re.DOTALL,
        )

        def _toml_loads(doc):
            """tomllib.loads(doc), a parse error raised as TomlDecodeError from
            tomllib's, at the line and column its message (the same on every
            version) gives, counted in ``doc`` as given (tomllib reads CRLF as
            LF)."""
            if not isinstance(doc, str):
                raise TypeError("Expecting something like a string")
            try:
                return tomllib.loads(doc)
            except tomllib.TOMLDecodeError as error:
                found = _TOMLLIB_AT.fullmatch(str(error))
                if found is None:
                    raise TomlDecodeError(str(error), doc, 0) from error
                pos = len(doc)
                if found["line"] is not None:
                    above = doc.split("\n")[: int(found["line"]) - 1]
                    pos = sum(len(line) + 1 for line in above)
                    pos = min(pos + int(found["column"]) - 1, len(doc))
                raise TomlDecodeError(found["msg"], doc, pos) from error

        def dumps(*args, **kwargs):  # refcoord: stub
            raise NotImplementedError(
                "toml.dumps has no new backend yet: tomllib only reads TOML: "
                "write it with tomli_w (tomli-w on PyPI: dumps(obj), dump(obj, "
                "binary_file)), or keep toml for writing"
            )

        def load(f):
            """toml.load on tomllib: ``f`` is a path (str, bytes or os.PathLike), a
            list of paths (the tables of those that exist merged in order, as toml
            does) or a file opened in text or binary mode; a document that does not
            parse raises TomlDecodeError (a tomllib.TOMLDecodeError). toml's
            ``_dict`` and ``decoder`` arguments are not supported."""
            if isinstance(f, (str, bytes, os.PathLike)):
                with open(f, "rb") as binary:
                    return _toml_loads(binary.read().decode("utf-8"))
            if isinstance(f, list):
                paths = [path for path in f if os.path.exists(path)]
                if not paths:
                    raise FileNotFoundError(
                        "load expects a list naming at least one existing file"
                    )
                merged = {}
                for path in paths:
                    with open(path, "rb") as binary:
                        merged.update(_toml_loads(binary.read().decode("utf-8")))
                return merged
            try:
                read = f.read
            except AttributeError:
                raise TypeError(
                    "You can only load a file descriptor, filename or list"
                ) from None
            content = read()
            if isinstance(content, bytes):
                content = content.decode("utf-8")
            return _toml_loads(content)

        def loads(s):
            """toml.loads on tomllib: a document that does not parse raises
            TomlDecodeError (a tomllib.TOMLDecodeError). toml's ``_dict`` and
            ``decoder`` arguments are not supported."""
            return _toml_loads(s)


    __all__ = [
        "BACKEND",
        "TomlDecodeError",
        "dumps",
        "load",
        "loads",
    ]
    '''
            ),
            "setup.cfg": dedent(
                """
    [metadata]
    name = pkg

    [options]
    install_requires =
        toml
        tomli>=1.1.0; python_version < "3.11"
    """
            ),
        },
    ),
    Case(
        name="[refactor.map] maps a name the new library spells otherwise",
        args={
            "old": "requests",
            "new": "httpx",
            "facade": "pkg.http",
            "flag": "PKG_HTTP",
            "mapping": ("requests.exceptions.Timeout=httpx.TimeoutException",),
            "names": ("requests:get", "requests.exceptions:Timeout"),
        },
        before={
            "pkg/__init__.py": "",
            "pyproject.toml": dedent(
                """
    [project]
    name = "pkg"
    dependencies = ["attrs", "requests>=2"]
    """
            ),
        },
        files=("pkg/http.py", "pyproject.toml"),
        resolves=frozenset({"httpx", "httpx.get"}),
        distributions={
            "httpx": "httpx",
        },
        refactor="http",
        after={
            "pkg/http.py": dedent(
                '''
    """The project's layer over requests, on its way to httpx.

    refcoord replace-dependency "http": code imports what it needs of requests from
    here. The backend is chosen once, when this module is first imported, by the
    environment variable PKG_HTTP: "old" (requests) or "new" (httpx); the library
    names are accepted too, and anything else is an error that names the variable
    and the valid values. Unset, _DEFAULT applies. The variable reaches the
    processes a test run starts, so a whole suite runs on one backend.
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_HTTP"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "requests": "old", "httpx": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (requests) or 'new' (httpx)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from requests import get
        from requests.exceptions import Timeout
    else:
        from httpx import TimeoutException as Timeout, get


    __all__ = [
        "BACKEND",
        "Timeout",
        "get",
    ]
    '''
            ),
            "pyproject.toml": dedent(
                """
    [project]
    name = "pkg"
    dependencies = ["attrs", "httpx", "requests>=2"]
    """
            ),
        },
    ),
    Case(
        name=("a module of the project as the new backend: what it defines, nothing to declare"),
        args={
            "old": "json",
            "new": "pkg._json",
            "facade": "pkg.serialization",
            "flag": "PKG_JSON",
            "names": ("json:dumps", "json:loads"),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/_json.py": dedent(
                """
    import json


    def dumps(value):
        return json.dumps(value, sort_keys=True)
    """
            ),
        },
        files=("pkg/serialization.py",),
        refactor="json-facade",
        after={
            "pkg/serialization.py": dedent(
                '''
    """The project's layer over json, on its way to pkg._json.

    refcoord replace-dependency "json-facade": code imports what it needs of json
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_JSON: "old" (json) or "new" (pkg._json); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_JSON"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "json": "old", "pkg._json": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (json) or 'new' (pkg._json)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from json import dumps, loads
    else:
        from pkg._json import dumps

        def loads(*args, **kwargs):  # refcoord: stub
            raise NotImplementedError(
                "json.loads has no new backend yet: pkg._json has no loads: give "
                "json.loads in [refactor.map]"
            )


    __all__ = [
        "BACKEND",
        "dumps",
        "loads",
    ]
    '''
            ),
        },
    ),
    Case(
        name=(
            "the module itself used as a value: the facade binds the module the"
            " recipe says stands for it"
        ),
        args={
            "old": "simplejson",
            "new": "",
            "facade": "pkg.jsonlib",
            "flag": "PKG_JSON",
            "recipe": "simplejson-json",
            "names": (":simplejson", "simplejson:dumps"),
        },
        before={
            "pkg/__init__.py": "",
        },
        files=("pkg/jsonlib.py",),
        refactor="json",
        after={
            "pkg/jsonlib.py": FACADE_SIMPLEJSON,
        },
    ),
    Case(
        name=(
            "the module itself where the new library is no drop-in: a module "
            "whose every attribute raises"
        ),
        args={
            "old": "requests",
            "new": "",
            "facade": "pkg.http",
            "flag": "PKG_HTTP",
            "recipe": "requests-httpx",
            "names": (":requests", "requests:codes"),
        },
        before={
            "pkg/__init__.py": "",
        },
        files=("pkg/http.py",),
        refactor="http",
        after={
            "pkg/http.py": dedent(
                '''
    """The project's layer over requests, on its way to httpx.

    refcoord replace-dependency "http": code imports what it needs of requests from
    here. The backend is chosen once, when this module is first imported, by the
    environment variable PKG_HTTP: "old" (requests) or "new" (httpx); the library
    names are accepted too, and anything else is an error that names the variable
    and the valid values. Unset, _DEFAULT applies. The variable reaches the
    processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - redirects: httpx does not follow them unless asked (follow_redirects=False),
      and requests' allow_redirects= is follow_redirects=; the facade's request
      functions and Session restore requests' default (followed, except by head),
      but code calling httpx directly must pass follow_redirects=True
    - timeouts: httpx gives up after 5 s (connect, read, write and pool) by default
      where requests waits for ever; the facade passes timeout=None unless given
      and turns a (connect, read) tuple into httpx.Timeout(None, connect=...,
      read=...): review calls that relied on waiting, and those that should now get
      a real timeout
    - exceptions: requests.RequestException becomes httpx.HTTPError, which
      httpx.InvalidURL, httpx.CookieConflict and httpx.StreamError are not;
      requests' exceptions are OSError (IOError) subclasses and httpx's are not, so
      `except (OSError, IOError)` stops catching them
    - requests.ConnectionError becomes httpx.TransportError: it also catches every
      timeout (requests' ReadTimeout is not a ConnectionError) and
      httpx.UnsupportedProtocol; an `except ConnectionError` placed before `except
      Timeout` now takes read timeouts too. SSL failures are httpx.ConnectError
      (requests.SSLError)
    - raise_for_status() raises httpx.HTTPStatusError (not requests.HTTPError) for
      every non-2xx status, 1xx and 3xx included (requests: 4xx and 5xx only): with
      redirects not followed a 302 is now an error; it returns the response instead
      of None
    - response.json() raises json.JSONDecodeError, which is not an httpx.HTTPError
      (requests.JSONDecodeError is a RequestException): `except RequestException`
      no longer catches a body that is not JSON
    - responses: no response.ok (use response.is_success, true for 2xx only where
      ok is true below 400), reason is reason_phrase, url is an httpx.URL
      (str(response.url)), iter_content(n) is iter_bytes(n), iter_lines() yields
      str, and text decodes an undeclared charset as UTF-8 where requests guesses
      it (apparent_encoding)
    - request bodies: raw bytes, text or files go in content= (the facade moves
      them from data=), data= takes a form dict only (the facade turns (key, value)
      pairs into a dict of lists); parameters or form fields whose value is None
      are sent empty by httpx and left out by requests (the facade drops them from
      dicts)
    - streaming: requests' stream=True is httpx.stream(...) / client.stream(...), a
      context manager; the response body is read with iter_bytes() or read()
    - Session vs Client: verify, cert, proxies (httpx: proxy= or mounts=) and
      trust_env are Client constructor arguments: setting session.verify, .cert or
      .proxies afterwards is silently ignored; session.hooks is event_hooks=,
      session.mount(prefix, HTTPAdapter(...)) is Client(mounts={prefix:
      httpx.HTTPTransport(...)}); per request, a Client takes none of them and the
      top-level functions take verify= and proxy= (not cert= or proxies=)
    - environment: requests reads REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE and ~/.netrc
      credentials by default; httpx reads SSL_CERT_FILE/SSL_CERT_DIR and uses
      .netrc only with auth=httpx.NetrcAuth()
    - authentication: a requests AuthBase subclass (__call__(r) editing the
      request) becomes an httpx.Auth subclass with auth_flow(request) yielding
      requests; (user, password) tuples work in both
    - requests.codes has aliases and item access (codes.okay, codes['ok']);
      httpx.codes has the standard names only, upper and lower case (codes.OK,
      codes.ok)
    - test doubles for requests do not intercept httpx: the responses and
      requests-mock libraries and mock.patch('requests.Session.send') become respx
      or httpx.MockTransport (Session(transport=httpx.MockTransport(handler)))
    - default headers differ (User-Agent python-httpx/..., Accept-Encoding):
      servers or recorded test cassettes matching on them need updating
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_HTTP"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "requests": "old", "httpx": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (requests) or 'new' (httpx)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        import requests
        from requests import codes
    else:
        import types as _types
        from httpx import codes

        class requests(_types.ModuleType):  # refcoord: stub
            def __getattr__(self, name: str) -> object:
                raise NotImplementedError(
                    "requests (the module itself) has no new backend yet: the "
                    "requests-httpx recipe does not map requests (the module "
                    "object: code uses requests itself as a value, and httpx is "
                    "no drop-in for all of it; pass the names it needs): give it "
                    "in [refactor.map]"
                )

        requests = requests("requests")  # type: ignore[assignment,misc]


    __all__ = [
        "BACKEND",
        "codes",
        "requests",
    ]
    '''
            ),
        },
    ),
    Case(
        name=("pytz: zones with pytz's localize, normalize and zone on zoneinfo; tzdata declared"),
        args={
            "old": "pytz",
            "new": "",
            "facade": "pkg.tz",
            "flag": "PKG_TZ",
            "recipe": "pytz-zoneinfo",
            "names": ("pytz:UnknownTimeZoneError", "pytz:timezone", "pytz:utc"),
        },
        before={
            "pkg/__init__.py": "",
            "requirements.txt": dedent(
                """
    pytz>=2020.1
    requests
    """
            ),
        },
        files=("pkg/tz.py", "requirements.txt"),
        refactor="tz",
        after={
            "pkg/tz.py": dedent(
                '''
    """The project's layer over pytz, on its way to zoneinfo.

    refcoord replace-dependency "tz": code imports what it needs of pytz from here.
    The backend is chosen once, when this module is first imported, by the
    environment variable PKG_TZ: "old" (pytz) or "new" (zoneinfo); the library
    names are accepted too, and anything else is an error that names the variable
    and the valid values. Unset, _DEFAULT applies. The variable reaches the
    processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - the facade's time zones (timezone(name), utc, tzfile.build_tzinfo) are
      zoneinfo.ZoneInfo objects with pytz's tz.localize(dt, is_dst=False),
      tz.normalize(dt) and tz.zone; a ZoneInfo made elsewhere
      (zoneinfo.ZoneInfo(name), datetime.timezone.utc, FixedOffset(minutes) other
      than 0) has none of them. localize(dt).tzinfo is the zone itself, not pytz's
      tzinfo for one offset (its repr is _PytzZone(key='Europe/Paris')), and
      tz.utcoffset(dt), tz.dst(dt) and tz.tzname(dt) take no is_dst and never raise
      for a naive dt
    - arithmetic: with pytz, aware datetime + timedelta keeps the UTC offset and
      normalize() then moves the wall clock (elapsed time); with zoneinfo it keeps
      the wall clock and recomputes the offset (across a DST change, +
      timedelta(days=1) is 23 or 25 hours), and normalize() cannot undo that (it
      only moves a wall time left in a gap out of it). For elapsed time compute in
      UTC: (dt.astimezone(timezone.utc) + delta).astimezone(tz)
    - ambiguous and missing wall times: the facade's localize(dt, is_dst) gives
      pytz's offsets (is_dst=False: standard time, the later of two occurrences,
      returned with fold=1; a missing time keeps its wall clock with the offset
      before the change, True the one after) and is_dst=None raises the facade's
      AmbiguousTimeError or NonExistentTimeError (InvalidTimeError subclasses, as
      in pytz, but not pytz's classes). A datetime made otherwise
      (dt.replace(tzinfo=tz), datetime(..., tzinfo=tz), arithmetic) takes dt.fold
      (0, the default, is the earlier occurrence: daylight time) and never raises;
      and (PEP 495) a datetime in a repeated hour never compares equal to one in
      another time zone
    - datetime(..., tzinfo=pytz.timezone(name)) gave the zone's first offset (LMT,
      e.g. +00:09 for Europe/Paris); with zoneinfo it is correct: code or expected
      test values that worked around it change
    - utc: pytz.utc and pytz.UTC become the facade's zone for 'UTC' (what
      timezone('UTC') and FixedOffset(0) return, as in pytz), a ZoneInfo that is
      not datetime.timezone.utc and compares unequal to it as a tzinfo: dt.tzinfo
      is utc is False for a datetime made with datetime.timezone.utc
      (datetime.fromisoformat, other libraries), and repr(utc) is not '<UTC>'. It
      reads the tz database too
    - names: pytz.timezone ignores case ('europe/paris'); ZoneInfo does not on most
      file systems (the facade's timezone looks the name up without regard to
      case). An unknown name raises zoneinfo.ZoneInfoNotFoundError (a KeyError, as
      UnknownTimeZoneError was), an invalid one ('../x', absolute paths) ValueError
      in ZoneInfo itself
    - the tz database: pytz ships its own; zoneinfo reads the system's (TZPATH),
      else the tzdata package this recipe adds, so versions (and
      available_timezones()) can differ between machines
    - all_timezones and common_timezones become
      sorted(zoneinfo.available_timezones()), evaluated when the facade is imported
      (it scans the tz database): common_timezones is no longer a curated subset
      (it includes the backward-compatible links), and either list may hold keys
      pytz lacks ('Factory', 'localtime')
    - pickles: datetimes pickled with pytz time zones need pytz to be loaded; the
      facade's zones pickle by key and by their class, the facade's _PytzZone (the
      facade must stay importable where it is); a build_tzinfo zone does not pickle
    - FixedOffset(minutes) becomes a datetime.timezone (0 minutes: utc): it has no
      localize, normalize or zone, tzname() is 'UTC+01:00' where pytz's is None,
      its repr differs and equal offsets are equal objects but not the same one
    - country_timezones, country_names and OLSON_VERSION have no equivalent (stubs)
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_TZ"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "old"
    _CHOICES = {"old": "old", "new": "new", "pytz": "old", "zoneinfo": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (pytz) or 'new' (zoneinfo)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from pytz import UnknownTimeZoneError, timezone, utc
    else:
        import datetime
        import zoneinfo

        from zoneinfo import ZoneInfoNotFoundError as UnknownTimeZoneError

        class InvalidTimeError(Exception):
            """pytz.InvalidTimeError: a wall time localize(dt, is_dst=None)
            refuses."""

        class AmbiguousTimeError(InvalidTimeError):
            """A wall time that happens twice: the clocks went back over it."""

        class NonExistentTimeError(InvalidTimeError):
            """A wall time that never happens: the clocks went forward over it."""

        class _PytzZone(zoneinfo.ZoneInfo):
            """A zoneinfo.ZoneInfo with pytz's localize, normalize and zone.

            ZoneInfo(key) caches an instance a key per class, so the same name
            gives the same object, as with pytz."""

            @property
            def zone(self):
                """The zone's name, as pytz calls the key."""
                return self.key

            def localize(self, dt, is_dst=False):
                """The naive ``dt`` as a wall time in this zone, as pytz's does.

                Where the clocks went back (the wall time happens twice) is_dst
                picks the occurrence whose dst() is (True) or is not (False)
                zero; if both or neither match, True is the earlier occurrence
                (fold=0) and False the later (fold=1). Where they went forward
                (the wall time never happens) the wall time is kept with the
                offset before the change (False) or after it (True). There
                is_dst=None raises AmbiguousTimeError or NonExistentTimeError."""
                if dt.tzinfo is not None:
                    raise ValueError("Not naive datetime (tzinfo is already set)")
                first = dt.replace(tzinfo=self, fold=0)
                second = dt.replace(tzinfo=self, fold=1)
                if first.utcoffset() == second.utcoffset():
                    return first
                if first.utcoffset() < second.utcoffset():  # PEP 495: a gap
                    if is_dst is None:
                        raise NonExistentTimeError(dt)
                    return second if is_dst else first
                if is_dst is None:
                    raise AmbiguousTimeError(dt)
                both = (first, second)
                wanted = [d for d in both if bool(d.dst()) == bool(is_dst)]
                if len(wanted) == 1:
                    return wanted[0]
                return first if is_dst else second

            def normalize(self, dt, is_dst=False):
                """The aware ``dt`` as the wall time in this zone of the same
                instant, converted through UTC: a wall time that arithmetic left
                in a gap moves out of it, as pytz's does. is_dst is ignored."""
                if dt.tzinfo is None:
                    raise ValueError("Naive time - no tzinfo set")
                return dt.astimezone(datetime.timezone.utc).astimezone(self)

        utc = _PytzZone("UTC")

        def timezone(zone):
            """pytz.timezone on zoneinfo: the time zone named ``zone``, looked up
            without regard to case as pytz does ('UTC' is utc itself), as a
            zoneinfo.ZoneInfo with pytz's localize, normalize and zone. An
            unknown or invalid name raises zoneinfo.ZoneInfoNotFoundError, a
            KeyError as pytz.UnknownTimeZoneError is."""
            if not isinstance(zone, str):
                raise zoneinfo.ZoneInfoNotFoundError(zone)
            if zone.upper() == "UTC":
                return _PytzZone("UTC")
            try:
                return _PytzZone(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                pass
            wanted = zone.lower()
            for key in zoneinfo.available_timezones():
                if key.lower() == wanted:
                    return _PytzZone(key)
            raise zoneinfo.ZoneInfoNotFoundError(zone)


    __all__ = [
        "BACKEND",
        "UnknownTimeZoneError",
        "timezone",
        "utc",
    ]
    '''
            ),
            "requirements.txt": dedent(
                """
    pytz>=2020.1
    requests
    tzdata
    """
            ),
        },
    ),
    Case(
        name=("refused: the new library cannot be imported with the project's interpreter"),
        args={
            "old": "json",
            "new": "simplejson",
            "facade": "pkg.serialization",
            "flag": "PKG_JSON",
            "names": ("json:dumps",),
        },
        before={
            "pkg/__init__.py": "",
        },
        files=("pkg/serialization.py",),
        refused=("simplejson cannot be imported with the project's interpreter: install it"),
    ),
    Case(
        name="refused: the facade module exists already",
        args={
            "old": "json",
            "new": "simplejson",
            "facade": "pkg.serialization",
            "flag": "PKG_JSON",
            "names": ("json:dumps",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/serialization.py": "X = 1\n",
        },
        files=("pkg/serialization.py",),
        resolves=frozenset(
            {"simplejson", "simplejson.JSONDecodeError", "simplejson.dumps", "simplejson.loads"}
        ),
        refused="already exists; the facade must be a new module",
    ),
]

MIGRATE = [
    Case(
        name=("module imports, aliased from-imports and names in strings point at the facade"),
        args={
            "old": "json",
            "new": "simplejson",
            "facade": "pkg.serialization",
            "flag": "PKG_JSON",
            "files": ("pkg/feeds.py", "tests/test_feeds.py"),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/serialization.py": FACADE_JSON,
            "pkg/feeds.py": dedent(
                '''
    """Feeds."""

    import json
    from json import JSONDecodeError


    def parse(text):
        try:
            return json.loads(text)
        except JSONDecodeError:
            return None


    def render(value):
        return json.dumps(value, indent=2)
    '''
            ),
            "tests/test_feeds.py": dedent(
                """
    from json import loads as parse_json
    from unittest import mock

    from pkg import feeds


    def test_render():
        assert parse_json(feeds.render([1])) == [1]


    def test_parse_patched():
        with mock.patch("json.loads", return_value=3):
            assert feeds.parse("x") == 3
    """
            ),
        },
        files=("pkg/feeds.py", "tests/test_feeds.py"),
        after={
            "pkg/feeds.py": dedent(
                '''
    """Feeds."""

    import pkg.serialization
    from pkg.serialization import JSONDecodeError


    def parse(text):
        try:
            return pkg.serialization.loads(text)
        except JSONDecodeError:
            return None


    def render(value):
        return pkg.serialization.dumps(value, indent=2)
    '''
            ),
            "tests/test_feeds.py": dedent(
                """
    from unittest import mock

    from pkg import feeds
    from pkg.serialization import loads as parse_json


    def test_render():
        assert parse_json(feeds.render([1])) == [1]


    def test_parse_patched():
        with mock.patch("pkg.serialization.loads", return_value=3):
            assert feeds.parse("x") == 3
    """
            ),
        },
    ),
    Case(
        name=(
            "six: chains through the package, builtins dropped, add_metaclass "
            "and raise_from written as Python 3 does"
        ),
        args={
            "old": "six",
            "new": "",
            "facade": "pkg.compat",
            "flag": "PKG_SIX",
            "recipe": "six-stdlib",
            "files": ("pkg/a.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/compat.py": FACADE_SIX,
            "pkg/a.py": dedent(
                """
    import six
    from six.moves.urllib.parse import quote
    from six.moves import range, urllib


    class Meta(type):
        pass


    def f(x):
        for i in range(3):
            pass
        urllib.request.urlopen(x)
        return six.text_type(x), quote(x), six.PY2, six.moves.urllib.parse.quote(x)


    def g(error):
        six.raise_from(ValueError("bad"), error)


    @six.add_metaclass(Meta)
    class C(object):
        pass


    @six.add_metaclass(Meta)
    @some_decorator
    class D:
        pass
    """
            ),
        },
        files=("pkg/a.py",),
        after={
            "pkg/a.py": dedent(
                """
    import pkg.compat
    from pkg.compat import quote, urllib


    class Meta(type):
        pass


    def f(x):
        for i in range(3):
            pass
        urllib.request.urlopen(x)
        return pkg.compat.text_type(x), quote(x), pkg.compat.PY2, pkg.compat.quote(x)


    def g(error):
        raise ValueError("bad") from error


    class C(object, metaclass=Meta):
        pass


    @pkg.compat.add_metaclass(Meta)
    @some_decorator
    class D:
        pass
    """
            ),
        },
    ),
    Case(
        name=(
            "a module only another platform imports is rewritten too (it must "
            "compile, nothing here runs it)"
        ),
        args={
            "old": "six",
            "new": "",
            "facade": "pkg.compat",
            "flag": "PKG_SIX",
            "recipe": "six-stdlib",
            "files": ("pkg/_windows.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/compat.py": FACADE_SIX,
            "pkg/_windows.py": dedent(
                """
    import msvcrt

    import six


    def read_key():
        return six.text_type(msvcrt.getwch())
    """
            ),
        },
        files=("pkg/_windows.py",),
        after={
            "pkg/_windows.py": dedent(
                """
    import msvcrt

    import pkg.compat


    def read_key():
        return pkg.compat.text_type(msvcrt.getwch())
    """
            ),
        },
    ),
    Case(
        name=(
            "the module passed as a value: its import rebound to the facade's "
            "module object (another import of the same name untouched)"
        ),
        args={
            "old": "simplejson",
            "new": "",
            "facade": "pkg.jsonlib",
            "flag": "PKG_JSON",
            "recipe": "simplejson-json",
            "files": ("pkg/__init__.py",),
        },
        before={
            "pkg/jsonlib.py": FACADE_SIMPLEJSON,
            "pkg/__init__.py": dedent(
                """
    import platform

    if platform.python_implementation() == "PyPy":
        import json
    else:
        import simplejson as json  # type: ignore[no-redef]


    def set_json_library(lib):
        global ENCODER
        ENCODER = lib.JSONEncoder(sort_keys=True)


    set_json_library(json)
    """
            ),
        },
        files=("pkg/__init__.py",),
        after={
            "pkg/__init__.py": dedent(
                """
    import platform

    if platform.python_implementation() == "PyPy":
        import json
    else:
        from pkg.jsonlib import simplejson as json  # type: ignore[no-redef]


    def set_json_library(lib):
        global ENCODER
        ENCODER = lib.JSONEncoder(sort_keys=True)


    set_json_library(json)
    """
            ),
        },
    ),
    Case(
        name=(
            "an optional import with a fallback stays one: the facade's module "
            "object in the try, the fallback kept"
        ),
        args={
            "old": "simplejson",
            "new": "",
            "facade": "pkg.jsonlib",
            "flag": "PKG_JSON",
            "recipe": "simplejson-json",
            "files": ("pkg/codec.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/jsonlib.py": FACADE_SIMPLEJSON,
            "pkg/codec.py": dedent(
                """
    try:
        import simplejson as json
    except ImportError:
        import json


    class Encoder(json.JSONEncoder):
        pass


    def dumps(obj, **kwargs):
        return json.dumps(obj, cls=Encoder, **kwargs)
    """
            ),
        },
        files=("pkg/codec.py",),
        after={
            "pkg/codec.py": dedent(
                """
    try:
        from pkg.jsonlib import simplejson as json
    except ImportError:
        import json


    class Encoder(json.JSONEncoder):
        pass


    def dumps(obj, **kwargs):
        return json.dumps(obj, cls=Encoder, **kwargs)
    """
            ),
        },
    ),
    Case(
        name=(
            "names whose every use Python 3 now writes itself are not imported "
            "from the facade; no blank line is left at the top"
        ),
        args={
            "old": "six",
            "new": "",
            "facade": "pkg.compat",
            "flag": "PKG_SIX",
            "recipe": "six-stdlib",
            "files": ("pkg/b.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/compat.py": FACADE_SIX,
            "pkg/b.py": dedent(
                """
    from six import add_metaclass, raise_from

    from pkg import base


    @add_metaclass(base.Meta)
    class Plugin(object):
        pass


    def fail(error):
        raise_from(ValueError("no"), error)
    """
            ),
        },
        files=("pkg/b.py",),
        after={
            "pkg/b.py": dedent(
                """
    from pkg import base


    class Plugin(object, metaclass=base.Meta):
        pass


    def fail(error):
        raise ValueError("no") from error
    """
            ),
        },
    ),
    Case(
        name=(
            "names other modules import from this one stay imported, though it reads none of them"
        ),
        args={
            "old": "six",
            "new": "",
            "facade": "pkg.compat",
            "flag": "PKG_SIX",
            "recipe": "six-stdlib",
            "files": ("pkg/py3.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/compat.py": FACADE_SIX,
            "pkg/py3.py": "from six import text_type, PY2  # noqa: F401\n",
        },
        files=("pkg/py3.py",),
        used_elsewhere=frozenset({"pkg.py3.PY2", "pkg.py3.text_type"}),
        after={
            "pkg/py3.py": "from pkg.compat import text_type, PY2  # noqa: F401\n",
        },
    ),
    Case(
        name=("refused: a star import of the library (the facade serves only the names used)"),
        args={
            "old": "six",
            "new": "",
            "facade": "pkg.compat",
            "flag": "PKG_SIX",
            "recipe": "six-stdlib",
            "files": ("pkg/star.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/compat.py": FACADE_SIX,
            "pkg/star.py": dedent(
                """
    from six import *

    X = text_type(1)
    """
            ),
        },
        files=("pkg/star.py",),
        refused="`from six import *`: the facade serves only the names the project uses",
    ),
    Case(
        name="refused: no facade yet",
        args={
            "old": "json",
            "new": "simplejson",
            "facade": "pkg.serialization",
            "flag": "PKG_JSON",
            "files": ("pkg/feeds.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/feeds.py": "import json\n",
        },
        files=("pkg/feeds.py",),
        refused="apply the expand step first",
    ),
]

FLIP = [
    Case(
        name="the new backend becomes the default",
        args={
            "old": "mock",
            "new": "",
            "facade": "pkg.testing",
            "flag": "PKG_MOCK",
            "recipe": "mock-unittest-mock",
        },
        before={
            "pkg/__init__.py": "",
            "pkg/testing.py": FACADE_MOCK,
        },
        files=("pkg/testing.py",),
        after={
            "pkg/testing.py": dedent(
                '''
    """The project's layer over mock, on its way to unittest.mock.

    refcoord replace-dependency "drop-mock": code imports what it needs of mock
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_MOCK: "old" (mock) or "new" (unittest.mock); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - mock 5.x backports the newest CPython's unittest.mock; on an older Python the
      standard library's lacks later additions and fixes (ThreadingMock: 3.13;
      AsyncMock, call_args.args/.kwargs: 3.8; seal: 3.7): run the suite on the
      oldest Python the project supports
    - mock's objects are not unittest.mock's: isinstance(m, unittest.mock.Mock) is
      false for a mock.Mock, and mock.DEFAULT, mock.sentinel and mock.ANY are other
      objects; code mixing the two libraries (a side_effect returning mock.DEFAULT
      to a unittest.mock mock returns the sentinel itself) breaks until every use
      moves over
    - pytest-mock's mocker uses unittest.mock unless `mock_use_standalone_module =
      true` is set: drop that setting with mock, or the mocker keeps importing it
    - mock.version_info and mock.__version__ have no equivalent (stubs): version
      checks become sys.version_info checks
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_MOCK"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "new"
    _CHOICES = {"old": "old", "new": "new", "mock": "old", "unittest.mock": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (mock) or 'new' (unittest.mock)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from mock import MagicMock, call, patch
    else:
        from unittest.mock import MagicMock, call, patch


    __all__ = [
        "BACKEND",
        "MagicMock",
        "call",
        "patch",
    ]
    '''
            ),
        },
    ),
    Case(
        name="refused while a name has no new backend",
        args={
            "old": "toml",
            "new": "",
            "facade": "pkg.tomlio",
            "flag": "PKG_TOML",
            "recipe": "toml-tomllib",
        },
        before={
            "pkg/__init__.py": "",
            "pkg/tomlio.py": FACADE_TOML,
        },
        files=("pkg/tomlio.py",),
        refused="1 name(s) of the facade have no new backend yet: toml.dumps (line",
    ),
]

CONTRACT = [
    Case(
        name=(
            "the facade over the new backend only; every mention of the old "
            "dependency out of the manifests"
        ),
        args={
            "old": "mock",
            "new": "",
            "facade": "pkg.testing",
            "flag": "PKG_MOCK",
            "recipe": "mock-unittest-mock",
        },
        before={
            "pkg/__init__.py": "",
            "pkg/testing.py": dedent(
                '''
    """The project's layer over mock, on its way to unittest.mock.

    refcoord replace-dependency "drop-mock": code imports what it needs of mock
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_MOCK: "old" (mock) or "new" (unittest.mock); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - mock 5.x backports the newest CPython's unittest.mock; on an older Python the
      standard library's lacks later additions and fixes (ThreadingMock: 3.13;
      AsyncMock, call_args.args/.kwargs: 3.8; seal: 3.7): run the suite on the
      oldest Python the project supports
    - mock's objects are not unittest.mock's: isinstance(m, unittest.mock.Mock) is
      false for a mock.Mock, and mock.DEFAULT, mock.sentinel and mock.ANY are other
      objects; code mixing the two libraries (a side_effect returning mock.DEFAULT
      to a unittest.mock mock returns the sentinel itself) breaks until every use
      moves over
    - pytest-mock's mocker uses unittest.mock unless `mock_use_standalone_module =
      true` is set: drop that setting with mock, or the mocker keeps importing it
    - mock.version_info and mock.__version__ have no equivalent (stubs): version
      checks become sys.version_info checks
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_MOCK"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "new"
    _CHOICES = {"old": "old", "new": "new", "mock": "old", "unittest.mock": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (mock) or 'new' (unittest.mock)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from mock import MagicMock, call, patch
    else:
        from unittest.mock import MagicMock, call, patch


    __all__ = [
        "BACKEND",
        "MagicMock",
        "call",
        "patch",
    ]
    '''
            ),
            "pyproject.toml": dedent(
                """
    [project]
    name = "pkg"
    dependencies = ["attrs"]

    [project.optional-dependencies]
    test = ["mock>=4", "pytest", "types-mock"]
    """
            ),
            "requirements-dev.txt": dedent(
                """
    mock==5.1.0
    pytest
    """
            ),
            "docs/conf.py": 'autodoc_mock_imports = ["mock", "numpy"]\n',
        },
        files=("pkg/testing.py", "docs/conf.py", "pyproject.toml", "requirements-dev.txt"),
        refactor="drop-mock",
        after={
            "pkg/testing.py": dedent(
                '''
    """The project's layer over unittest.mock.

    refcoord replace-dependency "drop-mock" moved the project from mock to
    unittest.mock: code imports what it needs of it from here.
    """

    from __future__ import annotations

    from unittest.mock import MagicMock, call, patch


    __all__ = [
        "MagicMock",
        "call",
        "patch",
    ]
    '''
            ),
            "docs/conf.py": 'autodoc_mock_imports = ["numpy"]\n',
            "pyproject.toml": dedent(
                """
    [project]
    name = "pkg"
    dependencies = ["attrs"]

    [project.optional-dependencies]
    test = ["pytest"]
    """
            ),
            "requirements-dev.txt": "pytest\n",
        },
    ),
    Case(
        name="inline: the facade goes, its importers import the new library",
        args={
            "old": "mock",
            "new": "",
            "facade": "pkg.testing",
            "flag": "PKG_MOCK",
            "recipe": "mock-unittest-mock",
            "inline": True,
            "files": ("tests/test_a.py",),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/testing.py": dedent(
                '''
    """The project's layer over mock, on its way to unittest.mock.

    refcoord replace-dependency "drop-mock": code imports what it needs of mock
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_MOCK: "old" (mock) or "new" (unittest.mock); the
    library names are accepted too, and anything else is an error that names the
    variable and the valid values. Unset, _DEFAULT applies. The variable reaches
    the processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - mock 5.x backports the newest CPython's unittest.mock; on an older Python the
      standard library's lacks later additions and fixes (ThreadingMock: 3.13;
      AsyncMock, call_args.args/.kwargs: 3.8; seal: 3.7): run the suite on the
      oldest Python the project supports
    - mock's objects are not unittest.mock's: isinstance(m, unittest.mock.Mock) is
      false for a mock.Mock, and mock.DEFAULT, mock.sentinel and mock.ANY are other
      objects; code mixing the two libraries (a side_effect returning mock.DEFAULT
      to a unittest.mock mock returns the sentinel itself) breaks until every use
      moves over
    - pytest-mock's mocker uses unittest.mock unless `mock_use_standalone_module =
      true` is set: drop that setting with mock, or the mocker keeps importing it
    - mock.version_info and mock.__version__ have no equivalent (stubs): version
      checks become sys.version_info checks
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_MOCK"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "new"
    _CHOICES = {"old": "old", "new": "new", "mock": "old", "unittest.mock": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (mock) or 'new' (unittest.mock)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from mock import MagicMock, call, patch
    else:
        from unittest.mock import MagicMock, call, patch


    __all__ = [
        "BACKEND",
        "MagicMock",
        "call",
        "patch",
    ]
    '''
            ),
            "tests/test_a.py": dedent(
                """
    import pkg.testing
    from pkg.testing import MagicMock, call


    def test_calls():
        m = MagicMock()
        m(1)
        with pkg.testing.patch("os.getcwd", return_value="/"):
            assert m.call_args_list == [call(1)]
    """
            ),
        },
        files=("pkg/testing.py", "tests/test_a.py"),
        refactor="drop-mock",
        after={
            "pkg/testing.py": None,
            "tests/test_a.py": dedent(
                """
    import unittest.mock
    from unittest.mock import MagicMock, call


    def test_calls():
        m = MagicMock()
        m(1)
        with unittest.mock.patch("os.getcwd", return_value="/"):
            assert m.call_args_list == [call(1)]
    """
            ),
        },
    ),
    Case(
        name="refused: a facade with adapter code cannot be inlined",
        args={
            "old": "toml",
            "new": "",
            "facade": "pkg.tomlio",
            "flag": "PKG_TOML",
            "recipe": "toml-tomllib",
            "inline": True,
            "files": (),
        },
        before={
            "pkg/__init__.py": "",
            "pkg/tomlio.py": dedent(
                r'''
    """The project's layer over toml, on its way to tomllib.

    refcoord replace-dependency "toml-tomllib": code imports what it needs of toml
    from here. The backend is chosen once, when this module is first imported, by
    the environment variable PKG_TOML: "old" (toml) or "new" (tomllib); the library
    names are accepted too, and anything else is an error that names the variable
    and the valid values. Unset, _DEFAULT applies. The variable reaches the
    processes a test run starts, so a whole suite runs on one backend.

    Check what behaves differently on the new backend:
    - writing: tomllib cannot write TOML; toml.dumps, toml.dump and the encoder
      classes are stubs (tomli_w writes, without toml's encoder options or
      comments)
    - tomllib.load takes a file opened in binary mode only; the facade's load also
      takes a path, a list of paths or a text file, as toml.load did
    - toml's _dict= and decoder= arguments are gone: tomllib returns plain dicts
      (in document order) and takes only parse_float= (parse_float=decimal.Decimal
      keeps floats exact); inline tables are plain dicts too, not toml's
      InlineTableDict
    - errors: toml.TomlDecodeError becomes the facade's TomlDecodeError, a
      tomllib.TOMLDecodeError (so a ValueError) made as toml's (msg, doc, pos; with
      lineno and colno), which the facade's load and loads raise from tomllib's
      error. Its msg is tomllib's ('Invalid value', not toml's wording) and pos,
      lineno and colno are where tomllib stopped, often not where toml did (toml
      mostly points at the start of the line); tomllib.loads called directly raises
      a plain tomllib.TOMLDecodeError, which except TomlDecodeError does not catch
    - dates and times: offset datetimes carry datetime.timezone
      (datetime.timezone.utc for Z) instead of toml.tz.TomlTz, and local times keep
      their fractional seconds (toml 0.10 drops them from 07:32:00.5)
    - TOML 1.0: tomllib accepts arrays of mixed types (toml raises 'Not a
      homogeneous array') and rejects some invalid documents toml let through:
      parse every configuration file the project ships with the new backend
    """

    from __future__ import annotations

    import os as _os
    import typing as _typing

    _FLAG = "PKG_TOML"
    #: the backend when the variable is not set ("new" from the flip step on)
    _DEFAULT = "new"
    _CHOICES = {"old": "old", "new": "new", "toml": "old", "tomllib": "new"}


    def _chosen() -> str:
        value = _os.environ.get(_FLAG, _DEFAULT).strip().lower() or _DEFAULT
        if value not in _CHOICES:
            raise ValueError(
                f"{_FLAG}={value!r} is not a backend: "
                "use 'old' (toml) or 'new' (tomllib)"
            )
        return _CHOICES[value]


    BACKEND = _chosen()

    # Type checkers read the old backend until the contract step.
    if _typing.TYPE_CHECKING or BACKEND == "old":
        from toml import dumps, loads
    else:
        import re
        import sys
        if sys.version_info >= (3, 11):
            import tomllib
        else:
            import tomli as tomllib

        class TomlDecodeError(tomllib.TOMLDecodeError):
            """toml.TomlDecodeError on tomllib: made from the message, the
            document and the position in it, as toml's, with its msg, doc, pos,
            lineno and colno; a tomllib.TOMLDecodeError (so a ValueError)."""

            def __init__(self, msg, doc, pos):
                lineno = doc.count("\n", 0, pos) + 1
                colno = pos - doc.rfind("\n", 0, pos)
                message = f"{msg} (line {lineno} column {colno} char {pos})"
                ValueError.__init__(self, message)
                self.msg = msg
                self.doc = doc
                self.pos = pos
                self.lineno = lineno
                self.colno = colno

        _TOMLLIB_AT = re.compile(
            r"(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)"
            r"|end of document)\)",
            re.DOTALL,
        )

        def _toml_loads(doc):
            """tomllib.loads(doc), a parse error raised as TomlDecodeError from
            tomllib's, at the line and column its message (the same on every
            version) gives, counted in ``doc`` as given (tomllib reads CRLF as
            LF)."""
            if not isinstance(doc, str):
                raise TypeError("Expecting something like a string")
            try:
                return tomllib.loads(doc)
            except tomllib.TOMLDecodeError as error:
                found = _TOMLLIB_AT.fullmatch(str(error))
                if found is None:
                    raise TomlDecodeError(str(error), doc, 0) from error
                pos = len(doc)
                if found["line"] is not None:
                    above = doc.split("\n")[: int(found["line"]) - 1]
                    pos = sum(len(line) + 1 for line in above)
                    pos = min(pos + int(found["column"]) - 1, len(doc))
                raise TomlDecodeError(found["msg"], doc, pos) from error

        def dumps(*args, **kwargs):
            raise NotImplementedError(
                "toml.dumps has no new backend yet: tomllib only reads TOML: "
                "write it with tomli_w (tomli-w on PyPI: dumps(obj), dump(obj, "
                "binary_file)), or keep toml for writing"
            )

        def loads(s):
            """toml.loads on tomllib: a document that does not parse raises
            TomlDecodeError (a tomllib.TOMLDecodeError). toml's ``_dict`` and
            ``decoder`` arguments are not supported."""
            return _toml_loads(s)


    __all__ = [
        "BACKEND",
        "dumps",
        "loads",
    ]
    '''
            ),
        },
        files=("pkg/tomlio.py",),
        refused="the facade cannot be inlined",
    ),
    Case(
        name="refused before the flip",
        args={
            "old": "mock",
            "new": "",
            "facade": "pkg.testing",
            "flag": "PKG_MOCK",
            "recipe": "mock-unittest-mock",
        },
        before={
            "pkg/__init__.py": "",
            "pkg/testing.py": FACADE_MOCK,
        },
        files=("pkg/testing.py",),
        refused="apply the flip step first",
    ),
]

CASES = {
    "replace-dependency.expand": EXPAND,
    "replace-dependency.migrate": MIGRATE,
    "replace-dependency.flip": FLIP,
    "replace-dependency.contract": CONTRACT,
}
