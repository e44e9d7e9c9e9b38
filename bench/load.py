"""The load test (`make load`): clerks, liaisons and leaders together against the
app under gunicorn, with the production settings, on this machine.

Steps: count the data; collect the static files into a temporary folder; start
gunicorn (`config.wsgi:application`, 2 sync workers, 127.0.0.1); wait for
/healthz; run locust headless with bench/locustfile.py; stop gunicorn; print the
statistics per endpoint and write them, with the date, the machine, the data size
and the settings, into the `load` section of docs/benchmarks.md. Exits 1 when a
request failed, when locust's scenario raised, or when nothing was requested;
2 when the run could not start.

Settings: `config.settings.production`, unchanged. Its HTTPS redirect and Secure
cookies stay on: locust plays the TLS-terminating nginx (it sends
`X-Forwarded-Proto: https`), which is how production runs, without measuring
TLS. The run gets a random SECRET_KEY; the personal-data keys
(FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY) are the ones the data was written with:
taken from the environment when set there, otherwise derived from SECRET_KEY as
`config.settings.local` (which seed_demo and bench_seed run under) derives them.

Options (command line, or the environment variable in brackets):
  --database-url [DATABASE_URL]  default postgres://postgres@127.0.0.1:5432/xinfang_bench
  --redis-url [REDIS_URL]        the app's cache and broker; default redis://127.0.0.1:6379/0
  --seconds [LOAD_SECONDS]       default 60 (including the ramp-up)
  --users [LOAD_USERS]           default 30
  --spawn-rate [LOAD_SPAWN_RATE] people started per second; default users / 10
  --port [LOAD_PORT]             default 0: a free port
  --workers [LOAD_WORKERS]       gunicorn workers; default 2
  --docs [LOAD_DOCS]             the markdown file; default docs/benchmarks.md,
                                 "0" to write nothing
The scenario's own variables (LOAD_WAIT, LOAD_WRITES, LOAD_CLERKS, ...) are
described in bench/locustfile.py and passed through.
"""

import argparse
import csv
import datetime
import math
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import machine_description, machine_markdown, replace_section  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/xinfang_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
SECTION = "load"
USER_MIX = "clerks 3 : liaisons 5 : leaders 2"


class SetupError(Exception):
    """The run could not start; the message says why."""


def parse_args(argv=None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Load test with locust against gunicorn; see the module doc."
    )
    parser.add_argument(
        "--database-url", default=env("DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument("--redis-url", default=env("REDIS_URL") or DEFAULT_REDIS_URL)
    parser.add_argument("--seconds", type=int, default=int(env("LOAD_SECONDS", "60")))
    parser.add_argument("--users", type=int, default=int(env("LOAD_USERS", "30")))
    parser.add_argument(
        "--spawn-rate", type=float, default=float(env("LOAD_SPAWN_RATE", "0"))
    )
    parser.add_argument("--port", type=int, default=int(env("LOAD_PORT", "0")))
    parser.add_argument("--workers", type=int, default=int(env("LOAD_WORKERS", "2")))
    parser.add_argument(
        "--docs", default=env("LOAD_DOCS", str(ROOT / "docs" / "benchmarks.md"))
    )
    args = parser.parse_args(argv)
    if args.seconds < 1 or args.users < 1 or args.workers < 1:
        parser.error("seconds, users and workers must be at least 1")
    if args.spawn_rate <= 0:
        args.spawn_rate = max(1, math.ceil(args.users / 10))
    return args


# --- the data -----------------------------------------------------------------


def inspect_data(database_url: str) -> dict:
    """Count the data and find the personal-data keys it was written with.

    Runs Django here under `config.settings.local`, as the seed commands do, so
    the derived keys are theirs.
    """
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    import django
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    from django.conf import settings

    from accounts.models import User
    from cases.models import Case
    from common import crypto
    from petitions.models import Petition

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        counts = {
            "cases": Case.objects.count(),
            "petitions": Petition.objects.count(),
            "users": User.objects.count(),
        }
    except DatabaseError as exc:
        raise SetupError(
            f"cannot read the data in {describe_database(database_url)}: {exc}\n"
            "Create it first, e.g. `manage.py migrate && manage.py bench_seed` "
            "(or seed_demo) with the same DATABASE_URL."
        ) from exc
    if pending:
        raise SetupError(
            f"{describe_database(database_url)} lacks {len(pending)} migrations "
            f"(first: {pending[0][0]}): run `manage.py migrate` with the same "
            "DATABASE_URL"
        )
    # The same fallbacks as common.crypto outside production.
    keys = list(settings.FIELD_ENCRYPTION_KEYS) or [
        crypto._derived_key("field-encryption").decode()
    ]
    hash_key = settings.FIELD_HASH_KEY or crypto._derived_key("field-hash").decode()
    return {
        "counts": counts,
        "FIELD_ENCRYPTION_KEYS": ",".join(keys),
        "FIELD_HASH_KEY": hash_key,
    }


def describe_database(url: str) -> str:
    """Name and host of the database, never the password."""
    parts = urlsplit(url)
    return f"{parts.path.lstrip('/')} on {parts.hostname}:{parts.port or 5432}"


# --- the server -----------------------------------------------------------------


def free_port(port: int) -> int:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise SetupError(f"port {port} on 127.0.0.1 is taken: {exc}") from exc
        return probe.getsockname()[1]


def server_env(args, data: dict, static_root: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LOAD_", "LOCUST_")) and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        STATIC_ROOT=str(static_root),
        FIELD_ENCRYPTION_KEYS=data["FIELD_ENCRYPTION_KEYS"],
        FIELD_HASH_KEY=data["FIELD_HASH_KEY"],
    )
    return env


def collect_static(env: dict, log: Path) -> None:
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        raise SetupError(f"collectstatic failed:\n{tail(log)}")


def start_gunicorn(args, env: dict, port: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
    ]
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait_healthy(server: subprocess.Popen, base: str, log: Path, timeout=60) -> None:
    request = urllib.request.Request(
        f"{base}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SetupError(f"gunicorn exited ({server.returncode}):\n{tail(log)}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}: {exc.read()[:200]!r}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.5)
    raise SetupError(
        f"/healthz did not answer 200 in {timeout}s ({last}):\n{tail(log)}"
    )


def server_complaints(log: Path) -> list[str]:
    """The warnings, errors and tracebacks gunicorn and Django logged."""
    words = (" WARNING ", " ERROR ", " CRITICAL ", "[ERROR]", "[CRITICAL]", "Traceback")
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if any(w in line for w in words)]


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


# --- locust -------------------------------------------------------------------


def run_locust(args, base: str, prefix: Path, log: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        f"{args.spawn_rate:g}",
        "-t",
        f"{args.seconds}s",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
    ]
    with log.open("ab") as out:
        try:
            done = subprocess.run(
                command,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=args.seconds + 180,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SetupError(f"locust did not finish:\n{tail(log)}") from exc
    return done.returncode


def read_stats(prefix: Path) -> list[dict]:
    """Rows of locust's <prefix>_stats.csv, the "Aggregated" row last."""
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


COLUMNS = (
    ("endpoint", "Name", "l"),
    ("method", "Type", "l"),
    ("requests", "Request Count", "r"),
    ("failures", "Failure Count", "r"),
    ("req/s", "Requests/s", "r"),
    ("p50 ms", "50%", "r"),
    ("p95 ms", "95%", "r"),
    ("p99 ms", "99%", "r"),
    ("max ms", "Max Response Time", "r"),
)


def _cell(row: dict, key: str) -> str:
    value = row.get(key, "")
    if key == "Requests/s":
        try:
            return f"{float(value):.1f}"
        except ValueError:
            return value
    if key == "Max Response Time":
        try:
            return f"{float(value):.0f}"
        except ValueError:
            return value
    if key == "Name" and row.get("Type") == "" and value == "Aggregated":
        return "all"
    return value


def table_rows(stats: list[dict]) -> list[list[str]]:
    return [[_cell(row, key) for _, key, _ in COLUMNS] for row in stats]


def markdown_table(stats: list[dict]) -> str:
    head = "| " + " | ".join(title for title, _, _ in COLUMNS) + " |"
    rule = "|" + "|".join("---:" if a == "r" else "---" for _, _, a in COLUMNS) + "|"
    lines = [head, rule]
    for row in table_rows(stats):
        if row[0] == "all":
            row = [f"**{cell}**" if cell else "" for cell in row]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def text_table(stats: list[dict]) -> str:
    rows = [[title for title, _, _ in COLUMNS], *table_rows(stats)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(width) if align == "l" else cell.rjust(width)
            for cell, width, (_, _, align) in zip(row, widths, COLUMNS, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def totals(stats: list[dict]) -> tuple[int, int]:
    row = next((r for r in stats if r.get("Name") == "Aggregated"), None)
    if row is None:
        return 0, 0
    return int(row["Request Count"]), int(row["Failure Count"])


def run_passed(stats: list[dict], errors: list[dict], locust_exit: int) -> bool:
    """Requests were made, none failed, the scenario raised nothing, locust was
    content (it exits 1 on a failed request, anything else is its own trouble)."""
    requests, failed = totals(stats)
    return requests > 0 and failed == 0 and not errors and locust_exit == 0


# --- the report -----------------------------------------------------------------


def section(*, args, data, stats, failures, errors, passed, started, load_avg, machine):
    requests, failed = totals(stats)
    counts = data["counts"]
    verdict = (
        f"**passed**: no failure in {requests:,} requests"
        if passed
        else f"**FAILED**: {failed:,} failed of {requests:,} requests"
        + (f", {len(errors)} scenario errors" if errors else "")
    )
    spawn = f"{args.spawn_rate:g}"
    writes = "off" if os.environ.get("LOAD_WRITES", "1") == "0" else "on"
    wait = os.environ.get("LOAD_WAIT", "1,3").replace(",", "–")
    lines = [
        "## Load test",
        "",
        f"`make load`, {started:%Y-%m-%d %H:%M %Z}: {verdict}.",
        "",
        f"- Scenario: `bench/locustfile.py`, {USER_MIX}; {args.users} people "
        f"(started {spawn}/s) for {args.seconds} s including the ramp-up, each "
        f"pausing {wait} s between actions; writes {writes} (a liaison's "
        "follow-up record, the daily zero report when one is due).",
        f"- Server: gunicorn `config.wsgi:application`, {args.workers} sync workers "
        "on 127.0.0.1, `config.settings.production` (DEBUG off, WhiteNoise "
        "manifest static files, Redis cache); locust sends "
        "`X-Forwarded-Proto: https` as nginx would, so no TLS is measured. Locust "
        "runs on the same machine.",
        f"- Data: {counts['cases']:,} cases, {counts['petitions']:,} petitions, "
        f"{counts['users']:,} users (database {describe_database(args.database_url)}).",
        f"- Load average before the run: {load_avg}.",
        "",
        "Machine:",
        "",
        machine_markdown(machine),
        "",
        "Times in milliseconds (percentiles as locust approximates them, to two "
        "significant digits); requests per second over the whole run.",
        "",
        markdown_table(stats) if stats else "(no statistics: locust wrote none)",
    ]
    if failures:
        lines += ["", "Failures:", ""]
        lines += [
            f"- {f.get('Method', '')} {f.get('Name', '')}: {f.get('Error', '')} "
            f"(×{f.get('Occurrences', '?')})"
            for f in failures
        ]
    if errors:
        lines += ["", "Scenario errors:", ""]
        lines += [f"- {e.get('Message', '')} (×{e.get('Count', '?')})" for e in errors]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = datetime.datetime.now(datetime.UTC).astimezone()
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    workdir = Path(tempfile.mkdtemp(prefix="xf-load-"))
    server_log = workdir / "gunicorn.log"
    locust_log = workdir / "locust.log"
    server = None
    try:
        print(f"load: data in {describe_database(args.database_url)} ...", flush=True)
        data = inspect_data(args.database_url)
        print(
            "load: {cases:,} cases, {petitions:,} petitions, {users:,} users".format(
                **data["counts"]
            )
        )
        machine = machine_description(args.database_url)
        env = server_env(args, data, workdir / "static")
        print("load: collecting static files ...", flush=True)
        collect_static(env, server_log)
        port = free_port(args.port)
        base = f"http://127.0.0.1:{port}"
        print(f"load: gunicorn, {args.workers} workers, on {base} ...", flush=True)
        server = start_gunicorn(args, env, port, server_log)
        wait_healthy(server, base, server_log)
        print(
            f"load: locust, {args.users} users (+{args.spawn_rate:g}/s) "
            f"for {args.seconds}s ...",
            flush=True,
        )
        code = run_locust(args, base, workdir / "load", locust_log)
    except SetupError as exc:
        print(f"load: {exc}\nload: logs kept in {workdir}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            stop(server)

    stats = read_stats(workdir / "load")
    failures = read_rows(Path(f"{workdir / 'load'}_failures.csv"))
    errors = read_rows(Path(f"{workdir / 'load'}_exceptions.csv"))
    requests, _ = totals(stats)
    passed = run_passed(stats, errors, code)

    print()
    print(text_table(stats) if stats else "no statistics were written")
    for failure in failures:
        print(
            f"FAILED {failure.get('Method')} {failure.get('Name')}: "
            f"{failure.get('Error')} (x{failure.get('Occurrences')})"
        )
    for error in errors:
        print(f"ERROR in the scenario: {error.get('Message')} (x{error.get('Count')})")
    if requests == 0:
        print("FAILED: no request was made")
    complaints = server_complaints(server_log)
    if complaints:
        print(f"\nThe server logged {len(complaints)} warnings or errors, e.g.:")
        print("\n".join(complaints[:5]))

    if args.docs and args.docs != "0":
        replace_section(
            args.docs,
            SECTION,
            section(
                args=args,
                data=data,
                stats=stats,
                failures=failures,
                errors=errors,
                passed=passed,
                started=started,
                load_avg=load_avg,
                machine=machine,
            ),
            title="Benchmarks",
        )
        print(f"\nload: written to {args.docs} (section '{SECTION}')")

    if not passed:
        print(f"\n--- locust (exit {code}) ---\n{tail(locust_log)}", file=sys.stderr)
        print(f"\n--- gunicorn ---\n{tail(server_log)}", file=sys.stderr)
        print(f"\nload: FAILED; logs kept in {workdir}", file=sys.stderr)
        return 1
    print(f"load: passed, {requests:,} requests, no failure")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
