"""Before `make test`: can PostgreSQL and Redis be reached? Say clearly if not.

Also makes the template database the test database is copied from: UTF-8 with a
C.UTF-8 character type (so pg_trgm treats Chinese characters as letters) and the
pg_trgm extension already installed.
"""

import os
import sys
from urllib.parse import urlparse

TEMPLATE = "xinfang_template"


def fail(message: str) -> None:
    print(f"\n*** {message}\n", file=sys.stderr)
    sys.exit(2)


def check_postgres(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    conninfo = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password or None,
        "dbname": "postgres",
        "connect_timeout": 5,
    }
    try:
        conn = psycopg.connect(**conninfo, autocommit=True)
    except psycopg.OperationalError as exc:
        fail(
            f"Cannot reach PostgreSQL at {parts.hostname}:{parts.port or 5432} "
            f"as {conninfo['user']} ({exc}).\n    Start it (see README, 'Tests'), "
            "or set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME."
        )
    with conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]
        ).fetchone()
        if not exists:
            for ctype in ("C.UTF-8", "en_US.UTF-8"):
                try:
                    conn.execute(
                        f"CREATE DATABASE {TEMPLATE} TEMPLATE template0 "
                        f"ENCODING 'UTF8' LC_COLLATE '{ctype}' LC_CTYPE '{ctype}'"
                    )
                    break
                except psycopg.Error as exc:
                    last = exc
            else:
                fail(f"Cannot create the template database {TEMPLATE}: {last}")
            with psycopg.connect(**{**conninfo, "dbname": TEMPLATE}) as tconn:
                tconn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                tconn.commit()
    print(f"PostgreSQL ok at {parts.hostname}:{parts.port or 5432}")


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        fail(
            f"Cannot reach Redis at {url} ({exc}).\n    Start it (see README, "
            "'Tests'), or set REDIS_URL=redis://HOST:PORT/DB."
        )
    print(f"Redis ok at {url}")


if __name__ == "__main__":
    check_postgres(os.environ["DATABASE_URL"])
    check_redis(os.environ["REDIS_URL"])
