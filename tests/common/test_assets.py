"""No page loads anything from the internet."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']\s*(https?:)?//""", re.IGNORECASE)
CSS_EXTERNAL = re.compile(r"""url\(\s*["']?(https?:)?//|@import\s+["']?https?:""")


def template_files():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        yield from folder.rglob("*.html")


def test_templates_load_nothing_from_the_internet():
    offenders = [
        str(path.relative_to(ROOT))
        for path in template_files()
        if EXTERNAL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_stylesheets_load_nothing_from_the_internet():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "static").rglob("*.css")
        if CSS_EXTERNAL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_vendored_assets_keep_their_licences():
    for name in ("bootstrap", "htmx", "echarts"):
        assert (ROOT / "static" / "vendor" / name / "LICENSE").exists()
