"""Installed as a lender's IT person installs it: build the wheel, install it (not editable)
into a fresh virtual environment as pipx does (with uv, which does the same faster), and run the commands from there, including
the demo's console in a real terminal (tmux) to prove its stylesheet ships."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.terminal import Terminal, have_tmux

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def clean_env() -> dict[str, str]:
    """No PYTHONPATH: the venv must find loancs in its own site-packages. Bytecode is written
    as a user's Python writes it: the first command compiles the modules it imports (into the
    venv) and the next ones reuse them (compiling all 4,000 files of the dependencies at
    install time took 25 s of CPU, most of them for modules no command imports)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHONPATH", "LOANCS_", "PYTHONDONTWRITEBYTECODE"))
    }
    return {**env, "COLUMNS": "200"}


def uv(*args: str, timeout: float) -> subprocess.CompletedProcess:
    """``python -m uv ARGS``, from uv's cache alone when it holds everything (``--offline``:
    no index round trips, no rebuild of an sdist it built before), else as it comes (a fresh
    machine fills the cache). Either way the same wheel from the same declared requirements."""
    for offline in (["--offline"], []):
        done = subprocess.run(
            [sys.executable, "-m", "uv", *args, *offline],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=clean_env(),
        )
        if done.returncode == 0:
            break
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The venv's bin directory with loancs installed from a freshly built wheel."""
    work = tmp_path_factory.mktemp("install")
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "loancs", src / "loancs", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    dist = work / "dist"
    # uv (a test dependency) builds and installs as pip would, into an isolated venv from
    # the declared dependencies only, in a fraction of pip's time.
    build = uv("build", "-q", "--wheel", "-o", str(dist), str(src), timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    wheel = next(dist.glob("loancs-*.whl"))
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    data_files = {
        path.relative_to(src).as_posix()
        for path in (src / "loancs").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    missing = sorted(data_files - in_wheel)
    assert not missing, f"data files missing from the wheel (pyproject package-data): {missing}"
    assert "loancs/tui/console.tcss" in in_wheel

    venv = work / "venv"
    made = uv("venv", "-q", "--python", sys.executable, str(venv), timeout=120)
    assert made.returncode == 0, made.stderr[-3000:]
    python = str(venv / "bin" / "python")
    install = uv("pip", "install", "-q", "--python", python, str(wheel), timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    return venv / "bin"


def run(bin_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / "loancs"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=clean_env(),
        cwd=bin_dir.parent,
    )


def test_the_installed_package_is_not_this_checkout(installed: Path) -> None:
    out = subprocess.run(
        [str(installed / "python"), "-c", "import loancs; print(loancs.__file__)"],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=installed.parent,
    )
    assert str(installed.parent) in out.stdout and str(ROOT) not in out.stdout


def test_installed_commands_run(installed: Path) -> None:
    assert run(installed, "-V").stdout.strip().startswith("loancs ")
    assert "serve" in run(installed, "--help").stdout
    calc = run(installed, "calc", "schedule", "-p", "100000", "-r", "4.2", "-n", "12", "--json")
    assert calc.returncode == 0 and "total_interest" in calc.stdout
    check = run(installed, "check", "保证100%下款")
    assert check.returncode == 2  # block


@pytest.mark.skipif(not have_tmux(), reason="needs tmux (scripts/test installs it)")
def test_installed_demo_opens_the_console(installed: Path) -> None:
    with Terminal(f"{installed / 'loancs'} demo --no-traffic --lang en", env=clean_env()) as term:
        assert term.wait_for("Connected", 60), term.screen()
        assert "Waiting" in term.screen()  # the inbox is drawn
        term.quit_console()
        assert term.wait_for("[exit 0]", 30), term.screen()


@pytest.mark.skipif(not have_tmux(), reason="needs tmux (scripts/test installs it)")
def test_a_console_that_cannot_start_fails_the_demo(installed: Path) -> None:
    """What a broken install looked like: the stylesheet missing, yet `loancs demo` exited 0."""
    css = next(installed.parent.glob("lib/python*/site-packages/loancs/tui/console.tcss"))
    saved = css.read_bytes()
    css.unlink()
    try:
        with Terminal(
            f"{installed / 'loancs'} demo --no-traffic --lang en", env=clean_env()
        ) as term:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and "[exit " not in term.screen():
                time.sleep(0.2)
            screen = term.screen()
            assert "[exit " in screen and "[exit 0]" not in screen, screen
            assert "console.tcss" in term.scrollback(), term.scrollback()
    finally:
        css.write_bytes(saved)
