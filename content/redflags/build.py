"""Compile the screen's hot modules with mypyc into `_compiled/`, where compiled.py loads them from.

Run: python -m content.redflags.build   (make run, make test and the Dockerfile run it)

Nothing is done when the build there is of the current source. Without mypyc, setuptools or a C compiler it
says so and leaves no build: the source runs, with the same results, only slower (make run and make test go on).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

from content.redflags.compiled import BUILD, HERE, LIBRARY, MODULES, PACKAGE, STAMP, built_files, source_digest


def build() -> bool:
    """Compile the modules unless a current build is present; whether one is present afterwards."""
    if built_files():
        return True
    try:
        from mypyc.build import mypycify
        from setuptools import setup  # type: ignore[import-untyped, unused-ignore]  # typed once locked
    except ImportError as missing:
        _say(f"not compiled ({missing.name} is not installed); the source runs")
        return False
    shutil.rmtree(BUILD, ignore_errors=True)
    digest = source_digest()
    root = HERE.parents[1]
    with tempfile.TemporaryDirectory() as scratch:
        _say("compiling the safety screen with mypyc (a minute or two, once after each change)")
        said = io.StringIO()  # mypyc's notes ("Treating generator comprehension as list") are shown only on failure
        try:
            with contextlib.chdir(root), contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
                # mypy names the modules by their paths, and reads pyproject.toml, here
                extensions = mypycify(
                    [str((HERE / f"{name}.py").relative_to(root)) for name in MODULES],
                    opt_level="3",
                    group_name=f"{PACKAGE}.{LIBRARY.removesuffix('__mypyc')}",
                    target_dir=str(Path(scratch, "c")),
                )
                setup(
                    name="redflags-compiled",
                    ext_modules=extensions,
                    script_args=["-q", "build_ext", "--build-lib", f"{scratch}/lib", "--build-temp", f"{scratch}/tmp"],
                )
        except (Exception, SystemExit) as failed:  # no compiler, or mypyc refused: the source still runs
            sys.stderr.write(said.getvalue())
            _say(f"not compiled ({failed}); the source runs")
            return False
        if source_digest() != digest:
            _say("the source changed during the build; not kept")
            return False
        BUILD.mkdir()
        for built in Path(scratch, "lib", *PACKAGE.split(".")).iterdir():
            shutil.copy(built, BUILD / built.name)
    # Written last: a build cut short has no stamp, so it is never loaded.
    (BUILD / STAMP).write_text(digest + "\n")
    return bool(built_files())


def _say(line: str) -> None:
    sys.stderr.write(f"redflags: {line}\n")


if __name__ == "__main__":
    _say(f"{'compiled' if build() else 'source'}")
