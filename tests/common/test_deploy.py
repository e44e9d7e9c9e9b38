"""The production files in deploy/ stay true to the code; the restore drill and the
backup script work on a real (tiny) database, and fail when they should."""

import ast
import importlib
import importlib.util
import inspect
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.test import RequestFactory

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
ENV_FILE = "/etc/xinfang/xinfang.env"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def load_drill():
    spec = importlib.util.spec_from_file_location(
        "restore_drill", ROOT / "scripts" / "restore_drill.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["restore_drill"] = module
    spec.loader.exec_module(module)
    return module


drill = load_drill()


# --- reading the files ---------------------------------------------------------------


def read_unit(path: Path) -> dict[str, list[str]]:
    """systemd's format: `Key=value` lines, `\\` continues a line, keys repeat."""
    text = re.sub(r"\\\n\s*", " ", path.read_text())
    values: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        values.setdefault(key.strip(), []).append(value.strip())
    return values


def unit_environment(unit: dict[str, list[str]]) -> dict[str, str]:
    env = {}
    for assignment in unit.get("Environment", []):
        for word in shlex.split(assignment):
            name, _, value = word.partition("=")
            env[name] = value
    return env


def env_example() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "xinfang.env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match[1]] = match[2]
    return values


def nginx_directives(name: str) -> list[str]:
    text = re.sub(r"#.*", "", (DEPLOY / "nginx" / "xinfang.conf").read_text())
    return [m.strip() for m in re.findall(rf"(?:^|[;{{}}\s]){name}\s+([^;]*);", text)]


def settings_env_calls() -> list[tuple[str, str, bool]]:
    """(file, variable, has a default) of each env(...) / env.<cast>(...) call."""
    calls = []
    for path in (ROOT / "config" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            is_env = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
            )
            if is_env and node.args and isinstance(node.args[0], ast.Constant):
                has_default = any(k.arg == "default" for k in node.keywords)
                calls.append((path.name, node.args[0].value, has_default))
    return calls


def size_in_bytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


# --- systemd units -------------------------------------------------------------------


def test_the_three_units_exist():
    names = {path.name for path in UNITS}
    assert names >= {
        "xinfang-web.service",
        "xinfang-worker@.service",
        "xinfang-beat.service",
    }


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_every_unit_starts_an_entry_point_that_exists(path):
    unit = read_unit(path)
    (exec_start,) = unit["ExecStart"]
    argv = shlex.split(exec_start)
    program = Path(argv[0]).name
    assert argv[0].startswith("/srv/xinfang/app/.venv/bin/")
    assert importlib.util.find_spec(program), f"{program} is not installed"
    if program == "gunicorn":
        target = next(arg for arg in argv[1:] if ":" in arg and not arg.startswith("-"))
        module, _, attribute = target.partition(":")
        assert callable(getattr(importlib.import_module(module), attribute))
    elif program == "celery":
        from celery import Celery
        from celery.app.utils import find_app

        app = find_app(argv[argv.index("-A") + 1])
        assert isinstance(app, Celery)
        assert app.main == "xinfang"
        assert {"worker", "beat"} & set(argv)
    else:
        pytest.fail(f"{path.name} starts {program}, which this test does not know")


@pytest.mark.parametrize(
    "path", [*UNITS, DEPLOY / "backup" / "xinfang-backup.service"], ids=lambda p: p.name
)
def test_every_unit_reads_the_production_environment(path):
    unit = read_unit(path)
    assert unit["EnvironmentFile"] == [ENV_FILE]
    example = env_example()
    defaults = unit_environment(unit)
    if path.name != "xinfang-backup.service":
        assert defaults["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert example["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    # A ${VAR} that is unset would expand to nothing: each has a default here, and
    # the example says what to put in the environment file.
    for name in re.findall(r"\$\{(\w+)\}", " ".join(unit["ExecStart"])):
        assert name in defaults, f"{path.name}: ${{{name}}} has no default"
        assert name in example, f"{name} is missing from xinfang.env.example"


def test_exactly_one_beat_and_no_worker_runs_the_schedule():
    units = {path.name: read_unit(path) for path in DEPLOY.rglob("*.service")}
    beats = [
        name
        for name, unit in units.items()
        if "beat" in shlex.split(" ".join(unit.get("ExecStart", [])))
    ]
    assert beats == ["xinfang-beat.service"]
    # Not an instance unit: it cannot be started twice on one node by name.
    assert "@" not in beats[0]
    assert "EXACTLY ONE" in (DEPLOY / "systemd" / beats[0]).read_text()
    for name, unit in units.items():
        argv = shlex.split(" ".join(unit.get("ExecStart", [])))
        if "worker" in argv:
            assert "-B" not in argv, name
            assert "--beat" not in argv, name


# --- Redis and nginx -----------------------------------------------------------------


def test_redis_never_evicts_and_keeps_an_append_only_file():
    directives = {}
    for line in (DEPLOY / "redis" / "xinfang.conf").read_text().splitlines():
        words = line.split()
        if words and not words[0].startswith("#"):
            directives[words[0].lower()] = " ".join(words[1:])  # the last one wins
    assert directives["maxmemory-policy"] == "noeviction"
    assert directives["appendonly"] == "yes"
    assert directives["appendfsync"] in ("everysec", "always")


def test_nginx_never_serves_the_media_root():
    media = Path(env_example()["MEDIA_ROOT"])
    served = [Path(v.split()[0]) for v in nginx_directives("root")] + [
        Path(v.split()[0]) for v in nginx_directives("alias")
    ]
    for folder in served:
        assert not media.is_relative_to(folder), folder  # the folder or one above
        assert not folder.is_relative_to(media), folder
    # Nothing in the file points at the attachments at all.
    text = re.sub(r"#.*", "", (DEPLOY / "nginx" / "xinfang.conf").read_text())
    assert str(media) not in text
    assert not re.search(r"location\s+[^{]*/media", text)


def test_nginx_accepts_the_largest_attachment_and_its_form():
    sizes = nginx_directives("client_max_body_size")
    assert sizes
    limit = max(
        settings.ATTACHMENT_MAX_BYTES, int(env_example()["ATTACHMENT_MAX_BYTES"])
    )
    for value in sizes:
        assert size_in_bytes(value) >= limit + 64 * 1024, value


def test_nginx_forwarding_matches_one_trusted_proxy(settings):
    headers = {
        v.split()[0].lower(): v.split(None, 1)[1]
        for v in nginx_directives("proxy_set_header")
    }
    assert headers["x-forwarded-for"] == "$proxy_add_x_forwarded_for"
    assert headers["x-forwarded-proto"] == "$scheme"
    assert headers["host"] == "$host"
    assert env_example()["TRUSTED_PROXY_COUNT"] == "1"
    # nginx appends the address it sees to whatever the client sent: the app must
    # take the last entry, not the forged first one.
    from common.ratelimit import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.10", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"


# --- the environment file ------------------------------------------------------------


def test_env_example_lists_every_variable_production_requires():
    required = {
        name
        for file, name, has_default in settings_env_calls()
        if not has_default and file in ("base.py", "production.py")
    }
    assert required >= {"SECRET_KEY", "DATABASE_URL", "FIELD_ENCRYPTION_KEYS"}
    assert required <= env_example().keys()


def test_every_variable_in_env_example_is_read_by_something():
    import gunicorn.config

    read = {name for _, name, _ in settings_env_calls()}
    for path in [*DEPLOY.rglob("*.service"), DEPLOY / "backup" / "xinfang-backup.sh"]:
        read |= set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", path.read_text()))
    read.add("DJANGO_SETTINGS_MODULE")  # manage.py, config/wsgi.py, celery_app.py
    if 'os.environ.get("FORWARDED_ALLOW_IPS"' in inspect.getsource(gunicorn.config):
        read.add("FORWARDED_ALLOW_IPS")
    assert set(env_example()) - read == set()


# --- a tiny real database for the drill and the backup --------------------------------


def server():
    db = settings.DATABASES["default"]
    return drill.Server(
        host=db.get("HOST") or "127.0.0.1",
        port=int(db.get("PORT") or 5432),
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
    )


TINY = """
CREATE TABLE django_migrations (
    id bigserial PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL,
    applied timestamptz NOT NULL);
INSERT INTO django_migrations (app, name, applied) VALUES
    ('accounts', '0001_initial', '2025-01-02 03:04:05+08'),
    ('cases', '0001_initial', '2025-01-02 03:04:06+08');
CREATE TABLE unit (
    id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, score double precision,
    data jsonb, created timestamptz NOT NULL DEFAULT now());
INSERT INTO unit (name, score, data) VALUES
    ('东湖镇', 0.1, '{"b": 1, "a": [1, 2]}'), ('西山乡', NULL, NULL),
    ('县信访局', 1e-7, '{}');
CREATE TABLE tag (unit_id bigint REFERENCES unit (id), label text);
INSERT INTO tag VALUES (1, '重点'), (1, '重点'), (2, NULL);
CREATE INDEX tag_label ON tag (label);
CREATE VIEW unit_names AS SELECT name FROM unit;
"""


@pytest.fixture(scope="module")
def tiny_db():
    """A small database of its own (dropped afterwards), named after the test one."""
    base = settings.DATABASES["default"]["NAME"]
    name = f"{base}_drill_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"[:40]
    srv = server()
    with psycopg.connect(**srv.conninfo("postgres"), autocommit=True) as admin:
        drill.drop_database(admin, name)
        drill.create_database(admin, name)
    with psycopg.connect(**srv.conninfo(name), autocommit=True) as conn:
        conn.execute(TINY)
    yield name
    with psycopg.connect(**srv.conninfo("postgres"), autocommit=True) as admin:
        drill.drop_database(admin, name)
        leftovers = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [name + "_restore_%"],
        ).fetchall()
    assert leftovers == []


def run_drill(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "restore_drill.py"), *args],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_url_with_a_password_reaches_the_client_programs_decoded():
    srv, name = drill.Server.from_url("postgres://xf:p%40ss%3Aw@db.local:6543/xinfang")
    assert (srv.host, srv.port, srv.user, name) == ("db.local", 6543, "xf", "xinfang")
    assert srv.client_env()["PGPASSWORD"] == "p@ss:w"
    assert "p@ss" not in " ".join(srv.client_args(name))
    assert drill.Server.from_url(srv.url(name)) == (srv, name)


def test_restored_database_name_fits_postgres_limit():
    import datetime

    now = datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert drill.restored_name("xinfang", now) == "xinfang_restore_20250102_030405"
    long = drill.restored_name("库" * 40, now)
    assert len(long.encode()) <= 63
    assert long.endswith("_restore_20250102_030405")


def test_one_changed_field_changes_the_checksum_not_the_count(tiny_db):
    with drill.connect(server(), tiny_db) as conn:
        before = drill.read_snapshot(conn)
        assert before.tables["tag"].rows == 3
        with conn.transaction(force_rollback=True):
            conn.execute("UPDATE unit SET score = 0.2 WHERE name = '东湖镇'")
            after = drill.read_snapshot(conn)
        again = drill.read_snapshot(conn)
    lines = {line.name: line for line in drill.compare(before, after)}
    assert after.tables["unit"].rows == before.tables["unit"].rows
    assert not lines["unit"].ok
    assert all(line.ok for name, line in lines.items() if name != "unit")
    assert all(line.ok for line in drill.compare(before, again))


def test_restore_drill_passes_on_a_faithful_restore(tiny_db):
    result = run_drill(server().url(tiny_db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Restore drill passed: 3 tables, 8 rows" in result.stdout
    assert "DIFFERS" not in result.stdout
    assert not list((ROOT / "var" / "restore-drill").glob(f"{tiny_db}_*.dump"))


def test_restore_drill_fails_when_the_restored_copy_differs(tiny_db):
    result = run_drill(server().url(tiny_db), "--selftest-corrupt")
    assert result.returncode == 1, result.stdout + result.stderr
    differing = [line for line in result.stdout.splitlines() if "DIFFERS" in line]
    assert len(differing) == 1
    assert "django_migrations" in differing[0]
    assert "RESTORE DRILL FAILED" in result.stdout


def test_restore_drill_fails_when_a_step_fails():
    result = run_drill("postgres://postgres@127.0.0.1:1/nothing_here")
    assert result.returncode == 2
    assert "FAILED" in result.stderr


# --- the backup script ---------------------------------------------------------------


def run_backup(tmp_path, url, **extra):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BACKUP_DIR": str(tmp_path / "backups"),
        **extra,
    }
    env.pop("BACKUP_DATABASE_URL", None)
    return subprocess.run(
        ["bash", str(DEPLOY / "backup" / "xinfang-backup.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def old_dumps(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in ("20200101", "20200102", "20200103"):
        (folder / f"xinfang-{day}-023000.dump").write_text("an old dump")
    return folder


def test_backup_dumps_checks_keeps_the_newest_and_copies_attachments(tmp_path, tiny_db):
    folder = old_dumps(tmp_path)
    media = tmp_path / "media" / "cases" / "7"
    media.mkdir(parents=True)
    (media / "scan.pdf").write_bytes(b"%PDF-1.4 scan")
    result = run_backup(
        tmp_path,
        server().url(tiny_db),
        BACKUP_KEEP="2",
        MEDIA_ROOT=str(media.parents[1]),
    )
    assert result.returncode == 0, result.stderr
    dumps = sorted(p.name for p in folder.glob("xinfang-*.dump"))
    assert len(dumps) == 2
    assert dumps[0] == "xinfang-20200103-023000.dump"  # the newest old one stays
    listing = subprocess.run(
        ["pg_restore", "--list", str(folder / dumps[1])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "TABLE DATA public unit" in listing
    assert (folder / "media" / "cases" / "7" / "scan.pdf").read_bytes() == (
        b"%PDF-1.4 scan"
    )
    assert not list(folder.glob("*.partial"))


def test_a_failed_backup_deletes_no_old_dump(tmp_path):
    folder = old_dumps(tmp_path)
    result = run_backup(
        tmp_path, "postgres://postgres:x@127.0.0.1:1/xinfang", BACKUP_KEEP="1"
    )
    assert result.returncode != 0
    assert len(list(folder.glob("xinfang-*.dump"))) == 3
    assert not list(folder.glob("*.partial"))
