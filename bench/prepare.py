"""Make sure the benchmark database exists and holds the data set:
`python -m bench.prepare --cases N [--reseed]` (called by `make bench`).

The database (DATABASE_URL, default xinfang_bench) is created from the
`xinfang_template` database (UTF-8 ctype and pg_trgm, made by
scripts/check_services.py), migrated, and filled by `manage.py bench_seed`. An
existing database with cases is used as it is unless --reseed, or unless it holds
a different number of cases than asked for.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinfang_bench"
# The benchmark's cache (production-like: Redis), apart from the tests' databases.
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"


def manage(*args: str, url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
    }
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def case_count(url: str) -> int | None:
    try:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except psycopg.errors.UndefinedTable:
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info["dbname"]
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "scripts/check_services.py"], cwd=ROOT, env=env, check=True
    )
    admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        count = case_count(url) if exists else None
        if exists and (
            args.reseed or (count is not None and count not in (0, args.cases))
        ):
            print(f"bench: dropping {name} ({count} cases) to seed {args.cases:,}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            print(f"bench: creating {name}")
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE xinfang_template')
    manage("migrate", "--noinput", "-v0", url=url)
    if not case_count(url):
        manage("bench_seed", "--cases", str(args.cases), url=url)
    else:
        print(f"bench: {name} holds {case_count(url):,} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
