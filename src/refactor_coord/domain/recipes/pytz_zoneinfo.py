"""pytz -> zoneinfo: time zones from the standard library (PEP 615) (pure data).

``pytz.timezone(name)`` becomes a ``zoneinfo.ZoneInfo``, ``pytz.utc`` ``datetime.timezone.utc``.
What cannot follow is on the time zone objects themselves: pytz's ``localize`` and
``normalize`` have no zoneinfo counterpart (see the differences).
"""

from __future__ import annotations

from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, code, module, name, stub, value

_TIMEZONE = '''
def timezone(zone):
    """pytz.timezone on zoneinfo: the zoneinfo.ZoneInfo named ``zone``,
    looked up without regard to case as pytz does; an unknown or invalid
    name raises zoneinfo.ZoneInfoNotFoundError, a KeyError as
    pytz.UnknownTimeZoneError is."""
    if not isinstance(zone, str):
        raise zoneinfo.ZoneInfoNotFoundError(zone)
    try:
        return zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    wanted = zone.lower()
    for key in zoneinfo.available_timezones():
        if key.lower() == wanted:
            return zoneinfo.ZoneInfo(key)
    raise zoneinfo.ZoneInfoNotFoundError(zone)
'''

_FIXED_OFFSET = '''
def FixedOffset(offset):
    """pytz.FixedOffset(minutes) on datetime.timezone (0 minutes is UTC,
    as in pytz)."""
    if offset == 0:
        return datetime.timezone.utc
    return datetime.timezone(datetime.timedelta(minutes=offset))
'''

_NOT_RAISED = (
    "zoneinfo never raises it: an ambiguous or missing wall time is resolved by "
    "datetime.fold (PEP 495), so the localize(dt, is_dst=None) call it guards must be "
    "rewritten by hand"
)
_UNKNOWN = name("zoneinfo.ZoneInfoNotFoundError")
_ALL = value("sorted(zoneinfo.available_timezones())", "import zoneinfo")
_ALL_SET = value("zoneinfo.available_timezones()", "import zoneinfo")
_UTC = value("datetime.timezone.utc", "import datetime")

_ENTRIES: dict[str, Target] = {
    "pytz.timezone": code(_TIMEZONE, "import zoneinfo"),
    "pytz.utc": _UTC,
    "pytz.UTC": _UTC,
    "pytz.FixedOffset": code(_FIXED_OFFSET, "import datetime"),
    "pytz.UnknownTimeZoneError": _UNKNOWN,
    "pytz.exceptions.UnknownTimeZoneError": _UNKNOWN,
    "pytz.AmbiguousTimeError": stub(_NOT_RAISED),
    "pytz.exceptions.AmbiguousTimeError": stub(_NOT_RAISED),
    "pytz.NonExistentTimeError": stub(_NOT_RAISED),
    "pytz.exceptions.NonExistentTimeError": stub(_NOT_RAISED),
    "pytz.InvalidTimeError": stub(_NOT_RAISED),
    "pytz.exceptions.InvalidTimeError": stub(_NOT_RAISED),
    "pytz.exceptions.Error": stub("pytz's exception base: zoneinfo raises KeyError subclasses"),
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
    "pytz.ZERO": value("datetime.timedelta(0)", "import datetime"),
    "pytz.HOUR": value("datetime.timedelta(hours=1)", "import datetime"),
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
            "tz.localize(dt) and tz.normalize(dt) do not exist on zoneinfo.ZoneInfo (nor on "
            "datetime.timezone.utc): they raise AttributeError. tz.localize(dt) is "
            "dt.replace(tzinfo=tz); tz.normalize(dt) after arithmetic is dt.astimezone(tz). "
            "Rewrite every call before flipping"
        ),
        (
            "arithmetic: with pytz, aware datetime + timedelta keeps the UTC offset and "
            "normalize() then moves the wall clock (elapsed time); with zoneinfo it keeps the "
            "wall clock and recomputes the offset (across a DST change, + timedelta(days=1) is "
            "23 or 25 hours). For elapsed time compute in UTC: "
            "(dt.astimezone(timezone.utc) + delta).astimezone(tz)"
        ),
        (
            "ambiguous and missing wall times: localize(dt) defaults to is_dst=False (standard "
            "time, the later of two occurrences) and is_dst=None raises AmbiguousTimeError or "
            "NonExistentTimeError; zoneinfo uses dt.fold (0, the default, is the earlier "
            "occurrence: daylight time) and never raises (those exceptions are stubs)"
        ),
        (
            "datetime(..., tzinfo=pytz.timezone(name)) gave the zone's first offset (LMT, e.g. "
            "+00:09 for Europe/Paris); with zoneinfo it is correct: code or expected test values "
            "that worked around it change"
        ),
        (
            "tz.zone is tz.key on zoneinfo.ZoneInfo (str(tz) is the name in both); "
            "timezone('UTC') is ZoneInfo('UTC'), which is not datetime.timezone.utc (what "
            "pytz.utc becomes) and compares unequal to it as a tzinfo"
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
            "pickles: datetimes pickled with pytz time zones need pytz to be loaded; ZoneInfo "
            "pickles by key"
        ),
        (
            "FixedOffset(minutes) becomes a datetime.timezone: tzname() is 'UTC+01:00' where "
            "pytz's is None, and its repr differs"
        ),
        "country_timezones, country_names and OLSON_VERSION have no equivalent (stubs)",
    ),
    companions=("types-pytz",),
)
