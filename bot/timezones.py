"""Turning what a user types ("madrid", "new york", "Europe/Paris") into an IANA zone name."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo, available_timezones

COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
)

# Cities people often type that are not the last part of a zone name.
CITY_ALIASES = {
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "munich": "Europe/Berlin",
    "milan": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "cardiff": "Europe/London",
    "beijing": "Asia/Shanghai",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("_", " ").casefold().split())


@cache
def _index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Map folded full names and folded city parts to zone names."""
    full: dict[str, str] = {}
    by_city: dict[str, list[str]] = {}
    for zone in available_timezones():
        if zone.startswith(("Etc/", "SystemV/")) or "/" not in zone:
            continue
        full[_fold(zone)] = zone
        by_city.setdefault(_fold(zone.rsplit("/", 1)[-1]), []).append(zone)
    return full, by_city


def resolve_timezone(text: str) -> list[str]:
    """Return the zone names matching what the user typed: one for a clear match, several, or none."""
    query = _fold(text)[:64]
    if not query:
        return []
    full, by_city = _index()
    if query in full:
        return [full[query]]
    if query in {"utc", "gmt"}:
        return ["UTC"]
    if query in CITY_ALIASES:
        return [CITY_ALIASES[query]]
    if query in by_city:
        return sorted(by_city[query])
    return []


# Countries that write dates month first ("11/30"): the United States and the places that follow its usage.
MONTH_FIRST_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "MH", "PW", "PH", "BZ"})


@cache
def zone_countries() -> dict[str, str]:
    """Map each zone in tzdata's zone.tab to its country code (a zone shared by countries maps to the first)."""
    countries: dict[str, str] = {}
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_ = line.split("\t")
            countries.setdefault(zone, code)
    return countries


def month_first(tz: ZoneInfo) -> bool:
    """Whether people in this zone's country write the month before the day."""
    return zone_countries().get(tz.key, "") in MONTH_FIRST_COUNTRIES
