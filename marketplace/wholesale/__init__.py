"""Wholesale: business buyers (hotels, supermarkets, restaurants, caterers)."""
