"""The console stops when its terminal is gone. tmux kill-session closed the pty: Textual's
output thread died on its write, its queue filled, and the driver's close() waited for room
in it for ever, so a demo and its writer child outlived their tmux server, deaf to SIGTERM
(session 34's lead note; one of main's demos in session 35, its loop found blocked in
`WriterThread.stop` by gdb)."""

from __future__ import annotations

import threading

from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread

from loancs.tui.esc import EscDriver


class _GoneTerminal:
    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 1


def test_close_returns_when_the_terminal_is_gone():
    driver = EscDriver.__new__(EscDriver)
    writer = WriterThread(_GoneTerminal())  # type: ignore[arg-type]
    hook, threading.excepthook = threading.excepthook, lambda args: None
    try:
        writer.start()
        driver._writer_thread = writer
        driver.write("bye")  # the thread dies on it
        writer.join(5)
        assert not writer.is_alive()
        done = threading.Event()

        def shut_down() -> None:
            for _ in range(MAX_QUEUED_WRITES + 5):
                driver.write("text")
            driver.close()
            done.set()

        threading.Thread(target=shut_down, daemon=True).start()
        assert done.wait(5), "close() blocked on the dead output thread's full queue"
    finally:
        threading.excepthook = hook
