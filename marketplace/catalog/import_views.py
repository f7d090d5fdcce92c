"""Product CSV import/export pages (being written)."""
