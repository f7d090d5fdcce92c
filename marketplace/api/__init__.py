"""JSON API (errors under /api/ are JSON too)."""
