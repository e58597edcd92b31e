"""six -> the standard library: what each name of six (1.17) is on Python 3 (pure data).

Most of six on Python 3 *is* the standard library (``six.moves.range is range``,
``six.text_type is str``, ``six.moves.configparser is configparser``): those entries are marked
``identical``. The rest have no standard-library object of their own: they are ``code`` entries
copying six's Python 3 code paths (six is MIT licensed, Copyright (c) 2010-2024 Benjamin
Peterson), or ``value`` entries for six's constants.
"""

from __future__ import annotations

from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, code, module, name, stub, value


def _same_module(new: str) -> Target:
    """A ``six.moves`` module that is the standard-library module itself on Python 3."""
    return Target("module", new, identical=True)


def _getter(old: str, attribute: str) -> Target:
    """``six.get_function_code`` and the like: read one attribute (six: ``attrgetter``)."""
    return code(f"def {old}(obj):\n    return obj.{attribute}\n")


def _dict_iterator(old: str, method: str) -> Target:
    """``six.iteritems`` and the like (six's Python 3 definitions)."""
    return code(f"def {old}(d, **kw):\n    return iter(d.{method}(**kw))\n")


def _dict_view(old: str, method: str) -> Target:
    """``six.viewitems`` and the like (six: ``methodcaller``)."""
    return code(f"def {old}(d):\n    return d.{method}()\n")


def _assertion(old: str) -> Target:
    """``six.assertCountEqual(self, ...)`` and the like: the TestCase method of that name."""
    return code(f"def {old}(self, *args, **kwargs):\n    return self.{old}(*args, **kwargs)\n")


_REMOVED_MOVES = "registers a name in six.moves; Python 3 has no moves namespace to add to"

_WITH_METACLASS = '''
def with_metaclass(meta, *bases):
    """Create a base class with a metaclass (six 1.17, Python 3 path)."""

    # A dummy metaclass for one level of class instantiation that replaces
    # itself with the actual metaclass.
    class metaclass(type):
        def __new__(cls, name, this_bases, d):
            resolved_bases = types.resolve_bases(bases)
            if resolved_bases is not bases:
                d["__orig_bases__"] = bases
            return meta(name, resolved_bases, d)

        @classmethod
        def __prepare__(cls, name, this_bases):
            return meta.__prepare__(name, bases)

    return type.__new__(metaclass, "temporary_class", (), {})
'''

_ADD_METACLASS = '''
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
'''

_RERAISE = '''
def reraise(tp, value, tb=None):
    """Reraise an exception (six 1.17, Python 3 path)."""
    try:
        if value is None:
            value = tp()
        if value.__traceback__ is not tb:
            raise value.with_traceback(tb)
        raise value
    finally:
        value = None
        tb = None
'''

_RAISE_FROM = '''
def raise_from(value, from_value):
    """Raise ``value`` from ``from_value`` (six 1.17, Python 3 path)."""
    try:
        raise value from from_value
    finally:
        value = None
'''

_ENSURE_BINARY = '''
def ensure_binary(s, encoding="utf-8", errors="strict"):
    """Coerce ``s`` to bytes: str is encoded, bytes returned as is
    (six 1.17, Python 3)."""
    if isinstance(s, bytes):
        return s
    if isinstance(s, str):
        return s.encode(encoding, errors)
    raise TypeError("not expecting type '%s'" % type(s))
'''

_ENSURE_STR = '''
def ensure_str(s, encoding="utf-8", errors="strict"):
    """Coerce ``s`` to str: bytes are decoded, str returned as is
    (six 1.17, Python 3)."""
    if type(s) is str:
        return s
    if isinstance(s, bytes):
        return s.decode(encoding, errors)
    if not isinstance(s, str):
        raise TypeError("not expecting type '%s'" % type(s))
    return s
'''

_ENSURE_TEXT = '''
def ensure_text(s, encoding="utf-8", errors="strict"):
    """Coerce ``s`` to str: bytes are decoded, str returned as is
    (six 1.17, Python 3)."""
    if isinstance(s, bytes):
        return s.decode(encoding, errors)
    if isinstance(s, str):
        return s
    raise TypeError("not expecting type '%s'" % type(s))
'''

_ENTRIES: dict[str, Target] = {
    # -- constants and types
    "six.PY2": value("False", identical=True),
    "six.PY3": value("True", identical=True),
    "six.PY34": value("True", identical=True),
    "six.string_types": value("(str,)"),
    "six.integer_types": value("(int,)"),
    "six.class_types": value("(type,)"),
    "six.text_type": name("builtins.str", identical=True),
    "six.binary_type": name("builtins.bytes", identical=True),
    "six.MAXSIZE": name("sys.maxsize", identical=True),
    "six.Iterator": name("builtins.object", identical=True),
    # -- dictionaries and iterators
    "six.iteritems": _dict_iterator("iteritems", "items"),
    "six.iterkeys": _dict_iterator("iterkeys", "keys"),
    "six.itervalues": _dict_iterator("itervalues", "values"),
    "six.iterlists": _dict_iterator("iterlists", "lists"),
    "six.viewitems": _dict_view("viewitems", "items"),
    "six.viewkeys": _dict_view("viewkeys", "keys"),
    "six.viewvalues": _dict_view("viewvalues", "values"),
    "six.next": name("builtins.next", identical=True),
    "six.advance_iterator": name("builtins.next", identical=True),
    "six.callable": name("builtins.callable", identical=True),
    # -- functions and methods
    "six.get_unbound_function": code("def get_unbound_function(unbound):\n    return unbound\n"),
    "six.create_bound_method": name("types.MethodType", identical=True),
    "six.create_unbound_method": code("def create_unbound_method(func, cls):\n    return func\n"),
    "six.get_method_function": _getter("get_method_function", "__func__"),
    "six.get_method_self": _getter("get_method_self", "__self__"),
    "six.get_function_closure": _getter("get_function_closure", "__closure__"),
    "six.get_function_code": _getter("get_function_code", "__code__"),
    "six.get_function_defaults": _getter("get_function_defaults", "__defaults__"),
    "six.get_function_globals": _getter("get_function_globals", "__globals__"),
    "six.wraps": name("functools.wraps", identical=True),
    # -- text and bytes
    "six.b": code('def b(s):\n    return s.encode("latin-1")\n'),
    "six.u": code("def u(s):\n    return s\n"),
    "six.unichr": name("builtins.chr", identical=True),
    "six.int2byte": code('def int2byte(i):\n    return struct.pack(">B", i)\n', "import struct"),
    "six.byte2int": code("def byte2int(bs):\n    return bs[0]\n"),
    "six.indexbytes": name("operator.getitem", identical=True),
    "six.iterbytes": name("builtins.iter", identical=True),
    "six.StringIO": name("io.StringIO", identical=True),
    "six.BytesIO": name("io.BytesIO", identical=True),
    "six.ensure_binary": code(_ENSURE_BINARY),
    "six.ensure_str": code(_ENSURE_STR),
    "six.ensure_text": code(_ENSURE_TEXT),
    "six.python_2_unicode_compatible": code(
        "def python_2_unicode_compatible(klass):\n    return klass\n"
    ),
    # -- unittest assertions (called as six.assertRegex(self, ...))
    "six.assertCountEqual": _assertion("assertCountEqual"),
    "six.assertRaisesRegex": _assertion("assertRaisesRegex"),
    "six.assertRegex": _assertion("assertRegex"),
    "six.assertNotRegex": _assertion("assertNotRegex"),
    # -- exceptions, exec, print, metaclasses
    "six.reraise": code(_RERAISE),
    "six.raise_from": code(_RAISE_FROM),
    "six.exec_": name("builtins.exec", identical=True),
    "six.print_": name("builtins.print", identical=True),
    "six.with_metaclass": code(_WITH_METACLASS, "import types"),
    "six.add_metaclass": code(_ADD_METACLASS),
    # -- six's own machinery
    "six.add_move": stub(f"{_REMOVED_MOVES}: import the module or name directly"),
    "six.remove_move": stub(f"{_REMOVED_MOVES}: drop the call"),
    "six.MovedAttribute": stub(f"{_REMOVED_MOVES}: import the name directly"),
    "six.MovedModule": stub(f"{_REMOVED_MOVES}: import the module directly"),
    # -- six.moves: a namespace, every name of which has its own entry below
    "six.moves": module("builtins"),
    "six.moves.builtins": _same_module("builtins"),
    "six.moves.range": name("builtins.range", identical=True),
    "six.moves.xrange": name("builtins.range", identical=True),
    "six.moves.map": name("builtins.map", identical=True),
    "six.moves.filter": name("builtins.filter", identical=True),
    "six.moves.zip": name("builtins.zip", identical=True),
    "six.moves.input": name("builtins.input", identical=True),
    "six.moves.filterfalse": name("itertools.filterfalse", identical=True),
    "six.moves.zip_longest": name("itertools.zip_longest", identical=True),
    "six.moves.reduce": name("functools.reduce", identical=True),
    "six.moves.reload_module": name("importlib.reload", identical=True),
    "six.moves.intern": name("sys.intern", identical=True),
    "six.moves.getcwd": name("os.getcwd", identical=True),
    "six.moves.getcwdb": name("os.getcwdb", identical=True),
    "six.moves.getoutput": name("subprocess.getoutput", identical=True),
    "six.moves.shlex_quote": name("shlex.quote", identical=True),
    "six.moves.StringIO": name("io.StringIO", identical=True),
    "six.moves.cStringIO": name("io.StringIO", identical=True),
    "six.moves.UserDict": name("collections.UserDict", identical=True),
    "six.moves.UserList": name("collections.UserList", identical=True),
    "six.moves.UserString": name("collections.UserString", identical=True),
    "six.moves.configparser": _same_module("configparser"),
    "six.moves.collections_abc": _same_module("collections.abc"),
    "six.moves.copyreg": _same_module("copyreg"),
    "six.moves.cPickle": _same_module("pickle"),
    "six.moves.queue": _same_module("queue"),
    "six.moves.reprlib": _same_module("reprlib"),
    "six.moves.socketserver": _same_module("socketserver"),
    "six.moves._thread": _same_module("_thread"),
    "six.moves._dummy_thread": _same_module("_thread"),
    "six.moves.dbm_gnu": _same_module("dbm.gnu"),
    "six.moves.dbm_ndbm": _same_module("dbm.ndbm"),
    "six.moves.http_client": _same_module("http.client"),
    "six.moves.http_cookiejar": _same_module("http.cookiejar"),
    "six.moves.http_cookies": _same_module("http.cookies"),
    "six.moves.html_entities": _same_module("html.entities"),
    "six.moves.html_parser": _same_module("html.parser"),
    "six.moves.BaseHTTPServer": _same_module("http.server"),
    "six.moves.CGIHTTPServer": _same_module("http.server"),
    "six.moves.SimpleHTTPServer": _same_module("http.server"),
    "six.moves.email_mime_base": _same_module("email.mime.base"),
    "six.moves.email_mime_image": _same_module("email.mime.image"),
    "six.moves.email_mime_multipart": _same_module("email.mime.multipart"),
    "six.moves.email_mime_nonmultipart": _same_module("email.mime.nonmultipart"),
    "six.moves.email_mime_text": _same_module("email.mime.text"),
    "six.moves.xmlrpc_client": _same_module("xmlrpc.client"),
    "six.moves.xmlrpc_server": _same_module("xmlrpc.server"),
    "six.moves.tkinter": _same_module("tkinter"),
    "six.moves.tkinter_colorchooser": _same_module("tkinter.colorchooser"),
    "six.moves.tkinter_commondialog": _same_module("tkinter.commondialog"),
    "six.moves.tkinter_constants": _same_module("tkinter.constants"),
    "six.moves.tkinter_dialog": _same_module("tkinter.dialog"),
    "six.moves.tkinter_dnd": _same_module("tkinter.dnd"),
    "six.moves.tkinter_filedialog": _same_module("tkinter.filedialog"),
    "six.moves.tkinter_font": _same_module("tkinter.font"),
    "six.moves.tkinter_messagebox": _same_module("tkinter.messagebox"),
    "six.moves.tkinter_scrolledtext": _same_module("tkinter.scrolledtext"),
    "six.moves.tkinter_simpledialog": _same_module("tkinter.simpledialog"),
    "six.moves.tkinter_tix": _same_module("tkinter.tix"),
    "six.moves.tkinter_tkfiledialog": _same_module("tkinter.filedialog"),
    "six.moves.tkinter_tksimpledialog": _same_module("tkinter.simpledialog"),
    "six.moves.tkinter_ttk": _same_module("tkinter.ttk"),
    # six's own lazy modules (a subset of the standard ones' names; not the same objects)
    # the package with the submodules six.moves.urllib has (importing urllib alone loads none)
    "six.moves.urllib": value(
        "urllib",
        "import urllib.error",
        "import urllib.parse",
        "import urllib.request",
        "import urllib.response",
        "import urllib.robotparser",
    ),
    "six.moves.urllib.parse": module("urllib.parse"),
    "six.moves.urllib.error": module("urllib.error"),
    "six.moves.urllib.request": module("urllib.request"),
    "six.moves.urllib.response": module("urllib.response"),
    "six.moves.urllib.robotparser": module("urllib.robotparser"),
    "six.moves.urllib_parse": module("urllib.parse"),
    "six.moves.urllib_error": module("urllib.error"),
    "six.moves.urllib_robotparser": module("urllib.robotparser"),
}

RECIPE = Recipe(
    id="six-stdlib",
    old="six",
    new="the standard library",
    old_distribution="six",
    requirement=None,
    entries=MappingProxyType(_ENTRIES),
    differences=(
        (
            "six.moves.urllib imports its parse, error, request, response and robotparser "
            "submodules for you; `import urllib` does not: code reaching `urllib.parse.X` through "
            "a bare `import urllib` needs `import urllib.parse`"
        ),
        (
            "six.moves.urllib.parse, .request, .error and .response are six's own lazy modules "
            "holding a subset of the standard modules' names (`six.moves.urllib.parse is "
            "urllib.parse` is false): code that patches or inspects those module objects "
            "(`mock.patch.object(six.moves.urllib.request, 'urlopen')`) must move to the "
            "standard module"
        ),
        (
            "six.string_types, integer_types and class_types become new tuples ((str,), (int,), "
            "(type,)): isinstance checks are unchanged, identity checks against six's tuples are "
            "not"
        ),
        (
            "`if six.PY2:` branches become dead code (PY2 is False): delete them once the flag is "
            "flipped, and check that no Python 2 branch was the one the tests exercised"
        ),
        (
            "six.moves.tkinter_tix is tkinter.tix, deprecated since Python 3.6 and removed in "
            "3.13; six.moves.dbm_gnu, dbm_ndbm and the tkinter modules import only where the "
            "interpreter was built with them (as with six)"
        ),
        (
            "a name the project registered itself with six.add_move is looked up in builtins (the "
            "module six.moves stands for) and fails to import there: map it in [refactor.map]"
        ),
        (
            "@six.add_metaclass(M) on a class is rewritten to `class C(Base, metaclass=M)` when "
            "it is the decorator closest to the class (else it stays, through the facade): the "
            "class is then made once, by M, where add_metaclass made it twice, so a base's "
            "`__init_subclass__` (or a registry it feeds) runs once instead of twice; "
            "six.with_metaclass keeps six's behaviour in the facade"
        ),
    ),
    companions=("types-six",),
    syntax={"six.add_metaclass": "metaclass", "six.raise_from": "raise-from"},
)
