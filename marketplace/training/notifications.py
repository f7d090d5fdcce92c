"""Mail about a person's training record, sent after the commit that caused it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.core.mail import send_user_email
from marketplace.core.urls import public_url
from marketplace.training.models import Agency


def notify_unlinked(user: User, *, agency: Agency, reason: str) -> None:
    """Tell a user that an agency removed the link between their account and a record."""
    send_user_email(
        user,
        template="training/email/unlinked.txt",
        subject=_l("Tautan data pelatihan Anda dilepas"),
        agency=agency,
        reason=reason,
        link=public_url("training.my_training"),
    )
