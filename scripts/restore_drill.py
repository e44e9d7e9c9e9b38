#!/usr/bin/env python3
"""Restore drill: dump a database, restore it into a new one, prove both are equal.

    DATABASE_URL=postgres://USER[:PASSWORD]@HOST:PORT/NAME scripts/restore_drill.py

1. If the source database is missing or has no tables, create it and fill it with
   `manage.py migrate` and `manage.py seed_demo` (config.settings.local).
2. `pg_dump -Fc` the source into var/restore-drill/, from an exported snapshot; the
   source's checksums are read in that same snapshot, so writes made while the drill
   runs do not count as differences.
3. Create `<source>_restore_<timestamp>` with the source's encoding and locale, and
   `pg_restore` the dump into it.
4. Compare every table of the public schema (row count and a checksum of the rows),
   every sequence's last value, and the schema's indexes, constraints, triggers,
   views, functions and extensions.
5. Drop the restored database and delete the dump (`--keep` keeps both).

On a real server run it with `--no-fill` (a wrong name then fails instead of making a
demo database) and `--dump-dir` on a disk with room for one more copy; the restored
database is made on the source's server, so it needs that much free space too.

Exit status: 0 equal, 1 something differs, 2 a step failed. `--selftest-corrupt`
changes one row of the restored copy before the comparison, so an honest drill must
then exit 1. Needs only the standard library, psycopg and PostgreSQL's client
programs (pg_dump, pg_restore).
"""

import argparse
import datetime
import hashlib
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlparse

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinfang_drill"
DUMP_DIR = ROOT / "var" / "restore-drill"
MAX_NAME = 63  # PostgreSQL's identifier limit, in bytes

# Row text depends on these session settings: both sides use the same ones.
SESSION = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}


class StepFailed(Exception):
    pass


@dataclass(frozen=True)
class Server:
    """Where the databases are, and how to log in: parsed from a postgres:// URL."""

    host: str
    port: int
    user: str
    password: str | None
    sslmode: str | None = None

    @classmethod
    def from_url(cls, url: str) -> tuple["Server", str]:
        parts = urlparse(url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            raise StepFailed(f"DATABASE_URL must be a postgres:// URL, not {url!r}")
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise StepFailed("DATABASE_URL names no database")
        query = parse_qs(parts.query)
        server = cls(
            host=unquote(parts.hostname or "127.0.0.1"),
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password) if parts.password is not None else None,
            sslmode=query.get("sslmode", [None])[0],
        )
        return server, dbname

    def conninfo(self, dbname: str) -> dict:
        info = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": dbname,
            "connect_timeout": 10,
        }
        if self.password is not None:
            info["password"] = self.password
        if self.sslmode:
            info["sslmode"] = self.sslmode
        return info

    def client_env(self) -> dict:
        """The environment for pg_dump / pg_restore: the password never on argv."""
        env = dict(os.environ)
        if self.password is not None:
            env["PGPASSWORD"] = self.password
        if self.sslmode:
            env["PGSSLMODE"] = self.sslmode
        return env

    def client_args(self, dbname: str) -> list[str]:
        return [
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--username",
            self.user,
            "--dbname",
            dbname,
            "--no-password",
        ]

    def url(self, dbname: str) -> str:
        auth = quote(self.user, safe="")
        if self.password is not None:
            auth += ":" + quote(self.password, safe="")
        url = f"postgres://{auth}@{self.host}:{self.port}/{quote(dbname, safe='')}"
        return url + (f"?sslmode={self.sslmode}" if self.sslmode else "")


def connect(server: Server, dbname: str, *, autocommit: bool = True):
    conn = psycopg.connect(**server.conninfo(dbname), autocommit=autocommit)
    for name, value in SESSION.items():
        conn.execute("SELECT set_config(%s, %s, false)", [name, value])
    if not autocommit:
        conn.commit()  # the settings stay for the session; no transaction open
    return conn


def restored_name(source: str, now: datetime.datetime) -> str:
    suffix = "_restore_" + now.strftime("%Y%m%d_%H%M%S")
    head = source.encode()[: MAX_NAME - len(suffix)].decode(errors="ignore")
    return head + suffix


# --- What is compared --------------------------------------------------------------


@dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str


@dataclass(frozen=True)
class Snapshot:
    """What a database holds, in a form that can be compared with another one."""

    tables: dict[str, TableSum]
    sequences: dict[str, int | None]
    objects: frozenset[tuple[str, str]]


TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname
"""

# Each row's text is hashed; the table's checksum is the sum of the row hashes (two
# 64-bit halves, summed as numeric). A sum does not depend on the order of rows, so
# no sort and no string of the whole table is needed, whatever its size; with the
# row count it changes when any row is added, removed or altered.
TABLE_SUM = """
    SELECT count(*),
           coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0),
           coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)
    FROM (SELECT md5(t::text) AS h FROM {table} AS t) AS hashed
"""

OBJECTS = """
    SELECT 'index', indexname FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'constraint', cl.relname || '.' || co.conname
    FROM pg_constraint co
    JOIN pg_class cl ON cl.oid = co.conrelid
    JOIN pg_namespace n ON n.oid = co.connamespace
    WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'trigger', cl.relname || '.' || t.tgname
    FROM pg_trigger t
    JOIN pg_class cl ON cl.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = cl.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal
    UNION ALL
    SELECT 'view', viewname FROM pg_views WHERE schemaname = 'public'
    UNION ALL
    SELECT 'function', p.oid::regprocedure::text
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'extension', extname || ' ' || extversion FROM pg_extension
"""


PLURAL = {"index": "indexes"}


def table_checksums(conn) -> dict[str, TableSum]:
    names = [row[0] for row in conn.execute(TABLES).fetchall()]
    sums = {}
    for name in names:
        query = sql.SQL(TABLE_SUM).format(table=sql.Identifier("public", name))
        rows, high, low = conn.execute(query).fetchone()
        digest = hashlib.md5(f"{rows}:{high}:{low}".encode()).hexdigest()
        sums[name] = TableSum(rows=rows, checksum=digest)
    return sums


def read_snapshot(conn) -> Snapshot:
    sequences = dict(
        conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public'"
        ).fetchall()
    )
    objects = frozenset(tuple(row) for row in conn.execute(OBJECTS).fetchall())
    return Snapshot(tables=table_checksums(conn), sequences=sequences, objects=objects)


@dataclass(frozen=True)
class Line:
    kind: str
    name: str
    source: str
    restored: str
    ok: bool


def compare(source: Snapshot, restored: Snapshot) -> list[Line]:
    """One line per table, per differing sequence, per kind of schema object."""
    lines = []
    for name in sorted(source.tables.keys() | restored.tables.keys()):
        a, b = source.tables.get(name), restored.tables.get(name)
        lines.append(
            Line(
                "table",
                name,
                f"{a.rows} {a.checksum[:12]}" if a else "missing",
                f"{b.rows} {b.checksum[:12]}" if b else "missing",
                a == b,
            )
        )
    seq_names = sorted(source.sequences.keys() | restored.sequences.keys())
    differing = [
        n
        for n in seq_names
        if source.sequences.get(n, -1) != restored.sequences.get(n, -1)
    ]
    lines.append(
        Line(
            "sequences",
            f"{len(seq_names)} sequences",
            str(len(source.sequences)),
            str(len(restored.sequences)),
            not differing,
        )
    )
    for name in differing:
        lines.append(
            Line(
                "sequence",
                name,
                str(source.sequences.get(name, "missing")),
                str(restored.sequences.get(name, "missing")),
                False,
            )
        )
    kinds = sorted({kind for kind, _ in source.objects | restored.objects})
    for kind in kinds:
        a = {name for k, name in source.objects if k == kind}
        b = {name for k, name in restored.objects if k == kind}
        lines.append(
            Line(
                "schema", PLURAL.get(kind, kind + "s"), str(len(a)), str(len(b)), a == b
            )
        )
        for name in sorted(a - b):
            lines.append(Line(kind, name, "present", "missing", False))
        for name in sorted(b - a):
            lines.append(Line(kind, name, "missing", "present", False))
    return lines


def print_lines(lines: list[Line]) -> None:
    width = max([len(line.name) for line in lines] + [5])
    header = f"  {'':9} {'name':<{width}}  {'source':<22} {'restored':<22} result"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for line in lines:
        result = "ok" if line.ok else "DIFFERS"
        print(
            f"  {line.kind:<9} {line.name:<{width}}  {line.source:<22} "
            f"{line.restored:<22} {result}"
        )


# --- The steps ---------------------------------------------------------------------


class Timings:
    def __init__(self):
        self.steps: list[tuple[str, float]] = []

    @contextmanager
    def step(self, label: str):
        print(f"- {label} …", flush=True)
        started = time.monotonic()
        try:
            yield
        except subprocess.CalledProcessError as exc:
            # The end of the output says what went wrong.
            output = (exc.stderr or exc.stdout or "").strip().splitlines()[-25:]
            output = "\n".join(output)
            raise StepFailed(
                f"{label}: exit status {exc.returncode}\n{output}"
            ) from exc
        except (psycopg.Error, OSError) as exc:
            raise StepFailed(f"{label}: {exc}") from exc
        finally:
            self.steps.append((label, time.monotonic() - started))

    def print(self) -> None:
        width = max(len(label) for label, _ in self.steps)
        total = sum(seconds for _, seconds in self.steps)
        for label, seconds in self.steps:
            print(f"  {label:<{width}}  {seconds:8.2f} s")
        print(f"  {'total':<{width}}  {total:8.2f} s")


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, env=env, check=True, capture_output=True, text=True, **kwargs
    )


def create_database(admin, name: str, like: dict | None = None) -> None:
    """A UTF-8 database: the source's locale when given, else C.UTF-8 (as the
    template of the tests: pg_trgm then treats Chinese characters as letters)."""
    ident = sql.Identifier(name)
    if like is not None:
        options = [
            sql.SQL("ENCODING {}").format(sql.Literal(like["encoding"])),
            sql.SQL("LC_COLLATE {}").format(sql.Literal(like["datcollate"])),
            sql.SQL("LC_CTYPE {}").format(sql.Literal(like["datctype"])),
        ]
        provider = like.get("datlocprovider")
        locale = like.get("datlocale") or like.get("daticulocale")
        if provider == "i" and locale:
            options.append(
                sql.SQL("LOCALE_PROVIDER icu ICU_LOCALE {}").format(sql.Literal(locale))
            )
        elif provider == "b" and locale:
            options.append(
                sql.SQL("LOCALE_PROVIDER builtin BUILTIN_LOCALE {}").format(
                    sql.Literal(locale)
                )
            )
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 {}").format(
                ident, sql.SQL(" ").join(options)
            )
        )
        return
    for ctype in ("C.UTF-8", "en_US.UTF-8", None):
        locale = (
            sql.SQL(" LC_COLLATE {0} LC_CTYPE {0}").format(sql.Literal(ctype))
            if ctype
            else sql.SQL("")
        )
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'")
        try:
            admin.execute(statement.format(ident) + locale)
            return
        except psycopg.Error:
            if ctype is None:
                raise  # not a missing locale: say what it is


def database_settings(admin, name: str) -> dict | None:
    row = admin.execute(
        "SELECT to_jsonb(d) || jsonb_build_object("
        "  'encoding', pg_encoding_to_char(d.encoding)) "
        "FROM pg_database d WHERE datname = %s",
        [name],
    ).fetchone()
    return row[0] if row else None


def ensure_source(
    server: Server, admin, source: str, timings: Timings, *, fill_allowed: bool
) -> None:
    """A missing or empty source gets the demo county, so the drill has data."""
    exists = database_settings(admin, source) is not None
    if exists:
        with connect(server, source) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()[0]
        if tables:
            return
    if not fill_allowed:
        state = "has no tables" if exists else "does not exist"
        raise StepFailed(f"the source database {source} {state} (--no-fill)")
    if not exists:
        with timings.step(f"create {source}"):
            create_database(admin, source)
    try:
        with timings.step(f"fill {source} (migrate + seed_demo)"):
            fill(server, source)
    except StepFailed:
        if not exists:  # made by this run: leave nothing half-filled behind
            drop_database(admin, source)
        raise


def fill(server: Server, source: str) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=server.url(source),
        DEBUG="false",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    run([*manage, "migrate", "--noinput"], env, cwd=ROOT)
    seeded = run([*manage, "seed_demo"], env, cwd=ROOT)
    for text in seeded.stdout.strip().splitlines():
        print(f"    {text}")


def drop_database(admin, name: str) -> None:
    admin.execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def corrupt_one_row(conn) -> str:
    """The self-test: one changed field in one row must make the drill fail."""
    conn.execute(
        "UPDATE django_migrations SET name = name || ' (drill self-test)' "
        "WHERE id = (SELECT min(id) FROM django_migrations)"
    )
    return "changed one row of django_migrations in the restored copy"


def drill(args) -> int:
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    server, source = Server.from_url(url)
    now = datetime.datetime.now().astimezone()
    target = restored_name(source, now)
    args.dump_dir.mkdir(parents=True, exist_ok=True)
    dump = args.dump_dir.resolve() / f"{source}_{now:%Y%m%d_%H%M%S}.dump"
    timings = Timings()
    env = server.client_env()
    print(f"Restore drill on {server.host}:{server.port} as {server.user}")
    print(f"  source   {source}\n  restored {target}\n  dump     {dump}")

    created = False
    try:
        with timings.step("connect"):
            admin = psycopg.connect(**server.conninfo("postgres"), autocommit=True)
        with admin:
            ensure_source(server, admin, source, timings, fill_allowed=not args.no_fill)
            like = database_settings(admin, source)

            # One snapshot for the dump and for the source's checksums.
            with connect(server, source, autocommit=False) as src:
                src.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
                snapshot_id = src.execute("SELECT pg_export_snapshot()").fetchone()[0]
                with timings.step("pg_dump -Fc"):
                    run(
                        [
                            "pg_dump",
                            "--format=custom",
                            f"--snapshot={snapshot_id}",
                            f"--file={dump}",
                            *server.client_args(source),
                        ],
                        env,
                    )
                with timings.step("checksum the source"):
                    before = read_snapshot(src)
                src.rollback()

            with timings.step(f"create {target}"):
                create_database(admin, target, like=like)
                created = True
            with timings.step("pg_restore"):
                run(
                    [
                        "pg_restore",
                        "--exit-on-error",
                        "--single-transaction",
                        *server.client_args(target),
                        str(dump),
                    ],
                    env,
                )
            with connect(server, target) as restored:
                if args.selftest_corrupt:
                    print(f"  self-test: {corrupt_one_row(restored)}")
                with timings.step("checksum the restored copy"):
                    after = read_snapshot(restored)

            lines = compare(before, after)
            if not args.keep:
                with timings.step(f"drop {target}"):
                    drop_database(admin, target)
                    created = False
    except (StepFailed, psycopg.Error, OSError) as exc:
        print(f"\nFAILED: {exc}", file=sys.stderr)
        _clean_up(server, target if created and not args.keep else None, dump, args)
        return 2
    except KeyboardInterrupt:
        _clean_up(server, target if created else None, dump, args)
        raise

    size = dump.stat().st_size
    if not args.keep:
        dump.unlink()
    print()
    print_lines(lines)
    print()
    print(f"Dump: {size / 1024 / 1024:.1f} MB ({'kept' if args.keep else 'deleted'})")
    print("Timings:")
    timings.print()
    tables = [line for line in lines if line.kind == "table"]
    rows = sum(
        before.tables[line.name].rows for line in tables if line.name in before.tables
    )
    bad = [line for line in lines if not line.ok]
    print()
    if bad:
        print(f"RESTORE DRILL FAILED: {len(bad)} difference(s).")
        return 1
    kept = f" (kept: database {target}, dump {dump})" if args.keep else ""
    print(
        f"Restore drill passed: {len(tables)} tables, {rows} rows, "
        f"{len(before.sequences)} sequences and {len(before.objects)} schema objects "
        f"equal{kept}."
    )
    return 0


def _clean_up(server: Server, database: str | None, dump: Path, args) -> None:
    if database:
        try:
            with psycopg.connect(
                **server.conninfo("postgres"), autocommit=True
            ) as admin:
                drop_database(admin, database)
        except psycopg.Error as exc:
            print(f"(could not drop {database}: {exc})", file=sys.stderr)
    if not args.keep and dump.exists():
        dump.unlink()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Dump DATABASE_URL, restore it into a new database, compare both."
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the restored database and the dump"
    )
    parser.add_argument(
        "--selftest-corrupt",
        action="store_true",
        help="change one row of the restored copy first: the drill must then fail",
    )
    parser.add_argument(
        "--no-fill",
        action="store_true",
        help="fail if the source is missing or empty, instead of filling it with "
        "the demo county (use it on a real server: a typo then creates nothing)",
    )
    parser.add_argument(
        "--dump-dir",
        type=Path,
        default=DUMP_DIR,
        help=f"where the dump is written (default {DUMP_DIR.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    try:
        return drill(args)
    except StepFailed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
