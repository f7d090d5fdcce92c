"""Shared building blocks: database helpers, errors, money, dates, auth, mail, security."""
