"""A reset link works once even when several requests use it at the same moment."""

import threading

import pytest

from marketplace.accounts.errors import InvalidToken
from marketplace.accounts.models import TokenPurpose
from marketplace.accounts.services import issue_token, reset_password
from marketplace.extensions import db
from tests.factories import make_user


@pytest.mark.postgresql_only
def test_concurrent_uses_of_one_reset_token_let_exactly_one_win(app):
    user = make_user()
    with app.test_request_context():
        raw = issue_token(user, TokenPurpose.RESET_PASSWORD)
        db.session.commit()

    workers = 8
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                reset_password(token=raw, new_password=f"kain-tenun-ulos-{n}-baru")
                db.session.commit()
                result = "ok"
            except InvalidToken:
                db.session.rollback()
                result = "refused"
            except Exception as exc:  # reported in the assertion below
                db.session.rollback()
                result = repr(exc)
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["ok"] + ["refused"] * (workers - 1)
