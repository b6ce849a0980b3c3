"""The mypyc build of the screen's hot modules: used when it is of the current source, never when stale."""

from __future__ import annotations

import os
import shutil
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from content.redflags import compiled, screen


def test_the_build_runs_when_it_is_current_and_the_source_otherwise() -> None:
    expected = bool(compiled.built_files()) and os.environ.get(compiled.SWITCH, "1") != "0"
    screen("sudden worst headache of my life", "en")
    assert compiled.in_use() is expected


def test_a_build_of_other_source_is_not_loaded(tmp_path: Path) -> None:
    source, build = tmp_path / "source", tmp_path / "build"
    source.mkdir()
    build.mkdir()
    for name in compiled.MODULES:
        shutil.copy(compiled.HERE / f"{name}.py", source / f"{name}.py")
        (build / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    (build / f"{compiled.LIBRARY}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    (build / compiled.STAMP).write_text(compiled.source_digest(source) + "\n")
    assert set(compiled.built_files(build, source)) == {
        f"content.redflags.{name}" for name in (*compiled.MODULES, compiled.LIBRARY)
    }

    with (source / "matcher.py").open("a") as edited:
        edited.write("# an edit after the build\n")
    assert compiled.built_files(build, source) == {}


def test_a_build_missing_a_module_is_not_loaded(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    (build / compiled.STAMP).write_text(compiled.source_digest() + "\n")
    for name in compiled.MODULES[1:]:
        (build / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    assert compiled.built_files(build) == {}


def test_a_build_is_not_loaded_after_an_edit_to_a_module_it_was_compiled_against(tmp_path: Path) -> None:
    # mypyc compiles the matcher against lexicon.py's types: a list where it was built for a tuple raises
    # TypeError in the compiled matcher while the source runs, so such an edit makes the build stale too.
    source, build = tmp_path / "source", tmp_path / "build"
    source.mkdir()
    build.mkdir()
    for module in compiled.HERE.glob("*.py"):
        shutil.copy(module, source / module.name)
    (build / compiled.STAMP).write_text(compiled.source_digest(source) + "\n")
    for name in (*compiled.MODULES, compiled.LIBRARY):
        (build / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    assert compiled.built_files(build, source)

    for imported in ("lexicon.py", "rules.py", "classifier.py", "reading.py"):
        original = (source / imported).read_bytes()
        (source / imported).write_bytes(original + b"# an edit after the build\n")
        assert compiled.built_files(build, source) == {}, imported
        (source / imported).write_bytes(original)
