"""The emergency-number table against the phonenumbers library, and time zones to countries."""

from __future__ import annotations

from importlib import resources

import phonenumbers.shortnumberinfo as short_numbers
import pytest

from content.emergency import contacts_for_country, contacts_for_zone, country_for_zone, known_countries

# Numbers the fact sheet gives (basis U, "real doubt") that libphonenumber does not know as emergency
# numbers of the region. Listed so that any other disagreement fails the test.
NOT_IN_PHONENUMBERS = {
    ("ET", "907"), ("MA", "141"), ("PE", "106"), ("MM", "192"), ("UZ", "103"), ("NG", "112"), ("UG", "112"),
}  # fmt: skip


def us_zones() -> list[str]:
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    return [line.split("\t")[2] for line in table.splitlines() if line.startswith("US\t")]


@pytest.mark.parametrize("country", sorted(known_countries()))
def test_every_number_is_an_emergency_number_of_its_region_for_phonenumbers(country: str) -> None:
    for number in contacts_for_country(country).numbers:
        known = short_numbers.is_emergency_number(number, country)
        assert known or (country, number) in NOT_IN_PHONENUMBERS, (country, number)


def test_the_exceptions_are_the_uncertain_entries_and_still_disagree() -> None:
    from content.emergency import _table

    for country, number in NOT_IN_PHONENUMBERS:
        assert "U" in _table().numbers[country].basis
        assert number in contacts_for_country(country).numbers
        assert not short_numbers.is_emergency_number(number, country)


def test_new_york_and_every_us_zone_get_911_never_112_alone() -> None:
    assert len(us_zones()) > 20
    for zone in us_zones():
        assert contacts_for_zone(zone).numbers == ("911",), zone
    assert contacts_for_zone("America/New_York").crisis_line is not None
    assert contacts_for_zone("America/New_York").crisis_line.number == "988"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("zone", "country", "numbers"),
    [
        ("Europe/London", "GB", ("999", "112")),
        ("Europe/Paris", "FR", ("15", "112")),
        ("Europe/Berlin", "DE", ("112",)),
        ("Asia/Kolkata", "IN", ("112", "108")),
        ("Australia/Sydney", "AU", ("000", "112")),
        ("Europe/Vaduz", "LI", ("144", "112")),  # a link to Europe/Zurich in tzdata, Liechtenstein in zone.tab
        ("US/Eastern", "US", ("911",)),  # an old name, through tzdata's links
        ("Asia/Calcutta", "IN", ("112", "108")),
        ("Europe/Kiev", "UA", ("103", "112")),
    ],
)
def test_a_zone_gives_its_country_and_numbers(zone: str, country: str, numbers: tuple[str, ...]) -> None:
    assert country_for_zone(zone) == country
    assert contacts_for_zone(zone).numbers == numbers


@pytest.mark.parametrize(
    "zone", [None, "", "UTC", "Etc/GMT+3", "Antarctica/Troll", "Africa/Kinshasa", "Nowhere/Atlantis"]
)
def test_unknown_or_unreliable_places_have_no_number_so_the_fallback_applies(zone: str | None) -> None:
    assert contacts_for_zone(zone).numbers == ()


def test_every_country_of_the_table_has_a_zone() -> None:
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    countries = {line.split("\t")[0] for line in table.splitlines() if line and not line.startswith("#")}
    assert known_countries() <= countries


def test_crisis_lines_of_section_17() -> None:
    expected = {"US": "988", "CA": "988", "GB": "116 123", "IE": "116 123", "AU": "13 11 14", "NZ": "1737",
                "ES": "024", "FR": "3114", "BR": "188"}  # fmt: skip
    for country, number in expected.items():
        line = contacts_for_country(country).crisis_line
        assert line is not None and line.number == number and line.audience == "everyone"
    assert contacts_for_country("US").directory == "findahelpline.com"


def test_russias_line_is_the_childrens_helpline_of_section_17() -> None:
    # Section 17: "8-800-2000-122, federal helpline (children and families)", [uncertain]. Marked for
    # children, teenagers and parents, so the crisis texts name it after the directory.
    line = contacts_for_country("RU").crisis_line
    assert line is not None and line.number == "8-800-2000-122"
    assert line.audience == "young" and line.basis == "U"
