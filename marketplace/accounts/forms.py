"""Account forms. Every form carries a CSRF token (Flask-WTF)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from marketplace.accounts.passwords import MAX_LENGTH, password_problem
from marketplace.core.i18n import LANGUAGE_NAMES, TIMEZONES
from marketplace.core.phone import InvalidPhone, normalize_phone

REQUIRED = _l("Wajib diisi.")


def strip(value: str | None) -> str | None:
    """Pasted values often carry spaces around them."""
    return value.strip() if isinstance(value, str) else value


class StrongPassword:
    """The password policy (length, common words), with the form's personal fields as hints."""

    def __call__(self, form: FlaskForm, field: Any) -> None:
        hints = tuple(
            str(getattr(form, name).data or "")
            for name in ("name", "email", "phone")
            if hasattr(form, name)
        )
        problem = password_problem(field.data or "", user_inputs=hints)
        if problem:
            raise ValidationError(problem)


class IndonesianPhone:
    """A valid Indonesian number; the field's data becomes +62... on success."""

    def __call__(self, form: FlaskForm, field: Any) -> None:
        try:
            field.data = normalize_phone(field.data or "")
        except InvalidPhone:
            raise ValidationError(
                _l("Nomor HP tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890.")
            ) from None


def _email_field() -> EmailField:
    return EmailField(
        _l("Email"),
        validators=[
            DataRequired(REQUIRED),
            Email(_l("Alamat email tidak valid.")),
            Length(max=254),
        ],
        filters=[strip],
        render_kw={"autocomplete": "email"},
    )


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(
            _l("Kata sandi baru"),
            validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH), StrongPassword()],
            render_kw={"autocomplete": "new-password"},
        ),
        PasswordField(
            _l("Ulangi kata sandi"),
            validators=[
                DataRequired(REQUIRED),
                EqualTo("password", _l("Kedua kata sandi tidak sama.")),
            ],
            render_kw={"autocomplete": "new-password"},
        ),
    )


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Nama lengkap"),
        validators=[DataRequired(REQUIRED), Length(min=2, max=120)],
        filters=[strip],
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    phone = TelField(
        _l("Nomor HP"),
        validators=[DataRequired(REQUIRED), IndonesianPhone()],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "placeholder": "0812 3456 7890"},
    )
    password, password_confirm = _new_password_fields()


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(REQUIRED), Length(max=254)],
        filters=[strip],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Ingat saya di perangkat ini"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password, password_confirm = _new_password_fields()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    password, password_confirm = _new_password_fields()


class PreferencesForm(FlaskForm):
    locale = SelectField(
        _l("Bahasa"),
        choices=[SelectChoice(value=code, label=name) for code, name in LANGUAGE_NAMES.items()],
    )
    timezone = SelectField(
        _l("Zona waktu"),
        choices=[
            SelectChoice(value="Asia/Jakarta", label=_l("WIB (Waktu Indonesia Barat)")),
            SelectChoice(value="Asia/Makassar", label=_l("WITA (Waktu Indonesia Tengah)")),
            SelectChoice(value="Asia/Jayapura", label=_l("WIT (Waktu Indonesia Timur)")),
        ],
        validate_choice=True,
    )

    def validate_timezone(self, field: Any) -> None:
        if field.data not in TIMEZONES:
            raise ValidationError(_l("Zona waktu tidak dikenal."))


class ResendVerificationForm(FlaskForm):
    """Only a CSRF token: resend the verification email."""
