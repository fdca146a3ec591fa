"""A one-shot `loancs check` ends its process as soon as its output is flushed (the
interpreter's teardown was ~15 M instructions of its start-up): the output is whole when
piped, the exit status exact, and a caller of loancs.cli.main in its own process still gets
its SystemExit (tests/test_cli_check_plain.py's probe)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# `python -m loancs`, with a handler that would say when the interpreter's teardown runs
AS_PROGRAM = (
    "import atexit, runpy, sys\n"
    "atexit.register(lambda: sys.stderr.write('TEARDOWN\\n'))\n"
    "sys.argv = ['loancs', *sys.argv[1:]]\n"
    "runpy.run_module('loancs', run_name='__main__', alter_sys=True)\n"
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    cache = os.environ.get("LOANCS_CACHE_DIR") or str(tmp_path_factory.mktemp("rules-cache"))
    base = {k: v for k, v in os.environ.items() if k not in ("LOANCS_LANG", "LC_ALL")}
    return {**base, "COLUMNS": "100", "LANG": "en_US.UTF-8", "LOANCS_CACHE_DIR": cache}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", AS_PROGRAM, "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_a_one_shot_check_skips_the_teardown_and_its_piped_output_is_whole(
    env: dict[str, str],
) -> None:
    # ~160 KB of JSON: more than a pipe holds, so the writes block until it is read
    text = "保证通过，月息2%，" * 400
    done = run([text, "--json", "--explain"], env)
    assert done.returncode == 2
    assert "TEARDOWN" not in done.stderr
    assert len(done.stdout) > 100_000 and done.stdout.endswith("}\n")
    payload = json.loads(done.stdout)
    assert payload["verdict"] == "block" and len(payload["hits"]) == len(payload["explain"]) > 400
    plain = run([text], env)
    assert plain.returncode == 2 and "TEARDOWN" not in plain.stderr
    assert plain.stdout.count("zh.marketing.guaranteed-approval") > 300


@pytest.mark.parametrize(
    ("args", "code"),
    [(["hello", "--json"], 0), (["月息2%"], 1), (["hello", "--lang", "fr"], 3)],
)
def test_the_exit_status_is_the_checks(args: list[str], code: int, env: dict[str, str]) -> None:
    done = run(args, env)
    assert done.returncode == code and "TEARDOWN" not in done.stderr
    if code == 3:
        assert done.stderr.startswith("loancs check: error:")
    else:
        assert done.stdout.endswith("\n")
