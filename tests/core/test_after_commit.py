from marketplace.core.db import after_commit
from marketplace.extensions import db
from tests.factories import make_user


def test_hook_runs_after_commit_only(app):
    ran: list[str] = []
    make_user()  # a transaction is open and has work in it
    user = make_user()
    user.name = "Baru"
    after_commit(db.session(), lambda: ran.append("sent"))

    assert ran == []
    db.session.commit()

    assert ran == ["sent"]


def test_hook_is_dropped_on_rollback(app):
    ran: list[str] = []
    user = make_user()
    user.name = "Baru"
    after_commit(db.session(), lambda: ran.append("sent"))

    db.session.rollback()
    db.session.commit()

    assert ran == []


def test_hook_registered_before_any_sql_is_dropped_on_rollback(app):
    ran: list[str] = []
    db.session.commit()
    after_commit(db.session(), lambda: ran.append("sent"))

    db.session.rollback()
    make_user()  # a later, unrelated commit

    assert ran == []


def test_failing_hook_is_logged_and_does_not_stop_the_others(app, caplog):
    ran: list[str] = []

    def broken() -> None:
        raise OSError("smtp down")

    user = make_user()
    user.name = "Baru"
    after_commit(db.session(), broken)
    after_commit(db.session(), lambda: ran.append("second"))

    db.session.commit()

    assert ran == ["second"]
    assert "after-commit hook" in caplog.text
    db.session.expire_all()
    assert user.name == "Baru"
