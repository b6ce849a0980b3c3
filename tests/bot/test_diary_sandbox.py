"""The terminal sandbox: log a headache, see /stats with its chart, and get the PDF report as files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.sandbox import chat_loop
from bot.texts import en
from support.harness import make_settings


async def test_sandbox_logs_an_attack_and_saves_the_chart_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # Onboard (continue, agree, London), log in three taps (+ the red-flag screen of a first attack).
    none_of_these = len(en.TRIAGE_QUESTIONS) + 1
    script = iter(
        ["/start", "#1", "#1", "#1", "🤕 Log headache", "#1", "#2", f"#{none_of_these}", "/stats", "/report", "/quit"]
    )
    out = io.StringIO()

    def read(_prompt: str) -> str:
        return next(script)

    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}")
    await chat_loop(settings, read=read, out=out, files_dir=tmp_path / "files")

    screen = out.getvalue()
    assert "[#1 Now]  [#2 1 h ago]" in screen
    assert f"[#{none_of_these} None of these]  [#{none_of_these + 1} Done]" in screen
    assert "✅ Saved to your diary." in screen
    assert "Headache days: *1*" in screen  # bold, as the pipe shows it
    chart = list((tmp_path / "files").glob("*.png"))
    report = list((tmp_path / "files").glob("*.pdf"))
    assert len(chart) == 1 and chart[0].read_bytes().startswith(b"\x89PNG")
    assert len(report) == 1 and report[0].read_bytes().startswith(b"%PDF")
    assert f"[file saved: {report[0]}]" in screen
