"""Realistic demo data drawn from the agencies' own reports (see shared seeds)."""
