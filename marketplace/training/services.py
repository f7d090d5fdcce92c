"""Training writes: programs, enrollments, claims, invitations. Services flush; callers commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.extensions import db, limiter
from marketplace.regions.reference import get_district, get_village
from marketplace.search.indexing import mark_users_changed
from marketplace.training.errors import (
    AlreadyClaimed,
    CertificateTaken,
    ClaimLocked,
    ClaimNotFound,
    InvalidInvitation,
    InvalidProgram,
    InvalidTransition,
    UserHasRecord,
)
from marketplace.training.imports import hash_nik
from marketplace.training.models import (
    ENROLLMENT_TRANSITIONS,
    Agency,
    ClaimInvitation,
    Enrollment,
    EnrollmentEvent,
    FundingSource,
    Participant,
    ParticipantEvent,
    Program,
    ProgramKind,
    SkillField,
)
from marketplace.training.nik import InvalidNik, parse_nik

INVITATION_DAYS = 30


@dataclass(frozen=True)
class ProgramData:
    """The editable fields of a program, as plain values."""

    title: str
    kind: str
    skill_field: str
    venue: str | None
    district_code: str | None
    village_code: str | None
    start_date: date
    end_date: date
    capacity: int
    funding_source: str
    budget_idr: int | None
    description: str


def _check_program(agency: Agency, data: ProgramData) -> None:
    if data.end_date < data.start_date:
        raise InvalidProgram(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if data.kind not in set(ProgramKind) or data.skill_field not in set(SkillField):
        raise InvalidProgram()
    if data.funding_source not in set(FundingSource):
        raise InvalidProgram()
    if not 1 <= data.capacity <= 10000:
        raise InvalidProgram(_l("Kapasitas harus antara 1 dan 10.000 peserta."))
    if data.budget_idr is not None and data.budget_idr < 0:
        raise InvalidProgram(_l("Anggaran tidak boleh negatif."))
    if data.district_code:
        district = get_district(data.district_code)
        if district is None or district.regency_code != agency.region_code:
            raise InvalidProgram(_l("Kecamatan harus berada di wilayah Dinas."))
    if data.village_code:
        village = get_village(data.village_code)
        if village is None or village.district_code != data.district_code:
            raise InvalidProgram(_l("Kelurahan harus berada di kecamatan yang dipilih."))


def create_program(agency: Agency, *, actor: User, data: ProgramData) -> Program:
    """Add a program to an agency. Raises InvalidProgram."""
    _check_program(agency, data)
    program = Program(agency_id=agency.id, **data.__dict__)
    db.session.add(program)
    db.session.flush()
    return program


def update_program(program: Program, *, actor: User, data: ProgramData) -> Program:
    """Change a program's fields. Raises InvalidProgram."""
    _check_program(program.agency, data)
    for name, value in data.__dict__.items():
        setattr(program, name, value)
    db.session.flush()
    return program


@dataclass(frozen=True)
class EnrollmentData:
    """The editable fields of an enrollment."""

    status: str
    certificate_no: str | None
    award_title: str | None
    award_rank: int | None
    award_amount_idr: int | None
    grant_items: str | None


def update_enrollment(enrollment: Enrollment, *, actor: User, data: EnrollmentData) -> Enrollment:
    """Edit an enrollment and record the change. Raises InvalidTransition, CertificateTaken."""
    before = enrollment.status
    if data.status != before and data.status not in ENROLLMENT_TRANSITIONS[before]:
        raise InvalidTransition(
            from_status=before,
            to_status=data.status,
            message=_l(
                "Status tidak bisa diubah dari %(old)s menjadi %(new)s.",
                old=before,
                new=data.status,
            ),
        )
    if data.award_amount_idr is not None and data.award_amount_idr < 0:
        raise InvalidTransition(
            from_status=before,
            to_status=data.status,
            message=_l("Nilai hadiah tidak boleh negatif."),
        )
    if data.certificate_no and data.certificate_no != enrollment.certificate_no:
        taken = db.session.scalar(
            select(Enrollment.id).where(
                Enrollment.agency_id == enrollment.agency_id,
                Enrollment.certificate_no == data.certificate_no,
                Enrollment.id != enrollment.id,
            )
        )
        if taken is not None:
            raise CertificateTaken()
    changes = {}
    try:
        # A savepoint: a certificate taken by a concurrent edit fails here, cleanly.
        with db.session.begin_nested():
            for name, value in data.__dict__.items():
                old = getattr(enrollment, name)
                if value != old:
                    changes[name] = [old, value]
                    setattr(enrollment, name, value)
    except IntegrityError:
        raise CertificateTaken() from None
    if changes:
        db.session.add(
            EnrollmentEvent(
                enrollment_id=enrollment.id,
                actor_user_id=actor.id,
                from_status=before,
                to_status=enrollment.status,
                changes=changes,
                source="edit",
            )
        )
    db.session.flush()
    return enrollment


# -- Linking a participant record to a user ---------------------------------------------------


def _claim_limits() -> FixedWindowRateLimiter:
    return FixedWindowRateLimiter(limiter.storage)


def _count_claim_attempt(user: User, address: str) -> None:
    # Per address the limit is higher: a whole BLK class may claim together on one Wi-Fi.
    strategy = _claim_limits()
    for scope, key, setting in (
        ("user", str(user.id), "CLAIM_ATTEMPTS_LIMIT"),
        ("address", address, "CLAIM_ATTEMPTS_PER_ADDRESS"),
    ):
        if not strategy.hit(parse(current_app.config[setting]), "training-claim", scope, key):
            raise ClaimLocked()


def _link(
    participant: Participant, user: User, *, actor: User, how: str, agency_id: int | None
) -> None:
    if participant.user_id == user.id:
        return
    if participant.user_id is not None:
        raise AlreadyClaimed()
    other = db.session.scalar(select(Participant.id).where(Participant.user_id == user.id))
    if other is not None:
        raise UserHasRecord()
    # Conditional update: of two concurrent claims of one record, only one wins; and the
    # unique user_id refuses a user who won a concurrent claim of another record.
    try:
        with db.session.begin_nested():
            result = db.session.execute(
                update(Participant)
                .where(Participant.id == participant.id, Participant.user_id.is_(None))
                .values(user_id=user.id, claimed_at=utcnow())
                .execution_options(synchronize_session=False)
            )
    except IntegrityError:
        raise UserHasRecord() from None
    if result.rowcount != 1:
        raise AlreadyClaimed()
    db.session.add(
        ParticipantEvent(
            participant_id=participant.id,
            actor_user_id=actor.id,
            agency_id=agency_id,
            action="claimed",
            detail={"how": how},
        )
    )
    db.session.flush()
    db.session.refresh(participant)
    # The link was a bulk UPDATE the flush does not see: the user's stores now carry these
    # trainings in search.
    mark_users_changed(db.session(), [user.id])


def claim_by_certificate(user: User, *, certificate_no: str, nik: str, address: str) -> Participant:
    """Link the record whose certificate and NIK match to `user`.

    Raises ClaimLocked (too many attempts), ClaimNotFound, AlreadyClaimed, UserHasRecord.
    """
    _count_claim_attempt(user, address)
    try:
        info = parse_nik(nik)
    except InvalidNik:
        raise ClaimNotFound() from None
    participant = db.session.scalar(
        select(Participant)
        .join(Enrollment, Enrollment.participant_id == Participant.id)
        .where(
            Enrollment.certificate_no == certificate_no.strip(),
            Participant.nik_hash == hash_nik(info.nik),
        )
        .limit(1)
    )
    if participant is None:
        raise ClaimNotFound()
    _link(participant, user, actor=user, how="certificate", agency_id=None)
    return participant


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _revoke_invitations(participant_id: int) -> None:
    """End every open invitation of a participant (a new one replaces them; unlinking ends them)."""
    now = utcnow()
    db.session.execute(
        update(ClaimInvitation)
        .where(
            ClaimInvitation.participant_id == participant_id,
            ClaimInvitation.used_at.is_(None),
            ClaimInvitation.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


def create_invitation(participant: Participant, *, agency: Agency, actor: User) -> str:
    """A single-use link for the participant to claim their record; returns the raw token.

    Earlier open invitations of the participant stop working. Raises AlreadyClaimed when the
    record is already linked (unlink it first).
    """
    if participant.user_id is not None:
        raise AlreadyClaimed(_l("Peserta ini sudah tertaut ke sebuah akun."))
    _revoke_invitations(participant.id)
    raw = secrets.token_urlsafe(24)
    db.session.add(
        ClaimInvitation(
            participant_id=participant.id,
            agency_id=agency.id,
            created_by_id=actor.id,
            token_hash=_token_hash(raw),
            expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
        )
    )
    db.session.add(
        ParticipantEvent(
            participant_id=participant.id,
            actor_user_id=actor.id,
            agency_id=agency.id,
            action="invited",
            detail={},
        )
    )
    db.session.flush()
    return raw


def get_invitation(raw: str) -> ClaimInvitation:
    """The usable invitation for a raw token. Raises InvalidInvitation."""
    invitation = db.session.scalar(
        select(ClaimInvitation).where(ClaimInvitation.token_hash == _token_hash(raw or ""))
    )
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        raise InvalidInvitation()
    return invitation


def accept_invitation(user: User, *, token: str, nik: str, address: str) -> Participant:
    """Link the invited record to `user`, who proves it is theirs with the NIK.

    The NIK check means a link forwarded to, or made for, the wrong person links nothing.
    Raises ClaimLocked, InvalidInvitation, ClaimNotFound (NIK does not match: the invitation
    stays usable), AlreadyClaimed, UserHasRecord.
    """
    invitation = get_invitation(token)
    _count_claim_attempt(user, address)
    try:
        matches = hash_nik(parse_nik(nik).nik) == invitation.participant.nik_hash
    except InvalidNik:
        matches = False
    if not matches:
        raise ClaimNotFound(_l("NIK tidak cocok dengan data peserta yang diundang."))
    result = db.session.execute(
        update(ClaimInvitation)
        .where(ClaimInvitation.id == invitation.id, ClaimInvitation.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise InvalidInvitation()
    participant = invitation.participant
    _link(participant, user, actor=user, how="invitation", agency_id=invitation.agency_id)
    return participant


def unlink_participant(
    participant: Participant, *, agency: Agency, actor: User, reason: str
) -> User | None:
    """Undo a wrong link (an agency manager). Returns the user who was unlinked, if any.

    The event keeps who did it, why and which user it was; open invitations end too.
    """
    _revoke_invitations(participant.id)
    if participant.user_id is None:
        return None
    former = db.session.get(User, participant.user_id)
    db.session.add(
        ParticipantEvent(
            participant_id=participant.id,
            actor_user_id=actor.id,
            agency_id=agency.id,
            action="unlinked",
            detail={"user_id": participant.user_id, "reason": reason[:300]},
        )
    )
    participant.user_id = None
    participant.claimed_at = None
    # Consent was the unlinked person's; whoever claims the record next decides afresh.
    participant.sales_consent_at = None
    db.session.flush()
    return former
