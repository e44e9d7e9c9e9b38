"""Helpers the benchmarks share: writing results into a markdown file, and saying
what machine they were measured on.

`replace_section` keeps each benchmark's results in its own marked block of
`docs/benchmarks.md`, so several benchmarks can write to one file without touching
each other's text or the prose around them::

    <!-- load:start -->
    ... written by bench/load.py ...
    <!-- load:end -->

`machine_description` collects the CPU, memory, OS, Python and PostgreSQL
versions; `machine_markdown` renders it as a short markdown list.

Only the standard library is needed, plus psycopg for the PostgreSQL version.
"""

import os
import platform
import re
import tempfile
from pathlib import Path

SECTION_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _markers(name: str) -> tuple[str, str]:
    if not SECTION_NAME.match(name):
        raise ValueError(
            f"section name {name!r}: use lower-case letters, digits, '_', '-', '.'"
        )
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_section(
    path: str | os.PathLike, name: str, markdown: str, *, title: str | None = None
) -> None:
    """Put `markdown` between `<!-- name:start -->` and `<!-- name:end -->` in `path`.

    The text between the markers is replaced; everything outside them is kept
    byte for byte. A file without the section gets it appended (after a blank
    line), with its markers; a missing file is created, starting with `# title`
    when a title is given. A file whose markers for `name` are unbalanced,
    repeated or in the wrong order raises ValueError and is left as it was.
    The file is replaced atomically, so a reader never sees half of it.
    """
    start, end = _markers(name)
    path = Path(path)
    body = markdown.strip("\n")
    block = f"{start}\n{body}\n{end}" if body else f"{start}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else None

    if text is None:
        new = f"# {title}\n\n{block}\n" if title else f"{block}\n"
    else:
        starts, ends = text.count(start), text.count(end)
        if starts == ends == 0:
            stripped = text.rstrip("\n")
            new = f"{stripped}\n\n{block}\n" if stripped else f"{block}\n"
        elif starts == ends == 1 and text.index(start) < text.index(end):
            before = text[: text.index(start)]
            after = text[text.index(end) + len(end) :]
            new = before + block + after
        else:
            raise ValueError(
                f"{path}: the markers of section {name!r} are unbalanced, repeated "
                f"or out of order ({starts} start, {ends} end); fix the file by hand"
            )
    _write_atomically(path, new)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def machine_description(database_url: str | None = None) -> dict[str, str]:
    """What the benchmark ran on, as short strings.

    Keys, in this order: ``cpu`` (model), ``cores`` (the CPUs this process may
    use, and the cgroup quota when one is set), ``ram``, ``os``, ``python`` and
    ``postgresql`` (the server's version, asked over `database_url`, by default
    the DATABASE_URL environment variable). A value that cannot be found says
    "unknown" and why, rather than failing the benchmark.
    """
    return {
        "cpu": _cpu_model(),
        "cores": _cores(),
        "ram": _ram(),
        "os": _os(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "postgresql": postgres_version(database_url or os.environ.get("DATABASE_URL")),
    }


def machine_markdown(description: dict[str, str] | None = None) -> str:
    """`machine_description()` (or the given one) as a markdown bullet list."""
    description = description or machine_description()
    labels = {
        "cpu": "CPU",
        "cores": "Cores",
        "ram": "RAM",
        "os": "OS",
        "python": "Python",
        "postgresql": "PostgreSQL",
    }
    return "\n".join(
        f"- {labels.get(key, key)}: {value}" for key, value in description.items()
    )


def postgres_version(database_url: str | None) -> str:
    """The server_version of the PostgreSQL server at `database_url`."""
    if not database_url or not database_url.startswith(
        ("postgres://", "postgresql://")
    ):
        return "unknown (no PostgreSQL DATABASE_URL)"
    try:
        import psycopg

        with psycopg.connect(database_url, connect_timeout=5) as connection:
            row = connection.execute("SHOW server_version").fetchone()
    except Exception as exc:  # any failure only makes the description vaguer
        return f"unknown ({type(exc).__name__})"
    return row[0]


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


def _cpu_model() -> str:
    cpuinfo = _read("/proc/cpuinfo") or ""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Model", "Hardware") and value.strip():
            return value.strip()
    return platform.processor() or platform.machine() or "unknown"


def _cores() -> str:
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 0
    text = f"{usable} usable" if usable else "unknown"
    if usable and os.cpu_count() and os.cpu_count() != usable:
        text += f" of {os.cpu_count()}"
    quota = (_read("/sys/fs/cgroup/cpu.max") or "").split()
    if len(quota) == 2 and quota[0].isdigit() and quota[1].isdigit():
        text += f" (cgroup quota {int(quota[0]) / int(quota[1]):g} CPUs)"
    return text


def _ram() -> str:
    meminfo = _read("/proc/meminfo") or ""
    match = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.MULTILINE)
    if not match:
        return "unknown"
    text = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB"
    limit = (_read("/sys/fs/cgroup/memory.max") or "").strip()
    if limit.isdigit():
        text += f" (cgroup limit {int(limit) / 1024**3:.1f} GiB)"
    return text


def _os() -> str:
    release = _read("/etc/os-release") or ""
    match = re.search(r'^PRETTY_NAME="?([^"\n]*)"?$', release, re.MULTILINE)
    name = match.group(1) if match else platform.system()
    return f"{name}, kernel {platform.release()}"
