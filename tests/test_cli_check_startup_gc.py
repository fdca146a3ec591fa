"""`loancs check MESSAGE` runs with the cyclic collector paused (a one-shot process: its
passes over the imports and the rules cache were ~6% of the start-up), and leaves it on."""

from __future__ import annotations

import gc

import pytest

from loancs.commands.check_run import plain_main


def test_a_plain_check_starts_no_collection_and_leaves_the_collector_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the run's rules cache (conftest: LOANCS_CACHE_DIR, shared by the workers): warm after
    # this first check whether it compiled here or another test did (a new empty cache made
    # every run compile and pickle the shipped rules again for this test alone)
    assert plain_main(["放心，这笔肯定能批下来", "--json"]) is not None
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
