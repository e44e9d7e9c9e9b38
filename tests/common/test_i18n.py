from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_chinese_is_the_default_language(login, clerk):
    response = login(clerk).get(reverse("home"))
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "工作台" in html
    assert "信访件" in html


def test_switch_to_english_and_back(login, clerk):
    client = login(clerk)
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("cases:index")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cases:index")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Workbench" in html
    assert "工作台" not in html

    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True
    )
    assert "工作台" in response.content.decode()


def test_language_switch_does_not_redirect_off_site(login, clerk):
    response = login(clerk).post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_every_string_is_translated_to_chinese():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_messages_match_the_po_file():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    translated = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid}
    assert compiled == translated


def test_an_english_browser_still_gets_chinese_until_the_user_switches(login, clerk):
    client = login(clerk)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "工作台" in response.content.decode()
