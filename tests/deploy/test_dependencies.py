"""Dependencies: PTB pinned below its next minor while we use its private names, which must still exist; the
hashed lock files pin what pyproject.toml asks for; the Dockerfile installs from the lock on a pinned base."""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path
from typing import NamedTuple

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards import CallbackKeyboard

ROOT = Path(__file__).resolve().parents[2]
OUR_PACKAGES = ("bot", "content", "scheduler", "storage")
PRIVATE_PTB = re.compile(r"^telegram(\.ext)?\._")
LOCKS = {"requirements.lock": (), "requirements-test.lock": ("test",)}
REGENERATE = "run `make lock` and commit requirements*.lock"


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(extras: tuple[str, ...]) -> list[Requirement]:
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(line) for line in listed]


def _private_ptb_imports() -> dict[str, set[str]]:
    """Every `from telegram._x import name` (or telegram.ext._x) in our packages: module -> names."""
    found: dict[str, set[str]] = {}
    for package in OUR_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and PRIVATE_PTB.match(node.module):
                    found.setdefault(node.module, set()).update(alias.name for alias in node.names)
    return found


def test_the_private_ptb_names_we_use_still_exist() -> None:
    imports = _private_ptb_imports()
    assert imports, "no private PTB import found: drop this test and the pin below PTB's next minor"
    missing = []
    for module_name, names in sorted(imports.items()):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            missing.append(module_name)
            continue
        missing += [f"{module_name}.{name}" for name in sorted(names) if not hasattr(module, name)]

    assert missing == [], f"PTB {version('python-telegram-bot')} moved private names we import: {missing}"


def test_the_unfrozen_keyboard_still_works() -> None:
    # bot/keyboards.py sets an attribute on a frozen TelegramObject inside its private _unfrozen().
    rows = [[("Yes", "consent:yes"), ("No", "consent:no")], [("Later", "consent:later")]]
    markup = CallbackKeyboard(rows)

    assert markup.to_dict() == {
        "inline_keyboard": [
            [{"text": "Yes", "callback_data": "consent:yes"}, {"text": "No", "callback_data": "consent:no"}],
            [{"text": "Later", "callback_data": "consent:later"}],
        ]
    }
    # What PTB's own serialization gives for the same buttons, and equal to its markup.
    buttons = [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    plain = InlineKeyboardMarkup(buttons)
    assert markup.to_dict() == plain.to_dict() and markup == plain and hash(markup) == hash(plain)
    assert markup.to_dict() is not markup.to_dict()  # each caller gets its own copy


def test_ptb_is_pinned_below_its_next_minor() -> None:
    ptb = next(r for r in _requirements(()) if canonicalize_name(r.name) == "python-telegram-bot")
    installed = Version(version("python-telegram-bot"))

    assert installed in ptb.specifier
    assert Version(f"{installed.major}.{installed.minor + 1}") not in ptb.specifier
    assert Version(f"{installed.major}.{installed.minor}.99") in ptb.specifier  # patch releases may come


class Pin(NamedTuple):
    """One entry of a lock file."""

    version: Version
    hashes: int
    marker: str  # "" for every platform; a universal lock pins some packages per Python version


def _lock_pins(name: str) -> dict[str, list[Pin]]:
    """The lock's entries by canonical package name."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins: dict[str, list[Pin]] = {}
    for block in re.split(r"\n(?=\S)", text):
        if block.startswith("#") or not block.strip():
            continue
        requirement, _, marker = block.split("\\", 1)[0].strip().partition(" ; ")
        package, _, pinned = requirement.partition("==")
        pin = Pin(Version(pinned), block.count("--hash=sha256:"), marker)
        pins.setdefault(canonicalize_name(package.split("[")[0]), []).append(pin)
    return pins


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_the_lock_file_pins_every_dependency_of_pyproject(lock: str) -> None:
    pins = _lock_pins(lock)
    problems = []
    for requirement in _requirements(LOCKS[lock]):
        name = canonicalize_name(requirement.name)
        problems += [f"{lock} pins {name}=={pin.version}, pyproject.toml asks for {requirement.specifier}"
                     for pin in pins.get(name, []) if pin.version not in requirement.specifier]  # fmt: skip
        # A requirement's extras bring packages of their own (PTB's job-queue brings APScheduler).
        needed = {name} | {need for extra in requirement.extras for need in _extra_needs(name, extra)}
        problems += [f"{need} (for {requirement}) is not in {lock}" for need in sorted(needed) if need not in pins]

    assert problems == [], f"{lock} does not match pyproject.toml: {REGENERATE}. {problems}"
    unhashed = [name for name, entries in pins.items() if any(pin.hashes == 0 for pin in entries)]
    assert unhashed == [], f"every pin needs its hashes: {REGENERATE}"


def _extra_needs(name: str, extra: str) -> set[str]:
    """The packages an installed distribution asks for only with one of its extras."""
    try:
        declared = requires(name) or []
    except PackageNotFoundError:
        return set()
    needs = set()
    for line in declared:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is not None and marker.evaluate({"extra": extra}) and not marker.evaluate({"extra": ""}):
            needs.add(canonicalize_name(requirement.name))
    return needs


def test_the_bot_runs_the_same_versions_in_tests_as_in_production() -> None:
    production, testing = _lock_pins("requirements.lock"), _lock_pins("requirements-test.lock")

    differing = sorted(name for name, entries in production.items() if testing.get(name) != entries)
    assert differing == [], f"the two lock files disagree on {differing}: {REGENERATE}"


def test_make_lock_regenerates_both_lock_files() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")

    assert re.search(r"^lock:", makefile, re.MULTILINE)
    for lock in LOCKS:
        assert f"-o {lock}" in makefile
        assert "#    make lock" in (ROOT / lock).read_text(encoding="utf-8").splitlines()[1]


def test_the_dockerfile_installs_the_lock_on_a_base_pinned_by_digest() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.startswith("#")]
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", dockerfile, re.MULTILINE)

    assert base is not None and re.fullmatch(r"python:3\.11-slim@sha256:[0-9a-f]{64}", base.group(1))
    stages = [line for line in lines if line.startswith("FROM ")]
    assert stages == ["FROM ${PYTHON_IMAGE} AS dependencies", "FROM dependencies AS compiled", "FROM ${PYTHON_IMAGE}"]
    # The screen is compiled in its own stage (with gcc), and only the build is copied into the runtime stage.
    build = next(i for i, line in enumerate(lines) if "-m content.redflags.build" in line)
    copied = lines.index("COPY --from=compiled /build/content/redflags/_compiled ./content/redflags/_compiled")
    assert lines.index("FROM dependencies AS compiled") < build < lines.index("FROM ${PYTHON_IMAGE}") < copied
    assert lines.index("COPY content ./content") < copied
    install = next(i for i, line in enumerate(lines) if "pip install" in line)
    assert "--require-hashes" in lines[install] and "-r /tmp/requirements.lock" in lines[install]
    # The code is copied after the dependencies are installed, into the runtime stage.
    assert install < lines.index("COPY --from=dependencies /opt/venv /opt/venv") < lines.index("COPY bot ./bot")
    assert "USER companion" in lines


def test_make_run_installs_only_what_the_bot_needs() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_target = re.search(r"^run: (.+)$", makefile, re.MULTILINE)
    installed_run = re.search(r"^\$\(VENV\)/\.installed-run: (.+)\n\t(.+)$", makefile, re.MULTILINE)

    assert run_target is not None and run_target.group(1) == "$(VENV)/.installed-run"
    assert installed_run is not None and "requirements.lock" in installed_run.group(1)
    assert installed_run.group(2) == "$(call install_locked,requirements.lock)"
    test_tools = {canonicalize_name(r.name) for r in _requirements(("test",))} - set(_lock_pins("requirements.lock"))
    # Not mypy: make run compiles the safety screen with mypyc, which comes with it (content/redflags/build.py).
    assert {"pytest", "ruff", "hypothesis"} <= test_tools
