"""An alumnus's consent that the agencies who trained them may see their store's sales.

Asked (unticked) when claiming a record, given or revoked at any time on "Pelatihan saya".
`Participant.sales_consent_at` is the one source of truth (the agency dashboard reads
`sales_consent_at IS NOT NULL`); every change is also a ParticipantEvent. Services flush.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.training.models import Participant, ParticipantEvent

CONSENT_GIVEN = "consent_given"
CONSENT_REVOKED = "consent_revoked"


class ConsentNotAllowed(DomainError):
    """Only the person the record belongs to decides about their consent."""

    code = "consent_not_allowed"
    message = _l("Hanya pemilik data pelatihan ini yang dapat mengubah izinnya.")


def _check_owner(participant: Participant, user: User) -> None:
    if participant.user_id is None or participant.user_id != user.id:
        raise ConsentNotAllowed()


def _event(participant: Participant, *, user: User, action: str, source: str) -> None:
    db.session.add(
        ParticipantEvent(
            participant_id=participant.id,
            actor_user_id=user.id,
            agency_id=None,
            action=action,
            detail={"source": source},
        )
    )


def give_sales_consent(
    participant: Participant, *, user: User, source: str = "pelatihan_saya"
) -> Participant:
    """Let the training agencies see the participant's store sales from now on.

    Giving it again changes nothing. Raises ConsentNotAllowed (not the record's own user).
    """
    _check_owner(participant, user)
    if participant.sales_consent_at is None:
        participant.sales_consent_at = utcnow()
        _event(participant, user=user, action=CONSENT_GIVEN, source=source)
        db.session.flush()
    return participant


def revoke_sales_consent(
    participant: Participant, *, user: User, source: str = "pelatihan_saya"
) -> Participant:
    """Stop the training agencies from seeing the participant's sales (aggregates only).

    Revoking when none was given changes nothing. Raises ConsentNotAllowed.
    """
    _check_owner(participant, user)
    if participant.sales_consent_at is not None:
        participant.sales_consent_at = None
        _event(participant, user=user, action=CONSENT_REVOKED, source=source)
        db.session.flush()
    return participant
