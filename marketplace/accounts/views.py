"""Account pages: register, log in/out, verify email, reset and change password, preferences."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from marketplace.accounts import services
from marketplace.accounts.errors import (
    AccountSuspended,
    EmailTaken,
    InvalidCredentials,
    InvalidToken,
    LoginLocked,
    WeakPassword,
    WrongPassword,
)
from marketplace.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    PreferencesForm,
    RegisterForm,
    ResendVerificationForm,
    ResetPasswordForm,
)
from marketplace.accounts.models import TokenPurpose, User
from marketplace.core.http import safe_next_url
from marketplace.core.i18n import zone_label
from marketplace.extensions import db, limiter

bp = Blueprint("accounts", __name__)

# Kept across login: the session is otherwise started afresh (no session fixation).
_SESSION_KEYS_KEPT_AT_LOGIN = ("lang", "claim_token")


def _start_session(user: User, *, remember: bool) -> None:
    from marketplace.orders.cart import SESSION_KEY, DbCart, SessionCart, merge_guest_cart

    kept = {k: session[k] for k in _SESSION_KEYS_KEPT_AT_LOGIN if k in session}
    guest_cart = session.get(SESSION_KEY)
    session.clear()
    session.update(kept)
    login_user(user, remember=remember)
    if guest_cart:
        # What a guest put in the cart joins the account's cart (its own unit of work).
        session[SESSION_KEY] = guest_cart
        merge_guest_cart(SessionCart(session), DbCart(user.id))
        db.session.commit()


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(
                name=form.name.data,
                email=form.email.data,
                phone=form.phone.data,
                password=form.password.data,
                locale=session.get("lang"),
            )
        except EmailTaken as exc:
            form.email.errors.append(str(exc.message))
        except WeakPassword as exc:
            form.password.errors.append(str(exc.message))
        else:
            try:
                db.session.commit()
            except IntegrityError:
                # The same address registered by a concurrent request a moment ago.
                db.session.rollback()
                form.email.errors.append(str(EmailTaken.message))
                return render_template("accounts/register.html", form=form)
            _start_session(user, remember=False)
            flash(
                _("Akun Anda sudah dibuat. Cek email untuk memverifikasi alamat Anda."), "success"
            )
            return redirect(url_for("main.home"))
        db.session.rollback()
    return render_template("accounts/register.html", form=form)


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    next_url = safe_next_url(request.args.get("next"), url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                email=form.email.data,
                password=form.password.data,
                address=request.remote_addr or "unknown",
            )
        except LoginLocked as exc:
            db.session.rollback()
            until = f"{format_datetime(exc.until, 'short')} {zone_label()}"
            if exc.scope == "account":
                message = _(
                    "Akun ini dikunci sementara karena terlalu banyak percobaan masuk "
                    "yang gagal. Coba lagi setelah %(until)s, atau atur ulang kata "
                    "sandi Anda.",
                    until=until,
                )
            else:
                message = _(
                    "Terlalu banyak percobaan masuk yang gagal dari jaringan Anda. "
                    "Coba lagi setelah %(until)s.",
                    until=until,
                )
            form.form_errors.append(message)
            status = 429
        except (InvalidCredentials, AccountSuspended) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            _start_session(user, remember=bool(form.remember.data))
            flash(_("Selamat datang, %(name)s.", name=user.name), "success")
            return redirect(next_url)
    return render_template("accounts/login.html", form=form), status


@bp.post("/keluar")
@login_required
def logout() -> Response:
    kept = session.get("lang")
    session.clear()
    # After clearing: logout_user() leaves the mark that deletes the remember-me cookie.
    logout_user()
    if kept:
        session["lang"] = kept
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("main.home"))


@bp.get("/verifikasi-email/<token>")
def verify_email(token: str) -> Response:
    try:
        services.verify_email(token=token)
    except InvalidToken as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(
            url_for("accounts.account" if current_user.is_authenticated else "main.home")
        )
    db.session.commit()
    flash(_("Terima kasih, email Anda sudah terverifikasi."), "success")
    return redirect(url_for("main.home"))


@bp.post("/akun/kirim-verifikasi")
@login_required
@limiter.limit("5 per hour")
def resend_verification() -> Response:
    if ResendVerificationForm().validate_on_submit() and not current_user.is_email_verified:
        services.send_verification_email(current_user)
        db.session.commit()
        flash(
            _("Tautan verifikasi baru sudah dikirim ke %(email)s.", email=current_user.email),
            "info",
        )
    return redirect(url_for("accounts.account"))


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(email=form.email.data)
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(
            _(
                "Jika email tersebut terdaftar, kami sudah mengirim tautan untuk mengatur ulang "
                "kata sandi. Tautan berlaku 1 jam."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.get("/atur-ulang-sandi/<token>")
def reset_password_link(token: str) -> Response:
    # Move the token out of the URL (history, referrers) into the session.
    session["reset_token"] = token
    return redirect(url_for("accounts.reset_password"))


@bp.route("/atur-ulang-sandi", methods=["GET", "POST"])
def reset_password() -> str | Response:
    token = session.get("reset_token", "")
    try:
        services.check_token(token, TokenPurpose.RESET_PASSWORD)
    except InvalidToken as exc:
        session.pop("reset_token", None)
        flash(str(exc.message), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token=token, new_password=form.password.data)
        except (InvalidToken, WeakPassword) as exc:
            db.session.rollback()
            form.password.errors.append(str(exc.message))
        else:
            db.session.commit()
            session.pop("reset_token", None)
            _start_session(user, remember=False)
            flash(
                _("Kata sandi Anda sudah diganti. Sesi lain di perangkat lain sudah diakhiri."),
                "success",
            )
            return redirect(url_for("main.home"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/akun", methods=["GET", "POST"])
@login_required
def account() -> str | Response:
    form = PreferencesForm(
        locale=current_user.locale or current_app.config["BABEL_DEFAULT_LOCALE"],
        timezone=current_user.timezone,
    )
    if form.validate_on_submit():
        services.set_preferences(current_user, locale=form.locale.data, timezone=form.timezone.data)
        db.session.commit()
        session["lang"] = form.locale.data
        flash(_("Pengaturan disimpan."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form, resend_form=ResendVerificationForm())


def _current_user_key() -> str:
    return f"user:{current_user.id}"


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=_current_user_key)
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                current_password=form.current_password.data,
                new_password=form.password.data,
            )
        except WrongPassword as exc:
            form.current_password.errors.append(str(exc.message))
        except WeakPassword as exc:
            form.password.errors.append(str(exc.message))
        else:
            db.session.commit()
            # The session id embeds the session version: log in again with the new one.
            _start_session(current_user._get_current_object(), remember=False)
            flash(_("Kata sandi Anda sudah diganti."), "success")
            return redirect(url_for("accounts.account"))
        db.session.rollback()
    return render_template("accounts/change_password.html", form=form)
