"""The zero-configuration path and the production checks, in fresh processes."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
STRIP = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in STRIP}
    env.update(extra)
    return env


def copy_project(tmp_path):
    dest = tmp_path / "project"
    shutil.copytree(
        ROOT,
        dest,
        ignore=shutil.ignore_patterns(
            ".venv",
            "var",
            ".git",
            "db.sqlite3",
            "test-artifacts",
            "__pycache__",
            ".env",
        ),
    )
    return dest


def manage(project, *args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_check_and_migrate_with_no_environment_variables(tmp_path):
    project = copy_project(tmp_path)
    env = clean_env()
    check = manage(project, "check", env=env)
    assert check.returncode == 0, check.stderr
    migrate = manage(project, "migrate", "--noinput", env=env)
    assert migrate.returncode == 0, migrate.stderr
    # SQLite in the project folder and the file-system broker under var/.
    assert (project / "db.sqlite3").stat().st_size > 0
    shell = manage(
        project,
        "shell",
        "-c",
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CELERY_BROKER_URL)",
        env=env,
    )
    assert shell.stdout.split()[-2:] == ["django.db.backends.sqlite3", "filesystem://"]


def test_production_settings_pass_check_deploy(tmp_path):
    project = copy_project(tmp_path)
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-very-long-random-secret-key-for-the-test-0123456789-abcdefghij",
        ALLOWED_HOSTS="xinfang.example.gov.cn",
        DATABASE_URL="postgres://xinfang:pw@127.0.0.1:5432/xinfang",
        REDIS_URL="redis://127.0.0.1:6379/0",
        FIELD_ENCRYPTION_KEYS="6xQ3v0n9b0u7aQn0C3r4Y5p8l1n2m3k4j5h6g7f8d9s=",
        FIELD_HASH_KEY="a-long-random-hmac-key-for-personal-data-lookups-0123456789",
    )
    result = manage(project, "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    project = copy_project(tmp_path)
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="xinfang.example.gov.cn",
        DATABASE_URL="postgres://xinfang:pw@127.0.0.1:5432/xinfang",
    )
    result = manage(project, "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
