"""WSGI entry point: `gunicorn wsgi:app`.

Without APP_ENV this is production, which refuses to start without its settings (SECRET_KEY,
DATABASE_URL on PostgreSQL, PUBLIC_BASE_URL, MAIL_SERVER) rather than run with development
defaults. The `flask` command reads .flaskenv, which sets APP_ENV=development.
"""

import os

from marketplace import create_app

os.environ.setdefault("APP_ENV", "production")
app = create_app()
