"""Outgoing mail, sent only after the database commit that caused it.

Without MAIL_SERVER the message is written to the application log (development); with it,
Flask-Mail sends over SMTP.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_mail import Message

from marketplace.core.db import after_commit
from marketplace.extensions import db, mail

log = logging.getLogger("marketplace.mail")


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
    except OSError:
        # The commit already happened; a mail outage must not turn it into an error page.
        log.exception("mail delivery failed (subject %r)", message.subject)


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

    after_commit(db.session(), deliver)
