"""Leaving the console or the desk on a stop signal the way ``q`` leaves them."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from textual.app import App


def exit_on_stop_signals(app: App) -> None:
    """SIGTERM or SIGHUP (a ``kill``, a service manager, a closed SSH session): exit the app,
    which gives the terminal back. The default action ended the process with the terminal
    still in the app's modes (the alternate screen, mouse reporting: the mouse then typed
    escape codes into the shell)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, app.exit)
