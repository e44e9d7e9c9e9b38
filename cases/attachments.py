"""Checking an uploaded attachment by its content, not its name."""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.errors import ActionRefused

ALLOWED = ("pdf", "jpg", "png", "doc", "docx", "xls", "xlsx")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    file_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


def sniff(upload) -> str | None:
    """The type the content really is, among the allowed ones, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE):
        return "ole"  # doc or xls: the name decides which
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    return None


def check_upload(upload) -> CheckedFile:
    """Refuse a bad name, an oversized file or content that is not what it claims."""
    raw_name = upload.name or ""
    if (
        "/" in raw_name
        or "\\" in raw_name
        or "\x00" in raw_name
        or raw_name.strip() in ("", ".", "..")
    ):
        raise ActionRefused(
            _("The file name must be a plain name, without folders or “..”.")
        )
    suffix = PurePosixPath(raw_name).suffix.lower().lstrip(".")
    if suffix == "jpeg":
        suffix = "jpg"
    if suffix not in ALLOWED:
        raise ActionRefused(
            _(
                "Only PDF, JPG, PNG, Word (doc, docx) and Excel (xls, xlsx) files "
                "can be attached."
            )
        )
    if upload.size > max_bytes():
        raise ActionRefused(
            _("The file is larger than %(mb)d MB.")
            % {"mb": max_bytes() // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ActionRefused(_("The file is empty."))
    actual = sniff(upload)
    matches = actual == suffix or (actual == "ole" and suffix in ("doc", "xls"))
    if not matches:
        raise ActionRefused(
            _(
                "The content of the file is not a %(type)s file. Check that you "
                "chose the right file."
            )
            % {"type": suffix.upper()}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        name=raw_name[:200],
        file_type=suffix,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
