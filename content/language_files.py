"""Data with one YAML file per language in a folder of the `content` package (content/intent/, content/moments/):
which languages have a file, each file read and validated once, and English for a language without one.

A language is added by adding its file; nothing here names a language but the fallback.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any, Generic, TypeVar

import yaml
from pydantic import TypeAdapter

FALLBACK_LANGUAGE = "en"
T = TypeVar("T")


class LanguageFiles(Generic[T]):
    """The files `<language>.yaml` of one folder, each parsed by `parse` (its text) at most once per process."""

    def __init__(self, folder: str, parse: Callable[[str], T]) -> None:
        self._folder = folder
        self._parse = parse
        self._loaded: dict[str, T] = {}
        self._languages: frozenset[str] | None = None

    def languages(self) -> list[str]:
        """The languages that have a file."""
        folder = resources.files("content").joinpath(self._folder)
        return sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml"))

    def load(self, language: str) -> T:
        """The parsed file of a language (read once)."""
        found = self._loaded.get(language)
        if found is None:
            path = resources.files("content").joinpath(self._folder, f"{language}.yaml")
            found = self._loaded[language] = self._parse(path.read_text(encoding="utf-8"))
        return found

    def for_language(self, language: str) -> T:
        """The user's language's file, or the English one for a language without a file."""
        if self._languages is None:
            self._languages = frozenset(self.languages())
        return self.load(language if language in self._languages else FALLBACK_LANGUAGE)


def read_fields(text: str, kind: str, adapter: TypeAdapter[T], field: Callable[[Any], Any]) -> T:
    """Validate the YAML text of one file: a mapping of fields, each value passed through `field` first."""
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise ValueError(f"{kind} file is a mapping of fields")
    return adapter.validate_python({name: field(value) for name, value in raw.items()})
