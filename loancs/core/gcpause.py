"""Pausing Python's cyclic garbage collector while a lot of long-lived objects are made
(unpickling a rules cache, a server start building its open work), shared by every thread.

``gc.disable()`` / ``gc.enable()`` switch one flag of the whole interpreter, and more than
our code switches it (Textual pauses it during smooth scrolls in the console, whose lender
rules load in a worker thread). Two pieces of code that each saved the flag, turned it off
and put it back raced when they ran in two threads (the server's start in the loop's thread,
the assistant's rules read in a worker thread): whichever finished first turned the
collector back on under the other. Here the pauses are counted (the collector comes back
when the last pause ends, and only if it was on when the first began), and a pause also sets
the youngest generation's threshold to 0, which stops automatic collections whoever turns
the flag back on meanwhile; the threshold is put back at the end unless someone set another
meanwhile (the server's serving thresholds)."""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_depth = 0  # pauses in progress, in any thread
_resume = False  # whether the collector was on when the first of them began
_threshold = (700, 10, 10)  # the thresholds when the first of them began


class _Paused:
    """The context manager :func:`collector_paused` returns (one, stateless: the count is the
    module's). A class, not a generator: nothing is allocated between turning the collector
    back on and leaving the ``with``, so the first collection after a pause (everything made
    during it is young) falls to the caller's next allocation, not inside the pause's exit."""

    __slots__ = ()

    def __enter__(self) -> None:
        global _depth, _resume, _threshold
        with _lock:
            if _depth == 0:
                _resume = gc.isenabled()
                _threshold = gc.get_threshold()
                gc.disable()
                gc.set_threshold(0, *_threshold[1:])
            _depth += 1

    def __exit__(self, *exc: object) -> None:
        global _depth
        with _lock:
            _depth -= 1
            if _depth == 0:
                if gc.get_threshold()[0] == 0:  # (not set again meanwhile: for serving)
                    gc.set_threshold(*_threshold)
                if _resume:
                    gc.enable()


_PAUSED = _Paused()


def collector_paused() -> _Paused:
    """No automatic cyclic collection until every pause in progress has ended."""
    return _PAUSED
