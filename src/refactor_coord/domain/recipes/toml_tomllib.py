"""toml -> tomllib: reading TOML with the standard library (tomli before Python 3.11) (pure
data).

tomllib only reads: toml's writers (``dumps``, ``dump``, the encoders) are stubs. The prelude
binds ``tomllib`` to the standard module on 3.11 and later and to tomli before, so the entries
are written against that name (``value`` entries, not ``name`` ones, which would import
``tomllib`` directly).

toml's ``TomlDecodeError(msg, doc, pos)`` is built as toml builds it, and ``load`` and ``loads``
raise it for a document that does not parse. Those three targets share the class and the
parsing function, and each ``code`` target is pasted on its own, so both live in the prelude:
the facade emits it once, first in its new branch, before any name's imports, values or code
(see ``_new_definitions`` in the replace-dependency codemod). ``TomlDecodeError``'s entry is a
``value`` naming itself (the prelude binds it; the facade writes nothing more).
"""

from __future__ import annotations

from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, code, name, stub, value

#: pasted once at the head of the facade's new branch (one line an item: a blank line between
#: definitions, never two, as the branch is indented)
_PRELUDE = r'''
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
        raise TomlDecodeError(found["msg"], doc, pos) from error'''

_LOADS_SOURCE = '''
def loads(s):
    """toml.loads on tomllib: a document that does not parse raises
    TomlDecodeError (a tomllib.TOMLDecodeError). toml's ``_dict`` and
    ``decoder`` arguments are not supported."""
    return _toml_loads(s)
'''

_LOAD = '''
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
'''

_WRITE = (
    "tomllib only reads TOML: write it with tomli_w (tomli-w on PyPI: dumps(obj), "
    "dump(obj, binary_file)), or keep toml for writing"
)
_ENCODER = f"toml's encoder classes customise writing; {_WRITE}"
_DECODER = "tomllib has no decoder class: parse_float is its only hook, and comments are not kept"
_LOADS = code(_LOADS_SOURCE)
_LOAD_CODE = code(_LOAD, "import os")
_ERROR = value("TomlDecodeError")  # the prelude defines it

_ENTRIES: dict[str, Target] = {
    "toml.loads": _LOADS,
    "toml.load": _LOAD_CODE,
    "toml.TomlDecodeError": _ERROR,
    "toml.dumps": stub(_WRITE),
    "toml.dump": stub(_WRITE),
    "toml.TomlDecoder": stub(_DECODER),
    "toml.TomlPreserveCommentDecoder": stub(_DECODER),
    "toml.TomlEncoder": stub(_ENCODER),
    "toml.TomlArraySeparatorEncoder": stub(_ENCODER),
    "toml.TomlNumpyEncoder": stub(_ENCODER),
    "toml.TomlPathlibEncoder": stub(_ENCODER),
    "toml.TomlPreserveCommentEncoder": stub(_ENCODER),
    "toml.TomlPreserveInlineDictEncoder": stub(_ENCODER),
    "toml.decoder.loads": _LOADS,
    "toml.decoder.load": _LOAD_CODE,
    "toml.decoder.TomlDecodeError": _ERROR,
    "toml.decoder.TomlDecoder": stub(_DECODER),
    "toml.decoder.TomlPreserveCommentDecoder": stub(_DECODER),
    "toml.decoder.CommentValue": stub(_DECODER),
    "toml.decoder.InlineTableDict": stub(
        "tomllib returns inline tables as plain dicts: there is no marker class to test for"
    ),
    "toml.encoder.dumps": stub(_WRITE),
    "toml.encoder.dump": stub(_WRITE),
    "toml.encoder.TomlEncoder": stub(_ENCODER),
    "toml.encoder.TomlArraySeparatorEncoder": stub(_ENCODER),
    "toml.encoder.TomlNumpyEncoder": stub(_ENCODER),
    "toml.encoder.TomlPathlibEncoder": stub(_ENCODER),
    "toml.encoder.TomlPreserveCommentEncoder": stub(_ENCODER),
    "toml.encoder.TomlPreserveInlineDictEncoder": stub(_ENCODER),
    "toml.tz.TomlTz": name("datetime.timezone"),
}

RECIPE = Recipe(
    id="toml-tomllib",
    old="toml",
    new="tomllib",
    old_distribution="toml",
    requirement='tomli>=1.1.0; python_version < "3.11"',
    entries=MappingProxyType(_ENTRIES),
    differences=(
        (
            "writing: tomllib cannot write TOML; toml.dumps, toml.dump and the encoder classes "
            "are stubs (tomli_w writes, without toml's encoder options or comments)"
        ),
        (
            "tomllib.load takes a file opened in binary mode only; the facade's load also takes "
            "a path, a list of paths or a text file, as toml.load did"
        ),
        (
            "toml's _dict= and decoder= arguments are gone: tomllib returns plain dicts (in "
            "document order) and takes only parse_float= (parse_float=decimal.Decimal keeps "
            "floats exact); inline tables are plain dicts too, not toml's InlineTableDict"
        ),
        (
            "errors: toml.TomlDecodeError becomes the facade's TomlDecodeError, a "
            "tomllib.TOMLDecodeError (so a ValueError) made as toml's (msg, doc, pos; with "
            "lineno and colno), which the facade's load and loads raise from tomllib's error. "
            "Its msg is tomllib's ('Invalid value', not toml's wording) and pos, lineno and "
            "colno are where tomllib stopped, often not where toml did (toml mostly points at "
            "the start of the line); tomllib.loads called directly raises a plain "
            "tomllib.TOMLDecodeError, which except TomlDecodeError does not catch"
        ),
        (
            "dates and times: offset datetimes carry datetime.timezone (datetime.timezone.utc "
            "for Z) instead of toml.tz.TomlTz, and local times keep their fractional seconds "
            "(toml 0.10 drops them from 07:32:00.5)"
        ),
        (
            "TOML 1.0: tomllib accepts arrays of mixed types (toml raises 'Not a homogeneous "
            "array') and rejects some invalid documents toml let through: parse every "
            "configuration file the project ships with the new backend"
        ),
    ),
    companions=("types-toml",),
    prelude=tuple(_PRELUDE.strip("\n").splitlines()),
)
