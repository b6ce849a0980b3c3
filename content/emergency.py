"""Emergency and crisis numbers by country, and the country of an IANA time zone.

The numbers are data (content/emergency.yaml, from the fact sheet, sections 16 and 17). The country of a
zone comes from tzdata's own tables: zone.tab names one country per zone (zone1970.tab merges zones
across countries, e.g. Europe/Zurich serves Liechtenstein too), and tzdata.zi's link lines resolve old
names such as US/Eastern or Asia/Calcutta.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

# Zones that belong to no country.
_NO_COUNTRY = ("Etc/", "UTC", "GMT", "Universal", "Zulu", "Greenwich", "UCT")


class _Numbers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    numbers: tuple[str, ...]
    basis: str


class CrisisLine(BaseModel):
    """A mental-health crisis line: its number, its name, whether it takes text messages, for whom, and in which
    languages it is known to answer.

    A line for children, teenagers and their parents (audience "young") is named after the emergency
    number and the directory of helplines, so an adult is never sent to it as their only line. A user whose
    language is not among `languages` is told which language the line answers in: only what is known, so a
    line is never said to speak the user's language.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str
    name: str
    text: bool = False
    audience: Literal["everyone", "young"] = "everyone"
    languages: tuple[str, ...] = Field(min_length=1)
    basis: str


class _EmergencyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    numbers: dict[str, _Numbers]
    crisis_lines: dict[str, CrisisLine]
    directory: str = Field(min_length=4)


@dataclass(frozen=True, slots=True)
class Contacts:
    """What to call in a country: its emergency numbers (possibly none) and its crisis line, if known."""

    country: str | None
    numbers: tuple[str, ...]
    crisis_line: CrisisLine | None
    directory: str


@cache
def _table() -> _EmergencyFile:
    text = resources.files("content").joinpath("emergency.yaml").read_text(encoding="utf-8")
    return _EmergencyFile.model_validate(yaml.safe_load(text))


def contacts_for_country(country: str | None) -> Contacts:
    """The numbers of a country (ISO 3166 code); empty numbers when the country is unknown."""
    table = _table()
    code = (country or "").upper()
    found = table.numbers.get(code)
    return Contacts(
        country=code or None,
        numbers=found.numbers if found else (),
        crisis_line=table.crisis_lines.get(code),
        directory=table.directory,
    )


def contacts_for_zone(zone: str | None) -> Contacts:
    """The numbers of the country of an IANA zone."""
    return contacts_for_country(country_for_zone(zone))


def known_countries() -> frozenset[str]:
    """Every country the table has emergency numbers for."""
    return frozenset(_table().numbers)


def country_for_zone(zone: str | None) -> str | None:
    """The ISO 3166 country of an IANA zone (an old name is resolved through its link), or None."""
    if not zone or zone.startswith(_NO_COUNTRY):
        return None
    countries, links = _zone_tables()
    for _ in range(4):  # links chain at most a few times
        if zone in countries:
            return countries[zone]
        if zone not in links:
            return None
        zone = links[zone]
    return None


@cache
def _zone_tables() -> tuple[dict[str, str], dict[str, str]]:
    """zone.tab as {zone: country}, and tzdata.zi's links as {old name: target}."""
    folder = resources.files("tzdata").joinpath("zoneinfo")
    countries: dict[str, str] = {}
    for line in folder.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            countries[fields[2]] = fields[0]
    links: dict[str, str] = {}
    for line in folder.joinpath("tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            links[name] = target
    return countries, links
