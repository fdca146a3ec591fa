import os, resource, statistics, subprocess, sys, tempfile
MSG = "放心，这笔肯定能批下来，月息1.5%"
py = sys.executable
base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
cases = {
    "floor (import typer, rich)": ([py, "-c", "import typer, rich"], None),
    "check --json, session start (ca198b1)": ([py, "-m", "loancs", "check", MSG, "--json"], "/tmp/cw/old"),
    "check --json, now": ([py, "-m", "loancs", "check", MSG, "--json"], "/work/wt/compliance"),
}
dirs = {name: tempfile.mkdtemp() for name in cases}
def run(cmd, path, cache):
    env = {**base, "LOANCS_CACHE_DIR": cache}
    if path: env["PYTHONPATH"] = path
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=path or "/tmp")
    a = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (a.ru_utime - b.ru_utime + a.ru_stime - b.ru_stime) * 1000
for name, (cmd, path) in cases.items():
    for _ in range(2): run(cmd, path, dirs[name])
res = {n: [] for n in cases}
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 15):
    for name, (cmd, path) in cases.items():
        res[name].append(run(cmd, path, dirs[name]))
floor = statistics.median(res["floor (import typer, rich)"])
print(f"load average {os.getloadavg()[0]:.2f}; CPU ms per process, median of {len(res[name])} round-robin runs")
for name, xs in res.items():
    m = statistics.median(xs)
    print(f"  {name:<40} {m:6.0f} ms  ({m / floor:4.2f}x floor)  min {min(xs):5.0f}")
