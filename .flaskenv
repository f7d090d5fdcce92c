# Read by the `flask` command (python-dotenv): development settings for a checkout.
# gunicorn does not read this file, so `gunicorn wsgi:app` runs as production.
FLASK_APP=wsgi.py
APP_ENV=development
