"""Assorted text and formatting helpers shared across the shop package."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "WORD_RE",
    "DEFAULT_CURRENCY",
    "slugify",
    "truncate_words",
    "format_price",
    "parse_bool",
]

#: Matches a single "word": a run of letters, digits or underscores.
WORD_RE = re.compile(r"\w+", re.UNICODE)

#: Currency used when a caller does not specify one.
DEFAULT_CURRENCY = "EUR"

_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
_TRUE_VALUES = frozenset({"1", "true", "yes", "y", "on"})
_FALSE_VALUES = frozenset({"0", "false", "no", "n", "off", ""})


def _normalize(text: str) -> str:
    """Strip accents and lowercase ``text`` (ASCII-folds where possible)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return ascii_only.lower()


def _collapse_spaces(text: str) -> str:
    """Replace every run of whitespace with a single space and trim the ends."""
    return " ".join(text.split())


def slugify(text: str, sep: str = "-") -> str:
    """Turn ``text`` into a URL-safe slug.

    >>> slugify("Crème Brûlée  Set!")
    'creme-brulee-set'
    """
    words = re.findall(r"[a-z0-9]+", _normalize(text))
    return sep.join(words)


def truncate_words(text: str, limit: int, suffix: str = "…") -> str:
    """Keep at most ``limit`` words of ``text``, appending ``suffix`` if cut.

    Whitespace is collapsed first, so the result is always single-spaced.
    """
    if limit < 0:
        raise ValueError("limit must be >= 0")
    cleaned = _collapse_spaces(text)
    matches = list(WORD_RE.finditer(cleaned))
    if len(matches) <= limit:
        return cleaned
    if limit == 0:
        return suffix
    # Cut right after the last word we keep, so trailing punctuation is dropped.
    end = matches[limit - 1].end()
    return cleaned[:end] + suffix


def format_price(cents: int, currency: str = "EUR") -> str:
    """Format an integer amount of cents, e.g. ``format_price(1999) == '€19.99'``.

    An empty currency falls back to :data:`DEFAULT_CURRENCY`; unknown
    currencies are rendered with their ISO code as a suffix.
    """
    code = _collapse_spaces(currency).upper() or DEFAULT_CURRENCY
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    amount = f"{whole:,}.{frac:02d}"
    symbol = _CURRENCY_SYMBOLS.get(code)
    if symbol is None:
        return f"{sign}{amount} {code}"
    return f"{sign}{symbol}{amount}"


def parse_bool(value: object) -> bool:
    """Interpret common truthy/falsy spellings ("yes", "off", 1, ...) as a bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    text = str(value).strip().lower()
    if text in _TRUE_VALUES:
        return True
    if text in _FALSE_VALUES:
        return False
    raise ValueError(f"cannot interpret {value!r} as a boolean")
