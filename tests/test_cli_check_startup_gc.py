"""`loancs check MESSAGE` runs with the cyclic collector paused (a one-shot process: its
passes over the imports and the rules cache were ~6% of the start-up), and leaves it on."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from loancs.commands.check_run import plain_main


def test_a_plain_check_starts_no_collection_and_leaves_the_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOANCS_CACHE_DIR", str(tmp_path))
    assert plain_main(["放心，这笔肯定能批下来", "--json"]) is not None  # compiles, caches
    capsys.readouterr()
    runs: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(phase)

    gc.callbacks.append(seen)
    try:
        code = plain_main(["放心，这笔肯定能批下来，不查征信", "--json"])
    finally:
        gc.callbacks.remove(seen)
    assert code in (1, 2)
    assert '"verdict"' in capsys.readouterr().out
    assert runs == []
    assert gc.isenabled()
