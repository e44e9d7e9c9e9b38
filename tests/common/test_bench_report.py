"""bench/report.py: results written into their own section of a markdown file, and
the machine description; plus the load test's verdict and table (bench/load.py).

No database through Django: these run in milliseconds.
"""

import re
from urllib.parse import quote

import pytest

from bench import load
from bench.report import (
    machine_description,
    machine_markdown,
    postgres_version,
    replace_section,
)

DOC = """# Benchmarks

Some prose the lead wrote.

<!-- pages:start -->
## Pages
old pages table
<!-- pages:end -->

<!-- load:start -->
## Load
old load table
<!-- load:end -->

Closing words.
"""


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(DOC, encoding="utf-8")
    return path


def test_replace_section_changes_only_the_text_between_its_markers(doc):
    replace_section(doc, "load", "## Load\nnew table 负载")

    assert doc.read_text(encoding="utf-8") == DOC.replace(
        "old load table", "new table 负载"
    )


def test_replace_section_is_idempotent(doc):
    replace_section(doc, "load", "## Load\nnew\n")
    once = doc.read_text(encoding="utf-8")
    replace_section(doc, "load", "## Load\nnew\n")

    assert doc.read_text(encoding="utf-8") == once


def test_a_missing_section_is_appended_with_its_markers(doc):
    replace_section(doc, "jobs", "## Jobs\nnightly sweep 3 s")

    assert doc.read_text(encoding="utf-8") == (
        DOC + "\n<!-- jobs:start -->\n## Jobs\nnightly sweep 3 s\n<!-- jobs:end -->\n"
    )


def test_a_missing_file_is_created_with_the_title_when_given(tmp_path):
    titled, bare = tmp_path / "docs" / "a.md", tmp_path / "b.md"

    replace_section(titled, "load", "table", title="Benchmarks")
    replace_section(bare, "load", "table")

    assert titled.read_text(encoding="utf-8") == (
        "# Benchmarks\n\n<!-- load:start -->\ntable\n<!-- load:end -->\n"
    )
    assert bare.read_text(encoding="utf-8") == (
        "<!-- load:start -->\ntable\n<!-- load:end -->\n"
    )


def test_a_section_whose_name_ends_another_ones_is_a_different_section(doc):
    replace_section(doc, "ad", "first")
    replace_section(doc, "pages", "second")

    text = doc.read_text(encoding="utf-8")
    assert "<!-- ad:start -->\nfirst\n<!-- ad:end -->" in text
    assert "<!-- pages:start -->\nsecond\n<!-- pages:end -->" in text
    assert "old pages table" not in text
    assert "old load table" in text


@pytest.mark.parametrize(
    "broken",
    [
        "<!-- load:start -->\nno end\n",
        "<!-- load:end -->\nend first\n<!-- load:start -->\n",
        "<!-- load:start -->\na\n<!-- load:end -->\n<!-- load:start -->\nb\n"
        "<!-- load:end -->\n",
    ],
    ids=["no end", "reversed", "twice"],
)
def test_broken_markers_refuse_and_leave_the_file_alone(tmp_path, broken):
    path = tmp_path / "benchmarks.md"
    path.write_text(broken, encoding="utf-8")

    with pytest.raises(ValueError, match="markers of section 'load'"):
        replace_section(path, "load", "new")
    assert path.read_text(encoding="utf-8") == broken


@pytest.mark.parametrize("name", ["", "Load", "load test", "a-->b", "../x"])
def test_a_section_name_that_would_break_the_markers_is_refused(doc, name):
    with pytest.raises(ValueError, match="section name"):
        replace_section(doc, name, "x")
    assert doc.read_text(encoding="utf-8") == DOC


def test_no_temporary_file_is_left_behind(doc):
    replace_section(doc, "load", "new")

    assert [p.name for p in doc.parent.iterdir()] == ["benchmarks.md"]


def test_machine_description_names_the_machine_without_a_database():
    description = machine_description(database_url="sqlite:///db.sqlite3")

    assert list(description) == ["cpu", "cores", "ram", "os", "python", "postgresql"]
    assert all(isinstance(v, str) and v for v in description.values())
    assert re.fullmatch(r"CPython \d+\.\d+\.\d+\w*", description["python"])
    assert re.match(r"\d+ usable", description["cores"])
    assert re.fullmatch(r"[\d.]+ GiB.*", description["ram"])
    assert description["postgresql"] == "unknown (no PostgreSQL DATABASE_URL)"


def test_machine_markdown_is_one_labelled_line_each():
    text = machine_markdown(
        {"cpu": "Xeon", "cores": "2 usable", "postgresql": "16.4", "extra": "x"}
    )

    assert text == "- CPU: Xeon\n- Cores: 2 usable\n- PostgreSQL: 16.4\n- extra: x"


def test_postgres_version_asks_the_server(settings):
    # The server of the test run, through its maintenance database (the named
    # one may not exist outside the test database pytest-django creates).
    db = settings.DATABASES["default"]
    login = quote(db["USER"] or "postgres", safe="")
    if db["PASSWORD"]:
        login += ":" + quote(db["PASSWORD"], safe="")
    url = (
        f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"
    )

    assert re.match(r"\d+(\.\d+)?", postgres_version(url))


def test_postgres_version_says_unknown_when_the_server_cannot_be_reached():
    url = "postgres://nobody@127.0.0.1:1/nothing"

    assert postgres_version(url) == "unknown (OperationalError)"


# --- bench/load.py: when the run counts as passed, and its table ---------------


def stats_row(name, requests, failures, method="GET", **extra):
    row = {
        "Type": method,
        "Name": name,
        "Request Count": str(requests),
        "Failure Count": str(failures),
        "Requests/s": "2.345",
        "50%": "120",
        "95%": "340",
        "99%": "560",
        "Max Response Time": "612.4",
    }
    row.update(extra)
    return row


def aggregated(requests, failures):
    return stats_row("Aggregated", requests, failures, method="")


@pytest.mark.parametrize(
    ("stats", "errors", "exit_code", "passed"),
    [
        ([stats_row("case list", 10, 0), aggregated(10, 0)], [], 0, True),
        ([stats_row("case list", 10, 1), aggregated(10, 1)], [], 1, False),
        ([aggregated(0, 0)], [], 0, False),
        ([], [], 0, False),
        ([aggregated(10, 0)], [{"Count": "1", "Message": "KeyError"}], 1, False),
        ([aggregated(10, 0)], [], 2, False),
    ],
    ids=["clean", "a failure", "no request", "no csv", "scenario error", "crash"],
)
def test_the_load_run_passes_only_with_requests_and_no_failure(
    stats, errors, exit_code, passed
):
    assert load.run_passed(stats, errors, exit_code) is passed


def test_the_load_table_lists_each_endpoint_and_the_total_last():
    stats = [stats_row("case list", 10, 0), aggregated(10, 0)]

    table = load.markdown_table(stats).splitlines()

    assert table[0].startswith("| endpoint | method | requests | failures | req/s")
    assert table[2] == "| case list | GET | 10 | 0 | 2.3 | 120 | 340 | 560 | 612 |"
    assert table[3] == (
        "| **all** |  | **10** | **0** | **2.3** | **120** | **340** | **560** "
        "| **612** |"
    )


def test_the_load_report_never_shows_the_database_password():
    url = "postgres://bench:s3cret@db.example:6543/xinfang_bench"

    assert load.describe_database(url) == "xinfang_bench on db.example:6543"
