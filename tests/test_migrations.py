"""Migrations build the schema on an empty database and match the models exactly."""

from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from marketplace.extensions import db
from tests.conftest import make_test_app


def test_upgrade_to_head_on_empty_database_has_no_drift(empty_database_url):
    app = make_test_app(empty_database_url)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "user_tokens", "stores", "products", "agencies"} <= tables
        # `flask db check`: raises if the models and the migrations disagree.
        check()
        db.engine.dispose()


def test_latest_migration_downgrades_and_upgrades_again(empty_database_url):
    app = make_test_app(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="-1")
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        db.engine.dispose()
