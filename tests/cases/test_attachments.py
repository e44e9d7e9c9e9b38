import io
import zipfile
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services
from cases.attachments import check_upload
from cases.models import Attachment
from common.errors import ActionRefused

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office_zip(part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    ("name", "content", "file_type"),
    [
        ("答复意见.pdf", PDF, "pdf"),
        ("现场照片.png", PNG, "png"),
        ("现场照片.JPEG", JPG, "jpg"),
        ("协议.doc", OLE, "doc"),
        ("台账.xls", OLE, "xls"),
        ("协议.docx", office_zip("word/document.xml"), "docx"),
        ("台账.xlsx", office_zip("xl/workbook.xml"), "xlsx"),
    ],
)
def test_allowed_types_are_accepted_by_content(name, content, file_type):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.file_type == file_type
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("通知.pdf", EXE, "文件内容不是 PDF 文件"),  # a renamed executable
        ("照片.png", PDF, "文件内容不是 PNG 文件"),
        ("协议.docx", office_zip("xl/workbook.xml"), "文件内容不是 DOCX 文件"),
        ("程序.exe", EXE, "只能上传"),
        ("page.html", b"<html><script>alert(1)</script>", "只能上传"),
        ("图.svg", b"<svg onload=alert(1)>", "只能上传"),
        ("空.pdf", b"", "文件是空的"),
    ],
)
def test_wrong_content_or_type_is_refused(name, content, message):
    with pytest.raises(ActionRefused, match=message):
        check_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "sub/dir.pdf", ".."]
)
def test_a_path_in_the_file_name_is_refused(name):
    upload = File(io.BytesIO(PDF), name=name)
    upload.size = len(PDF)
    with pytest.raises(ActionRefused, match="文件夹路径"):
        check_upload(upload)


def test_oversized_file_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ActionRefused, match="超过"):
        check_upload(SimpleUploadedFile("大文件.pdf", PDF + b"0" * 2000))


def test_upload_and_download_through_the_gate(
    login, liaison, other_liaison, make_case, media
):
    case = make_case("in_progress")
    client = login(liaison)
    response = client.post(
        reverse("cases:attachment_add", args=[case.pk]),
        {
            "file": SimpleUploadedFile("答复意见.pdf", PDF),
            "kind": "reply",
            "description": "镇政府书面答复",
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "答复意见.pdf"
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(media)
    assert stored.name != "答复意见.pdf"  # our own name on disk
    assert case.events.filter(kind="attachment_added").exists()

    url = reverse("cases:attachment_download", args=[case.pk, attachment.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/octet-stream"

    assert login(other_liaison).get(url).status_code == 404


def test_refused_upload_over_http_saves_nothing(login, liaison, make_case, media):
    case = make_case("in_progress")
    response = login(liaison).post(
        reverse("cases:attachment_add", args=[case.pk]),
        {"file": SimpleUploadedFile("通知.pdf", EXE), "kind": "other"},
    )
    assert response.status_code == 400
    assert "文件内容不是 PDF 文件" in response.content.decode()
    assert not Attachment.objects.exists()
    assert list(Path(media).rglob("*.*")) == []


def test_a_path_sent_over_http_never_reaches_the_disk(login, liaison, make_case, media):
    """Django strips folders from upload names before the app sees them; the
    stored name is always ours, so nothing can be written outside MEDIA_ROOT."""
    case = make_case("in_progress")
    login(liaison).post(
        reverse("cases:attachment_add", args=[case.pk]),
        {"file": SimpleUploadedFile("../../../../tmp/evil.pdf", PDF), "kind": "other"},
    )
    attachment = Attachment.objects.get()
    assert "/" not in attachment.original_name
    assert ".." not in attachment.original_name
    assert Path(attachment.file.path).resolve().is_relative_to(Path(media).resolve())


def test_service_refuses_before_touching_the_disk(liaison, make_case, media):
    case = make_case("in_progress")
    with pytest.raises(ActionRefused):
        services.attachment_add(
            case=case,
            actor=liaison,
            upload=SimpleUploadedFile("x.pdf", EXE),
            kind="other",
        )
    assert list(Path(media).rglob("*.*")) == []
