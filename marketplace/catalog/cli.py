"""`flask catalog ...` commands."""

from flask.cli import AppGroup

catalog_cli = AppGroup("catalog", help="Stores, products and compliance documents.")
