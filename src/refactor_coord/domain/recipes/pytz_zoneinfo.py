"""pytz -> zoneinfo: time zones from the standard library (PEP 615) (pure data).

The new backend keeps pytz's time zone API on one adapter, a ``zoneinfo.ZoneInfo`` subclass
``_PytzZone`` with pytz's ``localize(dt, is_dst=False)``, ``normalize(dt)`` and ``zone``:
``pytz.timezone(name)``, ``pytz.utc`` (the zone "UTC", no longer ``datetime.timezone.utc``) and
``pytz.tzfile.build_tzinfo`` return it. Several targets use that one class, and each ``code``
target is pasted on its own, so the class lives in the recipe's *prelude*: the facade emits the
prelude once, first in its new branch, before any name's imports, values or code (see
``_new_definitions`` in the replace-dependency codemod), and the targets refer to it by name.
The prelude also defines the exceptions ``localize(dt, is_dst=None)`` raises, under pytz's
names, so their entries are ``value`` targets naming themselves (the facade writes nothing
more for them). The prelude imports what it uses (``datetime``, ``zoneinfo``), so the targets
need no imports of their own.
"""

from __future__ import annotations

from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, code, module, name, stub, value

#: pasted once at the head of the facade's new branch (one line an item: a blank line between
#: definitions, never two, as the branch is indented)
_PRELUDE = r'''
import datetime
import zoneinfo

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
        return dt.astimezone(datetime.timezone.utc).astimezone(self)'''

_TIMEZONE = '''
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
'''

_FIXED_OFFSET = '''
def FixedOffset(offset):
    """pytz.FixedOffset(minutes) on datetime.timezone (0 minutes is utc,
    as in pytz)."""
    if offset == 0:
        return _PytzZone("UTC")
    return datetime.timezone(datetime.timedelta(minutes=offset))
'''

_BUILD_TZINFO = '''
def build_tzinfo(zone, fp):
    """pytz.tzfile.build_tzinfo on zoneinfo: the time zone in the TZif
    file ``fp`` (opened in binary mode), named ``zone``, with pytz's
    localize, normalize and zone; made anew each call, as pytz's is."""
    return _PytzZone.from_file(fp, key=zone)
'''

_UNKNOWN = name("zoneinfo.ZoneInfoNotFoundError")
_ALL = value("sorted(zoneinfo.available_timezones())")
_ALL_SET = value("zoneinfo.available_timezones()")
_UTC = value('_PytzZone("UTC")')
# the prelude defines them: a value naming itself binds nothing more
_INVALID = value("InvalidTimeError")
_AMBIGUOUS = value("AmbiguousTimeError")
_NON_EXISTENT = value("NonExistentTimeError")

_ENTRIES: dict[str, Target] = {
    "pytz.timezone": code(_TIMEZONE),
    "pytz.utc": _UTC,
    "pytz.UTC": _UTC,
    "pytz.FixedOffset": code(_FIXED_OFFSET),
    "pytz.tzfile.build_tzinfo": code(_BUILD_TZINFO),
    "pytz.UnknownTimeZoneError": _UNKNOWN,
    "pytz.exceptions.UnknownTimeZoneError": _UNKNOWN,
    "pytz.AmbiguousTimeError": _AMBIGUOUS,
    "pytz.exceptions.AmbiguousTimeError": _AMBIGUOUS,
    "pytz.NonExistentTimeError": _NON_EXISTENT,
    "pytz.exceptions.NonExistentTimeError": _NON_EXISTENT,
    "pytz.InvalidTimeError": _INVALID,
    "pytz.exceptions.InvalidTimeError": _INVALID,
    "pytz.exceptions.Error": stub(
        "pytz's exception base: UnknownTimeZoneError becomes zoneinfo's (a KeyError) and "
        "InvalidTimeError derives from Exception; catch those"
    ),
    "pytz.all_timezones": _ALL,
    "pytz.common_timezones": _ALL,
    "pytz.all_timezones_set": _ALL_SET,
    "pytz.common_timezones_set": _ALL_SET,
    "pytz.country_timezones": stub(
        "zoneinfo has no country tables: read zone1970.tab from the tz database, or keep pytz "
        "for this"
    ),
    "pytz.country_names": stub(
        "zoneinfo has no country tables: read iso3166.tab from the tz database, or keep pytz "
        "for this"
    ),
    "pytz.BaseTzInfo": name("datetime.tzinfo"),
    "pytz.tzinfo.BaseTzInfo": name("datetime.tzinfo"),
    "pytz.tzinfo.DstTzInfo": name("zoneinfo.ZoneInfo"),
    "pytz.tzinfo.StaticTzInfo": name("zoneinfo.ZoneInfo"),
    "pytz.ZERO": value("datetime.timedelta(0)"),
    "pytz.HOUR": value("datetime.timedelta(hours=1)"),
    "pytz.OLSON_VERSION": stub(
        "zoneinfo does not tell the tz database's version (tzdata.IANA_VERSION does when the "
        "tzdata package is the one used)"
    ),
    # pytz's submodules: namespaces standing for zoneinfo, their public names listed above
    "pytz.exceptions": module("zoneinfo"),
    "pytz.tzinfo": module("zoneinfo"),
}

RECIPE = Recipe(
    id="pytz-zoneinfo",
    old="pytz",
    new="zoneinfo",
    old_distribution="pytz",
    # pytz bundles the tz database; zoneinfo reads the system's, else this package's (Windows
    # and slim containers have none)
    requirement="tzdata",
    entries=MappingProxyType(_ENTRIES),
    differences=(
        (
            "the facade's time zones (timezone(name), utc, tzfile.build_tzinfo) are "
            "zoneinfo.ZoneInfo objects with pytz's tz.localize(dt, is_dst=False), "
            "tz.normalize(dt) and tz.zone; a ZoneInfo made elsewhere (zoneinfo.ZoneInfo(name), "
            "datetime.timezone.utc, FixedOffset(minutes) other than 0) has none of them. "
            "localize(dt).tzinfo is the zone itself, not pytz's tzinfo for one offset (its repr "
            "is _PytzZone(key='Europe/Paris')), and tz.utcoffset(dt), tz.dst(dt) and "
            "tz.tzname(dt) take no is_dst and never raise for a naive dt"
        ),
        (
            "arithmetic: with pytz, aware datetime + timedelta keeps the UTC offset and "
            "normalize() then moves the wall clock (elapsed time); with zoneinfo it keeps the "
            "wall clock and recomputes the offset (across a DST change, + timedelta(days=1) is "
            "23 or 25 hours), and normalize() cannot undo that (it only moves a wall time left "
            "in a gap out of it). For elapsed time compute in UTC: "
            "(dt.astimezone(timezone.utc) + delta).astimezone(tz)"
        ),
        (
            "ambiguous and missing wall times: the facade's localize(dt, is_dst) gives pytz's "
            "offsets (is_dst=False: standard time, the later of two occurrences, returned with "
            "fold=1; a missing time keeps its wall clock with the offset before the change, "
            "True the one after) and is_dst=None raises the facade's AmbiguousTimeError or "
            "NonExistentTimeError (InvalidTimeError subclasses, as in pytz, but not pytz's "
            "classes). A datetime made otherwise (dt.replace(tzinfo=tz), datetime(..., "
            "tzinfo=tz), arithmetic) takes dt.fold (0, the default, is the earlier occurrence: "
            "daylight time) and never raises; and (PEP 495) a datetime in a repeated hour never "
            "compares equal to one in another time zone"
        ),
        (
            "datetime(..., tzinfo=pytz.timezone(name)) gave the zone's first offset (LMT, e.g. "
            "+00:09 for Europe/Paris); with zoneinfo it is correct: code or expected test values "
            "that worked around it change"
        ),
        (
            "utc: pytz.utc and pytz.UTC become the facade's zone for 'UTC' (what timezone('UTC') "
            "and FixedOffset(0) return, as in pytz), a ZoneInfo that is not "
            "datetime.timezone.utc and compares unequal to it as a tzinfo: dt.tzinfo is utc is "
            "False for a datetime made with datetime.timezone.utc (datetime.fromisoformat, "
            "other libraries), and repr(utc) is not '<UTC>'. It reads the tz database too"
        ),
        (
            "names: pytz.timezone ignores case ('europe/paris'); ZoneInfo does not on most "
            "file systems (the facade's timezone looks the name up without regard to case). An "
            "unknown name raises zoneinfo.ZoneInfoNotFoundError (a KeyError, as "
            "UnknownTimeZoneError was), an invalid one ('../x', absolute paths) ValueError in "
            "ZoneInfo itself"
        ),
        (
            "the tz database: pytz ships its own; zoneinfo reads the system's (TZPATH), else the "
            "tzdata package this recipe adds, so versions (and available_timezones()) can differ "
            "between machines"
        ),
        (
            "all_timezones and common_timezones become sorted(zoneinfo.available_timezones()), "
            "evaluated when the facade is imported (it scans the tz database): common_timezones "
            "is no longer a curated subset (it includes the backward-compatible links), and "
            "either list may hold keys pytz lacks ('Factory', 'localtime')"
        ),
        (
            "pickles: datetimes pickled with pytz time zones need pytz to be loaded; the "
            "facade's zones pickle by key and by their class, the facade's _PytzZone (the "
            "facade must stay importable where it is); a build_tzinfo zone does not pickle"
        ),
        (
            "FixedOffset(minutes) becomes a datetime.timezone (0 minutes: utc): it has no "
            "localize, normalize or zone, tzname() is 'UTC+01:00' where pytz's is None, its "
            "repr differs and equal offsets are equal objects but not the same one"
        ),
        "country_timezones, country_names and OLSON_VERSION have no equivalent (stubs)",
    ),
    companions=("types-pytz",),
    prelude=tuple(_PRELUDE.strip("\n").splitlines()),
)
