"""Reading PDFs the bot makes with poppler's command-line tools, as a person would see them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} (poppler-utils) is missing; .ci/run installs it")
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def pdf_text(pdf: bytes) -> str:
    """The PDF's text in reading order, pages separated by form feeds."""
    done = subprocess.run([_tool("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def pdf_page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    return pdf_text(pdf).count("\f")


def pdf_to_pngs(pdf: bytes, folder: Path, dpi: int = 60) -> list[Path]:
    """Render every page to a PNG in ``folder``; return them in page order."""
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run([_tool("pdftoppm"), "-png", "-r", str(dpi), str(source), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def pdf_images(pdf: bytes, folder: Path) -> list[Path]:
    """Every picture the PDF embeds (a chart, say), as PNG files in ``folder``, in the order they appear."""
    source = folder / "images.pdf"
    source.write_bytes(pdf)
    subprocess.run([_tool("pdfimages"), "-png", str(source), str(folder / "image")], check=True)
    return sorted(folder.glob("image-*.png"))


def pdf_fonts(pdf: bytes, folder: Path) -> list[tuple[str, bool]]:
    """Each font the PDF uses, with whether it is embedded (a viewer substitutes one that is not)."""
    source = folder / "fonts.pdf"
    source.write_bytes(pdf)
    done = subprocess.run([_tool("pdffonts"), str(source)], capture_output=True, check=True, text=True)
    rows = [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]
    return [(row[0], row[-5] == "yes") for row in rows]
