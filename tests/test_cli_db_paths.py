"""A --db path as an operator types it: a directory that does not exist is a typo, refused
with one line and exit 2 by every command taking --db (it used to be made, and `serve`
started on a fresh, empty store); the default data directory is still made on first use;
a database that cannot be opened is exit 2 everywhere, while "newer than this loancs"
keeps exit 1 (tests/test_data_ops.py)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

COMMANDS = [
    ["serve", "--port", "0"],
    ["agent", "add", "王芳"],
    ["agent", "list"],
    ["channel", "add", "wechat-main", "--kind", "wechat"],
    ["db", "migrate"],
    ["db", "status"],
    ["report", "service"],
    ["privacy", "retain", "--dry-run"],
    ["privacy", "export", "--customer", "1"],
    ["backup", "BACKUPS"],
    ["restore", "BACKUP"],
    ["export", "conversations"],
    ["ask", "怎么还款", "--customer", "1"],
    ["demo"],
    ["audit", "verify"],
    ["service", "install", "--user", "--print"],
]


def run_all(argvs: list[list[str]], env: dict[str, str]) -> list[tuple[int, str]]:
    """Each command in its own process, all at once (they are independent)."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "loancs", *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for argv in argvs
    ]
    results = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        results.append((proc.returncode, err + out))
    return results


def test_a_mistyped_database_directory_is_refused_by_every_command(tmp_path: Path) -> None:
    backup = tmp_path / "good.db"
    conn = sqlite3.connect(backup)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    typo = tmp_path / "mistyped" / "loancs.db"
    env = {**os.environ, "COLUMNS": "200", "LOANCS_DATA": str(tmp_path / "data")}
    argvs = [
        [{"BACKUPS": str(tmp_path / "backups"), "BACKUP": str(backup)}.get(a, a) for a in argv]
        + ["--db", str(typo)]
        for argv in COMMANDS
    ]
    for argv, (code, output) in zip(argvs, run_all(argvs, env), strict=True):
        lines = output.strip().splitlines()
        assert code == 2, (argv, code, output)
        assert len(lines) == 1 and str(typo.parent) in lines[0], (argv, lines)
        assert "Traceback" not in output
    assert not typo.parent.exists()  # nothing made
    assert not (tmp_path / "data").exists()
    # The same typo in the server's config file: named with the file it came from.
    config = tmp_path / "loancs.toml"
    config.write_text(f'[server]\ndb = "{typo}"\n')
    [(code, output)] = run_all([["serve", "--port", "0", "--config", str(config)]], env)
    assert code == 2 and output.strip() == (
        f"error: {config}: [server] db = {typo}: the directory {typo.parent} does not exist"
        " (mistyped? if the path is right, make the directory first)"
    ), output
    assert not typo.parent.exists()


def test_the_default_data_directory_is_still_made_on_first_run(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"
    env = {**os.environ, "COLUMNS": "200", "LOANCS_DATA": str(data)}
    [(code, output)] = run_all([["agent", "add", "王芳"]], env)
    assert code == 0, output
    assert (data / "loancs.db").is_file()


def test_a_database_that_cannot_be_opened_is_exit_2_in_every_command(tmp_path: Path) -> None:
    # Not a database (a text file where the path points): an operator's error, 2, one line,
    # as `db status` and `audit verify` already said; it was 1 in the others, like "newer".
    junk = tmp_path / "notes.db"
    junk.write_text("shopping list\n" * 200)
    env = {**os.environ, "COLUMNS": "200", "LOANCS_DATA": str(tmp_path / "data")}
    argvs = [
        [*argv, "--db", str(junk)]
        for argv in (
            ["agent", "list"],
            ["agent", "add", "王芳"],
            ["db", "migrate"],
            ["privacy", "retain", "--dry-run"],
            ["export", "events"],
            ["serve", "--port", "0"],
        )
    ]
    for argv, (code, output) in zip(argvs, run_all(argvs, env), strict=True):
        lines = output.strip().splitlines()
        assert code == 2, (argv, code, output)
        assert len(lines) == 1 and str(junk) in lines[0], (argv, lines)
