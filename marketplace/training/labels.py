"""Translatable labels for training enums."""

from flask_babel import lazy_gettext as _l

from marketplace.training.models import (
    EnrollmentStatus,
    FundingSource,
    Gender,
    ProgramKind,
    SkillField,
)

PROGRAM_KIND_LABELS = {
    ProgramKind.TRAINING: _l("Pelatihan"),
    ProgramKind.MENTORING: _l("Pendampingan"),
    ProgramKind.CONSULTATION: _l("Konsultasi produktivitas"),
    ProgramKind.EQUIPMENT_GRANT: _l("Bantuan peralatan"),
    ProgramKind.CONTEST: _l("Lomba"),
}

SKILL_FIELD_LABELS = {
    SkillField.CULINARY: _l("Kuliner"),
    SkillField.GARMENT: _l("Menjahit/konveksi"),
    SkillField.CRAFT: _l("Kerajinan"),
    SkillField.ENTREPRENEURSHIP: _l("Kewirausahaan"),
    SkillField.DIGITAL_MARKETING: _l("Pemasaran digital"),
    SkillField.OTHER: _l("Lainnya"),
}

ENROLLMENT_STATUS_LABELS = {
    EnrollmentStatus.REGISTERED: _l("Terdaftar"),
    EnrollmentStatus.ATTENDED: _l("Hadir"),
    EnrollmentStatus.COMPLETED: _l("Lulus"),
    EnrollmentStatus.DROPPED: _l("Mundur"),
}

FUNDING_SOURCE_LABELS = {
    FundingSource.APBD: "APBD",
    FundingSource.DBHCHT: "DBHCHT",
    FundingSource.APBN: "APBN",
    FundingSource.OTHER: _l("Lainnya"),
}

GENDER_LABELS = {
    Gender.MALE: _l("Laki-laki"),
    Gender.FEMALE: _l("Perempuan"),
}
