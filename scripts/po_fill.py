"""Fill empty Chinese translations from a JSON file of {msgid: msgstr}.

    python scripts/po_fill.py translations.json

Only entries whose msgstr is empty (or fuzzy) are filled; then the .mo is compiled.
Prints the msgids still untranslated.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

po = polib.pofile(str(PO), wrapwidth=0)
table = (
    json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    if len(sys.argv) > 1
    else {}
)
for entry in po:
    if entry.obsolete:
        continue
    if entry.msgid_plural:
        if (not entry.msgstr_plural.get(0) or entry.fuzzy) and entry.msgid in table:
            entry.msgstr_plural = {0: table[entry.msgid]}
            entry.previous_msgid = entry.previous_msgid_plural = None
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
        continue
    if (not entry.msgstr or entry.fuzzy) and entry.msgid in table:
        entry.msgstr = table[entry.msgid]
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
po.metadata["Language"] = "zh_Hans"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
po.save(str(PO))
po.save_as_mofile(str(PO.with_suffix(".mo")))
missing = [
    e.msgid
    for e in po
    if not e.obsolete
    and (e.fuzzy or not (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr))
]
print(json.dumps(missing, ensure_ascii=False, indent=1))
