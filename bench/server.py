"""`python -m bench load`: gunicorn with production settings under 64 concurrent readers, then its workers' memory.

The server gets the environment production would (DEBUG unset, a random SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1) and a database of its own: a temporary SQLite file, or
BENCH_DATABASE_URL (PostgreSQL) when given. `bench.seed` migrates it, collects static files and
loads the demo plus published copies. gunicorn serves `hig_updates.wsgi` with
hig_updates/gunicorn.conf.py when that file exists, else with equivalent flags, bound to a free
port on 127.0.0.1. `bench.load` then requests a mix of public pages and searches; at the end every
worker's resident memory (VmRSS in /proc/<pid>/status) is read before gunicorn is stopped.
"""

import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import run_load

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).parent / "out"
GUNICORN_CONF = ROOT / "hig_updates" / "gunicorn.conf.py"
MAX_WORKER_RSS_BYTES = 150 * 1000 * 1000
STARTUP_SECONDS = 60


def server_environment(database_url):
    """The environment of a production deployment on this machine, with the benchmark's database."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "BEHIND_HTTPS_PROXY", "LOG_LEVEL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "hig_updates.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_workers():
    """gunicorn's usual rule of thumb: two per CPU plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_command(port):
    """(command, how it was configured): the project's config file when it exists, else equivalent flags."""
    command = [sys.executable, "-m", "gunicorn", "hig_updates.wsgi", "--bind", f"127.0.0.1:{port}"]
    if GUNICORN_CONF.exists():
        return [*command, "-c", str(GUNICORN_CONF)], f"-c {GUNICORN_CONF.relative_to(ROOT)} (bind overridden)"
    workers = default_workers()
    flags = ["--workers", str(workers), "--worker-class", "sync", "--timeout", "30", "--max-requests", "0"]
    return [*command, *flags], f"flags (no {GUNICORN_CONF.relative_to(ROOT)}): {' '.join(flags)}"


def wait_until_serving(port, process):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with status {process.returncode} before serving; see {OUT / 'gunicorn.log'}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on 127.0.0.1:{port} within {STARTUP_SECONDS} s")


def children(pid):
    """The process ids whose parent is `pid` (gunicorn's workers, for its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def resident_bytes(pid):
    """VmRSS of `pid` from /proc/<pid>/status, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise ValueError(f"no VmRSS for process {pid}")


def workers_memory(master):
    """{worker pid: VmRSS in bytes} for every worker of gunicorn's `master` (one replaced meanwhile is skipped)."""
    memory = {}
    for pid in children(master):
        try:
            memory[pid] = resident_bytes(pid)
        except (OSError, ValueError):
            continue
    return memory


def workers_booted(log_path):
    """How many workers gunicorn has started so far, from its log (one line each, replacements included)."""
    return log_path.read_text(errors="replace").count("Booting worker with pid")


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"


def report(*, tally, rss, restarts, configured, database, paths, seconds, clients, copies):
    rows = [
        ("requests", f"{tally.requests:,} in {tally.elapsed:.1f} s"),
        ("requests/s", f"{tally.rate:,.1f}"),
        *(
            (f"latency p{int(fraction * 100)}", f"{tally.latency(fraction) * 1000:.1f} ms" if tally.latencies else "—")
            for fraction in (0.50, 0.95, 0.99)
        ),
        ("errors", f"{tally.errors} ({tally.http_errors} non-2xx/3xx, {tally.connection_errors} connection)"),
        ("statuses", ", ".join(f"{status}: {count:,}" for status, count in sorted(tally.statuses.items())) or "—"),
        (
            "workers replaced",
            f"{restarts} during the run (gunicorn's max_requests; a new worker starts with a cold cache)",
        ),
        *((f"worker {pid} RSS", megabytes(size)) for pid, size in rss.items()),
    ]
    width = max(len(name) for name, _value in rows)
    lines = [
        f"Load benchmark — Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs",
        f"gunicorn hig_updates.wsgi, {len(rss)} workers, configured by {configured}",
        f"cache: {'Redis (REDIS_URL, shared by the workers)' if os.environ.get('REDIS_URL') else 'local memory, one per worker (no REDIS_URL)'}",
        f"database: {database}, demo + {copies} published copies; {clients} clients for {seconds:g} s "
        f"over {len(paths)} public paths and searches on 127.0.0.1",
        "",
        *(f"{name.ljust(width)}  {value}" for name, value in rows),
        "",
    ]
    largest = max(rss.values(), default=0)
    targets = [
        ("0 errors", tally.errors == 0 and tally.requests > 0, f"{tally.errors} errors in {tally.requests:,} requests"),
        (
            "worker RSS ≤ 150 MB",
            bool(rss) and largest <= MAX_WORKER_RSS_BYTES,
            f"largest {megabytes(largest)}" if rss else "no workers found",
        ),
    ]
    lines += [f"{'PASS' if passed else 'FAIL'}  {name}: {detail}" for name, passed, detail in targets]
    return "\n".join(lines) + "\n", all(passed for _name, passed, _detail in targets)


def main(*, seconds, clients, copies):
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hig-bench-") as folder:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        database = "PostgreSQL (BENCH_DATABASE_URL)" if os.environ.get("BENCH_DATABASE_URL") else "temporary SQLite"
        env = server_environment(database_url)
        print(f"Preparing the {database} database (migrate, collectstatic, demo, {copies} copies)…", flush=True)
        seeded = subprocess.run(
            [sys.executable, "-m", "bench.seed", str(copies)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if seeded.returncode:
            sys.stderr.write(seeded.stdout + seeded.stderr)
            raise RuntimeError("Preparing the benchmark database failed (output above).")
        paths = json.loads(seeded.stdout.strip().splitlines()[-1])

        port = free_port()
        command, configured = gunicorn_command(port)
        log_path = OUT / "gunicorn.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                wait_until_serving(port, process)
                run_load(port, paths, seconds=1, clients=min(clients, 8))  # a second's warm-up, not counted
                print(f"Loading 127.0.0.1:{port} with {clients} clients for {seconds:g} s…", flush=True)
                booted = workers_booted(log_path)
                tally = run_load(port, paths, seconds=seconds, clients=clients)
                restarts = workers_booted(log_path) - booted
                rss = workers_memory(process.pid)
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    text, passed = report(
        tally=tally,
        rss=rss,
        restarts=restarts,
        configured=configured,
        database=database,
        paths=paths,
        seconds=seconds,
        clients=clients,
        copies=copies,
    )
    sys.stdout.write(text)
    (OUT / "load.txt").write_text(text, encoding="utf-8")
    return 0 if passed else 1
