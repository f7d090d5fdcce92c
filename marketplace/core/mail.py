"""Outgoing mail, sent only after the database commit that caused it.

Without MAIL_SERVER the message is written to the application log (development); with it,
Flask-Mail sends over SMTP.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from marketplace.core.db import after_commit
from marketplace.extensions import db, mail

log = logging.getLogger("marketplace.mail")
# Until a job queue exists (see docs/architecture.md), mail leaves from a small thread pool.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")


def _deliver(app_config_server: str | None, message: Message) -> None:
    if not app_config_server:
        log.info(
            "mail (console backend)\nTo: %s\nSubject: %s\n\n%s",
            ", ".join(message.recipients),
            message.subject,
            message.body,
        )
        return
    try:
        mail.send(message)
    except OSError as exc:
        # The commit already happened; a mail outage must not turn it into an error page.
        # Only the error's type is logged: SMTP errors quote the recipient's address.
        log.error("mail delivery failed (%s): %r", type(exc).__name__, message.subject)


def send_email(*, to: str, subject: str, body: str) -> None:
    """Queue a plain-text email to be delivered once the current transaction commits."""
    message = Message(
        subject=subject,
        recipients=[to],
        body=body,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    server = current_app.config.get("MAIL_SERVER")
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def deliver() -> None:
        with app.app_context():
            _deliver(server, message)

    if app.config["MAIL_ASYNC"]:
        # SMTP takes hundreds of milliseconds: keep it off the request, so that pages answer
        # fast and "forgot password" takes as long for a known address as for an unknown one.
        after_commit(db.session(), lambda: _executor.submit(deliver))
    else:
        after_commit(db.session(), deliver)


def send_user_email(user: Any, *, template: str, subject: Any, **context: Any) -> None:
    """Render `template` (a .txt template) and queue it, both in the recipient's language.

    `subject` is a lazy string, rendered in that language too. Delivered after the commit.
    """
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(template, user=user, **context)
        send_email(to=user.email, subject=str(subject), body=body)
