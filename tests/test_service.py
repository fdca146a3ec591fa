"""`loancs service install` writes a unit whose ExecStart really runs the server and stops
on systemd's one SIGTERM; logs go to the journal (stderr) or a rotating file, as JSON lines."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import seed_accounts

pytestmark = pytest.mark.slow


def loancs(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loancs", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


def exec_start(unit: str) -> list[str]:
    line = next(x for x in unit.splitlines() if x.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def run_like_systemd(argv: list[str], seconds_up: float = 1.0) -> tuple[int, str, str]:
    """Start the unit's command in its own group, then stop it with one SIGTERM to the group."""
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if "serving on" in line or not line:
            break
    time.sleep(seconds_up)
    os.killpg(proc.pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    return proc.returncode, out, err


def test_user_unit_runs_the_server_and_stops_on_one_sigterm(tmp_path) -> None:
    db = tmp_path / "data" / "loancs.db"
    seed_accounts(db)
    config = tmp_path / "server.toml"
    config.write_text('[server]\nport = 0\n[log]\nlevel = "info"\n', encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    result = loancs(
        "service", "install", "--user", "--db", str(db), "--config", str(config), env=env
    )
    assert result.returncode == 0, result.stderr
    unit_path = tmp_path / "xdg" / "systemd" / "user" / "loancs.service"
    assert f"wrote {unit_path}" in result.stdout and "systemctl --user" in result.stdout
    unit = unit_path.read_text(encoding="utf-8")
    assert "WantedBy=default.target" in unit and "Restart=on-failure" in unit
    argv = exec_start(unit)
    assert argv[:4] == [sys.executable, "-m", "loancs", "serve"]
    assert "--log-format" in argv and argv[argv.index("--log-format") + 1] == "json"
    shown = loancs("service", "show", "--user", env=env)
    assert shown.stdout == unit

    code, out, err = run_like_systemd(argv)
    assert code == 0, err
    assert "loancs stopped" in out
    records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert records, err  # the journal gets JSON lines
    assert {"ts", "level", "logger", "msg"} <= set(records[0])
    assert not any(word in err for word in ("Traceback", "KeyboardInterrupt", "Broken pipe"))

    removed = loancs("service", "uninstall", "--user", env=env)
    assert removed.returncode == 0 and not unit_path.exists()


def test_system_unit_text(tmp_path) -> None:
    result = loancs(
        "service",
        "install",
        "--system",
        "--run-as",
        "loancs",
        "--db",
        str(tmp_path / "loancs.db"),
        "--print",
    )
    assert result.returncode == 0, result.stderr
    unit = result.stdout
    for line in (
        "User=loancs",
        "StateDirectory=loancs",
        "ProtectSystem=strict",
        f"ReadWritePaths={tmp_path}",
        "WantedBy=multi-user.target",
        "KillSignal=SIGTERM",
    ):
        assert line in unit, line
    assert not (tmp_path / "loancs.service").exists()


def test_install_refuses_a_config_the_server_would_refuse(tmp_path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[server]\nhostt = '0.0.0.0'\n", encoding="utf-8")
    result = loancs(
        "service",
        "install",
        "--user",
        "--config",
        str(config),
        env={"XDG_CONFIG_HOME": str(tmp_path / "xdg")},
    )
    assert result.returncode == 2 and "'hostt' in [server]" in result.stderr
    assert not (tmp_path / "xdg").exists()


def test_rotating_json_log_file(tmp_path) -> None:
    db = tmp_path / "loancs.db"
    log = tmp_path / "logs" / "server.log"
    config = tmp_path / "server.toml"
    config.write_text(
        f'[log]\nlevel = "debug"\nformat = "json"\nfile = "{log}"\nmax_bytes = 600\nbackups = 2\n',
        encoding="utf-8",
    )
    argv = [sys.executable, "-m", "loancs", "serve", "--db", str(db), "--port", "0",
            "--config", str(config)]  # fmt: skip
    for _ in range(3):  # each start and stop logs a few lines: enough to rotate
        code, _, err = run_like_systemd(argv, seconds_up=0.2)
        assert code == 0, err
    assert log.exists() and Path(f"{log}.1").exists()
    assert not Path(f"{log}.3").exists()  # two backups kept
    for path in (log, Path(f"{log}.1")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert record["level"] in ("debug", "info", "warning", "error")


def test_the_documented_unit_is_the_one_written(tmp_path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "operations.md").read_text("utf-8")
    documented = doc.split("```ini\n", 1)[1].split("```", 1)[0]
    result = loancs(
        "service", "install", "--system", "--run-as", "loancs", "--db",
        "/var/lib/loancs/loancs.db", "--print",
    )  # fmt: skip
    written = set(result.stdout.splitlines())
    for line in documented.splitlines():
        if line and not line.startswith("ExecStart="):
            assert line in written, f"docs/operations.md shows {line!r}; the unit does not"


def test_a_database_under_tmp_is_not_hidden_by_a_private_tmp(tmp_path) -> None:
    """The unit always had PrivateTmp=yes: a trial database under /tmp was, for the
    service, a different (new, empty) file in its private /tmp."""
    trial = Path(tempfile.mkdtemp(prefix="loancs-trial-", dir="/tmp"))  # (a missing one is refused)
    try:
        in_tmp = loancs("service", "install", "--system", "--db", str(trial / "x.db"), "--print")
    finally:
        trial.rmdir()
    kept = loancs("service", "install", "--system", "--db", "/var/lib/loancs/x.db", "--print")
    assert in_tmp.returncode == 0 and kept.returncode == 0, in_tmp.stderr + kept.stderr
    assert "PrivateTmp=yes" not in in_tmp.stdout
    assert "# PrivateTmp off: the database, config or log is under /tmp" in in_tmp.stdout
    assert "PrivateTmp=yes" in kept.stdout
