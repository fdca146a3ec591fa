"""A real terminal for tests: a command in a detached tmux session, its screen read back.
The pane prints ``[exit N]`` when the command ends (N its exit status). Each terminal has a
tmux server of its own (``-L``): on the shared default server, one test worker's last session
ending shuts the server down, and another worker's ``new-session`` connecting at that moment
fails (the likely cause of one ``new-session`` that exited 1 in a fresh-clone run, session 21)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


class Terminal:
    def __init__(
        self,
        command: str,
        env: dict[str, str] | None = None,
        size=(120, 40),
        cwd: str | os.PathLike | None = None,
    ):
        self.name = f"loancs-test-{os.getpid()}-{time.monotonic_ns()}"
        self.command = command
        self.cwd = cwd
        self.env = env
        self.size = size
        self.tmux = ["tmux", "-L", self.name]  # a private server (see the module's docstring)

    def __enter__(self) -> Terminal:
        env_prefix = ""
        if self.env is not None:  # exactly this environment (a tmux server has its own)
            pairs = " ".join(
                f"{k}={shlex.quote(v)}"
                for k, v in self.env.items()
                if k not in ("TERM", "COLUMNS", "LINES")
            )
            env_prefix = f'env -i TERM="$TERM" {pairs}'
        cd = f"cd {shlex.quote(str(self.cwd))} && " if self.cwd else ""
        script = f'{cd}{env_prefix} {self.command}; echo "[exit $?]"; sleep 60'
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(self.size[0]),
                "-y",
                str(self.size[1]),
                "bash",
                "-c",
                script,
            ],
            check=True,
        )
        subprocess.run([*self.tmux, "set-option", "-t", self.name, "history-limit", "5000"])
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)

    def screen(self) -> str:
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return out.stdout

    def scrollback(self) -> str:
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-S", "-5000", "-t", self.name],
            capture_output=True,
            text=True,
        )
        return out.stdout

    def wait_for(self, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.screen():
                return True
            time.sleep(0.2)
        return False

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], capture_output=True)

    def quit_console(self) -> None:
        """q, and confirm if the console asks (open conversations): y as soon as its dialog
        shows, or after 5 s without either the dialog or the exit."""
        from loancs.tui.i18n import CATALOGUE

        asks = CATALOGUE["dlg.quit_title"]
        self.keys("q")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            screen = self.screen()
            if "[exit " in screen:
                return
            if any(title in screen for title in asks):
                break
            time.sleep(0.1)
        if "[exit " not in self.screen():
            self.keys("y")
            if not self.wait_for("[exit ", 5):
                self.keys("Enter")
