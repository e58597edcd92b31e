"""simplejson -> json: what each name of simplejson is in the standard library (pure data).

The functions and classes map to json's namesakes, whose defaults differ in ways no facade can
paper over (Decimal, namedtuples, NaN: see the differences). simplejson's submodules stand for
json's (``simplejson.decoder`` -> ``json.decoder``).
"""

from __future__ import annotations

from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, code, module, name, stub, value

_JSON_ENCODER_FOR_HTML = r'''
class JSONEncoderForHTML(json.JSONEncoder):
    """simplejson.JSONEncoderForHTML on json.JSONEncoder: JSON safe to
    embed in HTML, with &, < and > escaped (and U+2028, U+2029 when
    ensure_ascii is false)."""

    def encode(self, o):
        return "".join(self.iterencode(o))

    def iterencode(self, o, _one_shot=False):
        for chunk in super().iterencode(o, _one_shot):
            chunk = chunk.replace("&", "\\u0026")
            chunk = chunk.replace("<", "\\u003c")
            chunk = chunk.replace(">", "\\u003e")
            if not self.ensure_ascii:
                chunk = chunk.replace("\u2028", "\\u2028")
                chunk = chunk.replace("\u2029", "\\u2029")
            yield chunk
'''

#: simplejson.loads on json.loads, shared by loads and load (the prelude writes it once)
_PRELUDE = (
    "import decimal",
    "import json",
    "",
    "def _loads(s, encoding=None, *args, use_decimal=False, **kw):",
    '    """simplejson.loads on json.loads: ``encoding`` decodes bytes (json',
    "    itself reads UTF-8, -16 and -32), ``use_decimal`` is",
    '    parse_float=decimal.Decimal; the other arguments are json\'s."""',
    "    if encoding is not None and isinstance(s, (bytes, bytearray)):",
    "        s = s.decode(encoding)",
    "    if use_decimal:",
    '        kw.setdefault("parse_float", decimal.Decimal)',
    "    return json.loads(s, *args, **kw)",
)

_LOAD = """
def load(fp, encoding=None, *args, use_decimal=False, **kw):
    \"\"\"simplejson.load on json: simplejson.loads' encoding and
    use_decimal too.\"\"\"
    text = fp.read()
    return _loads(text, encoding, *args, use_decimal=use_decimal, **kw)
"""

_ERROR = name("json.JSONDecodeError")

_ENTRIES: dict[str, Target] = {
    # the module itself, where code passes it as a value (set_json_library(simplejson)): json
    # stands for it whole; a value, not a module entry, so that a name below it that has no
    # entry of its own is still a stub rather than json's namesake
    "simplejson": value("json", "import json"),
    "simplejson.dumps": name("json.dumps"),
    "simplejson.dump": name("json.dump"),
    "simplejson.loads": value("_loads"),
    "simplejson.load": code(_LOAD),
    "simplejson.JSONDecoder": name("json.JSONDecoder"),
    "simplejson.JSONEncoder": name("json.JSONEncoder"),
    "simplejson.JSONDecodeError": _ERROR,
    "simplejson.JSONEncoderForHTML": code(_JSON_ENCODER_FOR_HTML, "import json"),
    "simplejson.OrderedDict": name("collections.OrderedDict", identical=True),
    "simplejson.Decimal": name("decimal.Decimal", identical=True),
    "simplejson.RawJSON": stub(
        "json cannot embed pre-encoded JSON text in its output: decode it and encode the "
        "value, or assemble the text by hand"
    ),
    "simplejson.simple_first": stub(
        "an item_sort_key helper; json has no item_sort_key (sort_keys=True sorts by key only)"
    ),
    "simplejson.errors.JSONDecodeError": _ERROR,
    "simplejson.scanner.JSONDecodeError": _ERROR,
    "simplejson.decoder.JSONDecodeError": _ERROR,
    "simplejson.decoder.JSONDecoder": name("json.JSONDecoder"),
    "simplejson.encoder.JSONEncoder": name("json.JSONEncoder"),
    "simplejson.encoder.JSONEncoderForHTML": code(_JSON_ENCODER_FOR_HTML, "import json"),
    "simplejson.errors": module("json"),
    "simplejson.decoder": module("json.decoder"),
    "simplejson.encoder": module("json.encoder"),
    "simplejson.scanner": module("json.scanner"),
}

RECIPE = Recipe(
    id="simplejson-json",
    old="simplejson",
    new="json",
    old_distribution="simplejson",
    requirement=None,
    entries=MappingProxyType(_ENTRIES),
    prelude=_PRELUDE,
    differences=(
        (
            "decimal.Decimal: simplejson.dumps writes it as a JSON number (use_decimal=True by "
            "default); json.dumps raises TypeError. The facade's loads and load take "
            "use_decimal=True (parse_float=decimal.Decimal)"
        ),
        (
            'namedtuples: simplejson writes them as JSON objects ({"x": 1, "y": 2}, '
            "namedtuple_as_object=True by default); json writes them as arrays ([1, 2]) without "
            "an error: output shapes change silently"
        ),
        (
            "NaN and Infinity: json writes and reads NaN, Infinity and -Infinity by default "
            "(allow_nan=True); simplejson 3.19 and later reject them both ways (allow_nan=False), "
            "earlier releases accepted them: to keep refusing them pass allow_nan=False to "
            "json.dumps and a parse_constant that raises to json.loads"
        ),
        (
            "bytes: simplejson.dumps encodes bytes values and keys as text (decoded with "
            "encoding='utf-8'); json.dumps raises TypeError"
        ),
        (
            "sort_keys=True with keys of mixed types (1 and 'a'): simplejson sorts their string "
            "forms, json raises TypeError"
        ),
        (
            "simplejson-only arguments of dumps raise TypeError with json: use_decimal, "
            "namedtuple_as_object, tuple_as_array, bigint_as_string, int_as_string_bitcount, "
            "item_sort_key, for_json (json: default=lambda o: o.for_json()), ignore_nan, "
            "iterable_as_array, encoding; the facade's loads and load keep encoding (it "
            "decodes bytes) and use_decimal"
        ),
        (
            "JSONDecodeError: both are ValueError subclasses with msg, doc, pos, lineno and "
            "colno; simplejson's end, endlineno and endcolno are gone"
        ),
        (
            "libraries that use simplejson when it is installed (requests' JSONDecodeError, "
            "among others) switch to json once it is uninstalled at contract"
        ),
        "simplejson.RawJSON and simple_first have no json equivalent (stubs)",
    ),
    companions=("types-simplejson",),
)
