"""Rupiah: whole integers everywhere, one formatter for display."""

from __future__ import annotations


def format_rupiah(amount_idr: int | None) -> str:
    """Format whole Rupiah the Indonesian way: 1500000 -> 'Rp1.500.000', -2500 -> '-Rp2.500'."""
    if amount_idr is None:
        return ""
    if isinstance(amount_idr, bool) or not isinstance(amount_idr, int):
        raise TypeError("Rupiah amounts are whole integers")
    sign = "-" if amount_idr < 0 else ""
    return f"{sign}Rp{abs(amount_idr):,}".replace(",", ".")
