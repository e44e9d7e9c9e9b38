"""Trim "# --- section ---" comment rules to the line length (a dev helper)."""

import re
import sys
import unicodedata
from pathlib import Path

RULE = re.compile(r"^(\s*# ---.*?)-{3,}$", re.M)

for name in sys.argv[1:]:
    path = Path(name)
    text = path.read_text(encoding="utf-8")

    def trim(match):
        head = match.group(1).rstrip("- ")
        # Wide (CJK) characters count as two columns, as ruff counts them.
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in head)
        return head + " " + "-" * max(3, 87 - width)

    new = RULE.sub(trim, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
