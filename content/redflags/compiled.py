"""Run the screen's hot modules compiled by mypyc when a build of their current source is present.

Matching, context and rule evaluation are a Python loop per word of a message (and reading the language and
routing the second opinion run once per message beside them); mypyc compiles the same source
to C (build.py: make run, make test and the Dockerfile build it). The build goes to `_compiled/`, not next to
the source, with the SHA-256 of the package source it was made from: a finder first on `sys.meta_path` loads a
compiled module only while that source is unchanged, so an edit runs as source until the next build instead
of being shadowed by a stale one. Without a build, or with REDFLAGS_COMPILED=0, the source runs, with the
same results (the build is the same source, and tests run on both).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

PACKAGE = "content.redflags"
HERE = Path(__file__).resolve().parent
BUILD = HERE / "_compiled"
STAMP = "source.sha256"
# The modules compiled, and the shared library mypyc puts their code in (build.py's group name).
# reading and second_opinion run once per message, in Python, around the compiled walk: compiled too, a short
# message's language check and plain-report test are a compiled loop, not interpreted frames and generators.
MODULES = ("context", "engine", "matcher", "reading", "second_opinion", "text", "trie")
LIBRARY = "native__mypyc"
SWITCH = "REDFLAGS_COMPILED"


def source_digest(folder: Path = HERE) -> str:
    """The SHA-256 of the package's Python source, as build.py records it.

    Every module of the package, not only the compiled ones: mypyc compiles them against the types of what they
    import (lexicon.py, rules.py...), and a compiled matcher given a list where lexicon.py declared a tuple when
    it was built raises TypeError where the source runs.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def built_files(build: Path = BUILD, folder: Path = HERE) -> dict[str, Path]:
    """The extension file of each compiled module and of the shared library, by module name; empty when there is
    no build for this Python or it was made from other source."""
    stamp = build / STAMP
    if not stamp.is_file() or stamp.read_text().strip() != source_digest(folder):
        return {}
    suffix = EXTENSION_SUFFIXES[0]  # this interpreter's ABI tag: a build for another Python is not loaded
    files = {f"{PACKAGE}.{name}": build / f"{name}{suffix}" for name in (*MODULES, LIBRARY)}
    return files if all(path.is_file() for path in files.values()) else {}


class _Finder(MetaPathFinder):
    """Finds the compiled modules in the build folder, before the source on the package path."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        return spec_from_file_location(fullname, file, loader=ExtensionFileLoader(fullname, str(file)))


def install() -> None:
    """Put the finder first on sys.meta_path when a current build is present and not switched off."""
    if os.environ.get(SWITCH, "1") == "0" or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    files = built_files()
    if files:
        sys.meta_path.insert(0, _Finder(files))


def in_use() -> bool:
    """Whether the screen runs compiled: every compiled module is loaded from the build.

    Each is imported here if it is not yet (second_opinion is imported at the first message the model weighs), so
    the answer is what that import gives, not what happened to be loaded so far."""
    loaded = [importlib.import_module(f"{PACKAGE}.{name}") for name in MODULES]
    # Under the build folder: mypyc names a module's file (its __file__, spec and loader path) from the shared
    # library's folder and the module's name, not from the file it was loaded from.
    return all(
        module is not None and Path(getattr(module.__loader__, "path", "/")).is_relative_to(BUILD) for module in loaded
    )
