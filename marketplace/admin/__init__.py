"""Platform back office (is_admin only)."""
