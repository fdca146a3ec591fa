"""The collector pauses of a server start and of a rules read in a worker thread: whichever
ends first must not turn the collector back on under the other (CI and a loaded whole-suite
run saw a young collection inside a start's ``building_to_keep``)."""

from __future__ import annotations

import gc
import pickle
import threading

from loancs.core.compliance.concepts import unpickled
from loancs.core.gcpause import collector_paused
from loancs.lifecycle import building_to_keep

entered = threading.Event()
release = threading.Event()


class SlowToLoad:
    """Unpickling it waits until the test lets it go (a big rules cache, in slow motion)."""

    def __init__(self) -> None:
        self.rules = 5000  # some state, or unpickling never calls __setstate__

    def __setstate__(self, state: object) -> None:
        entered.set()
        assert release.wait(10)


def test_a_worker_threads_rules_read_ending_inside_a_start_leaves_the_collector_off() -> None:
    assert gc.isenabled()
    entered.clear()
    release.clear()
    data = pickle.dumps(SlowToLoad())
    worker = threading.Thread(target=unpickled, args=(data,))
    worker.start()  # the assistant's rules read, begun while the collector is on
    assert entered.wait(10)
    try:
        with building_to_keep():  # the start builds its open work meanwhile
            release.set()
            worker.join(10)
            assert not worker.is_alive()
            assert not gc.isenabled(), "the worker's pause ended and turned the collector on"
        assert gc.isenabled(), "the collector is back once the last pause has ended"
    finally:
        release.set()
        worker.join(10)
        gc.enable()


def test_pauses_nest_and_overlap_across_threads() -> None:
    assert gc.isenabled()
    first_in, second_out = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            first_in.set()
            assert second_out.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    assert first_in.wait(10)
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert not gc.isenabled(), "the other thread's pause is still in progress"
    second_out.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pause_holds_when_other_code_turns_the_collector_back_on() -> None:
    """Code that is not ours (Textual's scroll pause, a library's own save-and-restore) turns
    the collector back on while a pause is in progress: no collection may start."""
    threshold = gc.get_threshold()
    runs: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        with collector_paused():
            gc.enable()  # what such code does when it found the collector on
            made = [[i] for i in range(50_000)]  # far past the youngest generation's 700
            during = list(runs)  # (after the pause, the next allocation collects: allowed)
        assert during == [], during
    finally:
        gc.callbacks.remove(seen)
        gc.enable()
    assert gc.get_threshold() == threshold
    assert len(made) == 50_000


def test_a_threshold_set_during_a_pause_is_kept() -> None:
    """tune_gc_for_serving sets the serving thresholds; a worker's pause ending after must not
    put the old ones back."""
    threshold = gc.get_threshold()
    try:
        with collector_paused():
            gc.set_threshold(20_000, 10, 10)
        assert gc.get_threshold() == (20_000, 10, 10)
    finally:
        gc.set_threshold(*threshold)
