"""Accounts: users, sign-up, login, password reset, email verification, roles."""
