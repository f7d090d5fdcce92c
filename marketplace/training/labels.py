"""Translatable labels for training enums."""

from flask_babel import lazy_gettext as _l

from marketplace.training.models import ProgramKind, SkillField

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
