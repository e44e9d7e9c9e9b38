"""Hypothesis strategies and helpers for the form property tests.

Valid values are Python values (str, date, model instances …) that a user could
type or pick within each field's documented limits; `encode` turns them into
what a browser posts. Hostile posts start from a valid post and break it field
by field, with values chosen by the field's type (junk text, NUL bytes, very
long strings, malformed dates, out-of-range and huge numbers, unknown choices,
ids of other objects, lists where one value is expected, bytes that are not
UTF-8) or drop fields altogether.
"""

import datetime
import io
import zipfile
from contextlib import contextmanager
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.forms.formsets import BaseFormSet
from django.utils import timezone, translation
from django.utils.html import escape
from hypothesis import strategies as st

from petitions.validators import CHECK, WEIGHTS

PROJECT_APPS = ("common", "accounts", "cases", "petitions", "supervision")
CSRF_KEY = "csrfmiddlewaretoken"  # a browser always sends it; the client ignores it

# --- valid values ----------------------------------------------------------------

# Any character PostgreSQL can store (no NUL; UTF-8 excludes lone surrogates).
ANY_CHAR = st.characters(codec="utf-8", exclude_characters="\x00")
# Characters that are never whitespace, so a string of them is never stripped.
SOLID_CHAR = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")
)
CJK_CHAR = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


def text(max_size=300, min_size=1):
    """Text a user may type: any Unicode, no NUL, no leading or trailing space
    (Django strips it), between min_size and max_size characters; now and then
    exactly max_size characters."""
    assert min_size >= 1
    free = (
        st.text(st.one_of(ANY_CHAR, CJK_CHAR), max_size=min(max_size, 60))
        .map(str.strip)
        .filter(lambda s: len(s) >= min_size)
    )
    full = st.text(SOLID_CHAR, min_size=max_size, max_size=max_size)
    return st.one_of(free, free, free, full)


def optional_text(max_size=300):
    return st.one_of(st.just(""), text(max_size))


def long_text(max_size=10_000):
    """Text for a field without a limit (or a large one): sometimes long."""
    longer = text(40).map(lambda s: (s + "\n") * (max_size // (len(s) + 1)))
    return st.one_of(text(200), text(200), longer.map(str.strip)).filter(
        lambda s: 1 <= len(s) <= max_size
    )


def dates(min_value=datetime.date.min, max_value=datetime.date.max):
    return st.dates(min_value=min_value, max_value=max_value)


def subset(items, min_size=0):
    return st.lists(
        st.sampled_from(items), min_size=min_size, max_size=len(items), unique=True
    )


def minute_times():
    return st.times().map(lambda t: t.replace(second=0, microsecond=0))


@st.composite
def id_numbers(draw):
    """A valid 18-character national ID number (GB 11643-1999)."""
    area = draw(st.integers(110000, 659999))
    born = draw(dates(datetime.date(1900, 1, 1), timezone.localdate()))
    serial = draw(st.integers(0, 999))
    first17 = f"{area}{born:%Y%m%d}{serial:03d}"
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + CHECK[total % 11]


def phones():
    mobile = st.integers(13000000000, 19999999999).map(str)
    landline = st.text("0123456789", min_size=7, max_size=12).filter(
        lambda s: len(s) != 11 or s.startswith("1")
    )
    return st.one_of(mobile, landline)


# --- uploads ---------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _office_zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


HEADERS = {
    "pdf": b"%PDF-1.4\n",
    "jpg": b"\xff\xd8\xff\xe0",
    "png": b"\x89PNG\r\n\x1a\n",
    "doc": OLE,
    "xls": OLE,
}


@st.composite
def uploads(draw):
    """(file name, content) of a file the app accepts: the content is of the type
    its name says. Names are printable and without & / \\ (Django's upload
    parser drops non-printable characters and unescapes HTML entities)."""
    kind = draw(st.sampled_from(["pdf", "jpg", "png", "doc", "xls", "docx", "xlsx"]))
    stem_char = st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp"),
        exclude_characters="/\\&\x00",
    )
    stem = draw(
        st.text(stem_char, min_size=1, max_size=60)
        .map(str.strip)
        .filter(lambda s: s and not s.startswith(".") and s.isprintable())
    )
    suffix = draw(st.sampled_from([kind, kind.upper()]))
    if kind == "docx":
        content = _office_zip("word/document.xml")
    elif kind == "xlsx":
        content = _office_zip("xl/workbook.xml")
    else:
        content = HEADERS[kind] + draw(st.binary(max_size=200))
    return f"{stem}.{suffix}", content


# --- encoding what a browser posts -----------------------------------------------


def encode_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple | set | frozenset):
        return [encode_value(v) for v in value]
    if hasattr(value, "read"):  # an upload
        return value
    return str(value)


def encode(values: dict) -> dict:
    """Python values → the POST a browser sends (unchecked boxes are absent)."""
    post = {CSRF_KEY: "x"}
    for key, value in values.items():
        encoded = encode_value(value)
        if encoded is not None:
            post[key] = encoded
    return post


def send(client, url, post, method="post"):
    """POST as a browser would: url-encoded, or multipart when a file is sent."""
    if method == "get":
        return client.get(url, post)
    if any(isinstance(v, SimpleUploadedFile) for v in post.values()):
        data = {}
        for key, value in post.items():
            items = [
                v.decode("latin-1") if isinstance(v, bytes) else v
                for v in as_list(value)
            ]
            for item in items:
                if isinstance(item, SimpleUploadedFile):
                    item.seek(0)
            data[key] = items if isinstance(value, list) else items[0]
        return client.post(url, data)
    body = urlencode(post, doseq=True)
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


# --- hostile values ---------------------------------------------------------------

JUNK_WORDS = st.sampled_from(
    [
        "",
        " ",
        "\t\r\n",
        "\u3000",  # ideographic space
        "\u200b",  # zero-width space
        "\x00",
        "abc\x00def",
        "null",
        "None",
        "undefined",
        "[]",
        "{}",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "{{ 7*7 }}",
        "../../etc/passwd",
        "%00",
        "\ufeff",
        "\U0001f600",
        "𠜎𠜱",
        "\u202e\u202d",
    ]
)
LONG_TEXT = st.sampled_from([201, 5001, 10_001, 100_000]).flatmap(
    lambda n: st.sampled_from(["x", "字", "\U0001f600", " "]).map(lambda c: c * n)
)
JUNK_TEXT = st.one_of(
    JUNK_WORDS,
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=20).map(lambda s: f"{s}\x00{s}"),
    LONG_TEXT,
)
JUNK_NUMBER = st.one_of(
    st.integers().map(str),
    st.integers(-(10**40), 10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "-1",
            "0",
            "-0",
            "1e309",
            "1e3",
            "NaN",
            "inf",
            "9" * 30,
            "2147483648",
            "-2147483649",
            "9223372036854775808",
            "1_000",
            "0x10",
            "١٢",  # Arabic-Indic digits
            "１２",  # full-width digits
            "²",
            "1.5",
            " 3 ",
        ]
    ),
)
JUNK_DATE = st.one_of(
    st.sampled_from(
        [
            "0000-00-00",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "-2024-01-01",
            "2024/01/01",
            "01/02/2024",
            "２０２４-０１-０１",
            "2024-1-1",
            "today",
            "1e9",
            "2024-01-01T00:00",
        ]
    ),
    dates().map(datetime.date.isoformat),
    st.datetimes().map(str),
)
JUNK_DATETIME = st.one_of(
    JUNK_DATE,
    st.sampled_from(
        [
            "0001-01-01T00:00",
            "0001-01-01 00:00",
            "9999-12-31T23:59",
            "2024-02-30T10:00",
            "2024-01-01T24:00",
            "2024-01-01T23:60",
            "2024-03-10T02:30",
        ]
    ),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)
JUNK_TIME = st.one_of(
    st.sampled_from(
        ["24:00", "23:60", "25:61", "-1:00", "12", "12:00:60", "noon", "00:00", "9:5"]
    ),
    st.times().map(str),
)
JUNK_BOOL = st.sampled_from(["false", "False", "0", "off", "no", "on", "", "2"])
JUNK_PK = st.one_of(
    JUNK_NUMBER, st.sampled_from(["abc", "1.0", "1 OR 1=1", "-5", "0", " "])
)


def junk_for(field, pks=()):
    """A hostile value for one form field: by its type, or any junk at all."""
    other_pks = st.sampled_from(sorted(pks)).map(str) if pks else JUNK_PK
    if isinstance(field, forms.ModelMultipleChoiceField):
        own = st.lists(st.one_of(JUNK_PK, other_pks), min_size=1, max_size=4)
    elif isinstance(field, forms.ModelChoiceField):
        own = st.one_of(JUNK_PK, other_pks)
    elif isinstance(field, forms.IntegerField):
        limits = [
            str(v + d)
            for v in (field.min_value, field.max_value)
            if v is not None
            for d in (-1, 0, 1)
        ]
        own = st.one_of(JUNK_NUMBER, st.sampled_from(limits or ["0"]))
    elif isinstance(field, forms.DateTimeField):
        own = JUNK_DATETIME
    elif isinstance(field, forms.DateField):
        own = JUNK_DATE
    elif isinstance(field, forms.TimeField):
        own = JUNK_TIME
    elif isinstance(field, forms.BooleanField):
        own = JUNK_BOOL
    elif isinstance(field, forms.ChoiceField):
        values = [str(k) for k, _ in field.choices if k != ""]
        own = st.one_of(
            JUNK_WORDS,
            st.sampled_from(values).map(str.upper),
            st.sampled_from(values).map(lambda v: f" {v}"),
            st.lists(st.sampled_from(values), min_size=2, max_size=3),
        )
    elif isinstance(field, forms.CharField) and field.max_length:
        n = field.max_length
        own = st.sampled_from(["x" * n, "字" * n, "x" * (n + 1), "字" * (n + 1)])
    else:
        own = JUNK_TEXT
    many = st.lists(st.one_of(JUNK_TEXT, own), min_size=2, max_size=4)
    raw = st.binary(min_size=1, max_size=12)  # not UTF-8, sent url-encoded
    return st.one_of(own, own, own, JUNK_TEXT, many, raw)


def junk_file():
    name = st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "a.pdf",
                "../../a.pdf",
                "..",
                ".pdf",
                "a.exe",
                "a.pdf.exe",
                "a.PDF",
                "x" * 300 + ".pdf",
                "a\x00.pdf",
                "C:\\a.pdf",
                "a.jpeg",
                " .png",
            ]
        ),
    )
    content = st.one_of(
        st.binary(max_size=64),
        st.sampled_from(list(HEADERS.values())),
        st.sampled_from([b"PK\x03\x04broken", b"%PDF", b""]),
    )
    return st.builds(
        lambda n, c: SimpleUploadedFile(n or "file", c), name, content
    ) | st.one_of(JUNK_TEXT, st.just(""))


def as_list(value):
    return value if isinstance(value, list) else [value]


@st.composite
def hostile_post(draw, valid_post: dict, fields: dict, pks=()):
    """A valid post broken: mostly in one field (so that the rest is valid and
    the broken value travels as far as it can), else in several, now and then
    in every field; a broken field gets junk of its type, is dropped, or is
    sent twice. Sometimes a field the form does not know is added."""
    names = sorted((set(fields) | set(valid_post)) - {CSRF_KEY})
    mode = draw(st.sampled_from(["one", "one", "one", "several", "all"]))
    if mode == "one":
        broken = {draw(st.sampled_from(names))}
    elif mode == "several":
        broken = set(
            draw(
                st.lists(
                    st.sampled_from(names), min_size=min(2, len(names)), unique=True
                )
            )
        )
    else:
        broken = set(names)
    post = {CSRF_KEY: "x"}
    for name in names:
        if name not in broken:
            if name in valid_post:
                post[name] = valid_post[name]
            continue
        field = fields.get(name)
        if isinstance(field, forms.FileField):
            junk = junk_file()
        else:
            junk = junk_for(field, pks) if field else JUNK_TEXT
        action = draw(st.sampled_from(["junk", "junk", "drop", "twice"]))
        if action == "junk":
            post[name] = draw(junk)
        elif action == "twice" and name in valid_post:
            post[name] = as_list(valid_post[name]) + as_list(draw(junk))
    if draw(st.integers(0, 3)) == 0:
        post[draw(st.text(min_size=1, max_size=12))] = draw(JUNK_TEXT)
    return post


# --- the database, untouched -------------------------------------------------------


def _project_tables():
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in PROJECT_APPS and meta.managed and not meta.proxy:
            tables.append(meta.db_table)
    return sorted(set(tables))


def fingerprint() -> tuple:
    """A hash of every row of every table of the project's apps: any insert,
    update or delete anywhere changes it (sessions and the login-failure log
    of django-axes are other apps' tables)."""
    qn = connection.ops.quote_name
    parts = [
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
        f"FROM {qn(table)} t)"
        for table in _project_tables()
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run one example in a savepoint and undo everything it wrote."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


@contextmanager
def validated_forms():
    """Every form the request validated, to read back what it accepted."""
    seen = []
    original = forms.BaseForm.full_clean

    def full_clean(self):
        seen.append(self)
        return original(self)

    forms.BaseForm.full_clean = full_clean
    try:
        yield seen
    finally:
        forms.BaseForm.full_clean = original


# --- what the page shows -----------------------------------------------------------


def page_errors(response) -> list[str]:
    """The error messages of the forms (and formsets) the page was rendered with."""
    context = response.context
    if context is None:
        return []
    language = response.headers.get("Content-Language", "zh-hans")
    messages = []
    # A ContextList iterates over its contexts, not its keys.
    keys = context.keys()
    shown = {id(v): v for k in keys if (v := context[k]) is not None}
    with translation.override(language):
        for form in shown.values():
            if not isinstance(form, forms.BaseForm | BaseFormSet) or not form.is_bound:
                continue
            if isinstance(form, BaseFormSet):
                messages += [str(e) for e in form.non_form_errors()]
                for sub in form.forms:
                    messages += [str(e) for errs in sub.errors.values() for e in errs]
            else:
                messages += [str(e) for errs in form.errors.values() for e in errs]
        if context.get("link_error"):
            messages.append(str(context["link_error"]))
    return messages


def assert_errors_shown(response):
    """The page says what is wrong: there is an error, and each is on the page."""
    content = response.content.decode()
    errors = page_errors(response)
    assert errors, "refused without an error message"
    for message in errors:
        assert escape(message) in content, f"error not shown on the page: {message!r}"
    assert (
        "data-field-error=" in content
        or 'data-testid="form-error"' in content
        or "alert-danger" in content
    )


# --- comparing what was saved ---------------------------------------------------


def normalise(value):
    """Objects by id; lists and sets as sets; tuples keep their order."""
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if isinstance(value, models.QuerySet | list | set | frozenset):
        return frozenset(normalise(v) for v in value)
    if isinstance(value, tuple):
        return tuple(normalise(v) for v in value)
    return value


def assert_saved(stored: dict, expected: dict):
    stored = {k: normalise(v) for k, v in stored.items()}
    expected = {k: normalise(v) for k, v in expected.items()}
    assert stored == expected
