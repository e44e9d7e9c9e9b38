"""Attachments kept with a case."""

from django.db import IntegrityError, transaction

from accounts.models import User
from cases.attachments import check_upload
from cases.models import (
    Attachment,
    Case,
)
from cases.services._base import (
    Kind,
    _event,
    _lock,
)

# --- attachments -----------------------------------------------------------------


def attachment_add(
    *, case: Case, actor: User, upload, kind: str, description: str = ""
) -> Attachment:
    """Keep a file with the case, after checking it by its content."""
    checked = check_upload(upload)
    with transaction.atomic():
        case = _lock(case)
        attachment = Attachment(
            case=case,
            kind=kind,
            original_name=checked.name,
            file_type=checked.file_type,
            size=checked.size,
            sha256=checked.sha256,
            description=description,
            uploaded_by=actor,
        )
        attachment.file.save(checked.name, upload, save=False)
        try:
            attachment.save()
        except IntegrityError:
            attachment.file.delete(save=False)
            raise
        _event(
            case,
            Kind.ATTACHMENT_ADDED,
            actor,
            name=checked.name,
            attachment_kind=kind,
        )
    return attachment
