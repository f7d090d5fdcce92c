"""Wholesale prices: quantity tiers, minimum and pack rules, and PPN.

PPN (VAT) since 2025 (PMK 131/2024): 12% of a "DPP nilai lain" of 11/12 of the price before
tax, which is 11% of that price. It is charged only by PKP sellers, computed per invoice on the
invoice's price before tax (goods and delivery) with exact fractions and rounded down to whole
Rupiah once, at the end: PPN = floor(price x 11/12 x 12/100) = floor(price x 11/100).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.wholesale.models import WholesaleOffer, WholesaleTier

MAX_QUANTITY = 1_000_000
PPN_RATE = Fraction(12, 100)
DPP_SHARE = Fraction(11, 12)


@dataclass(frozen=True)
class Tax:
    """PPN on a price before tax: the DPP nilai lain it is computed on, and the tax."""

    price_idr: int
    dpp_idr: int
    tax_idr: int

    @property
    def total_idr(self) -> int:
        return self.price_idr + self.tax_idr


def ppn(price_idr: int, *, is_pkp: bool) -> Tax:
    """PPN on a price before tax for a seller; zero when the seller is not PKP."""
    if not is_pkp or price_idr <= 0:
        return Tax(price_idr=price_idr, dpp_idr=0, tax_idr=0)
    dpp = DPP_SHARE * price_idr
    tax = dpp * PPN_RATE
    return Tax(price_idr=price_idr, dpp_idr=int(dpp), tax_idr=int(tax))


def tier_for(tiers: Sequence[WholesaleTier], quantity: int) -> WholesaleTier | None:
    """The tier whose range holds `quantity`: the highest `min_qty` not above it."""
    best = None
    for tier in sorted(tiers, key=lambda t: t.min_qty):
        if tier.min_qty <= quantity:
            best = tier
    return best


def unit_price(offer: WholesaleOffer, quantity: int) -> int | None:
    """The unit price (before PPN) for a quantity, or None when no tier covers it."""
    tier = tier_for(offer.tiers, quantity)
    return tier.unit_price_idr if tier else None


def quantity_problem(
    offer: WholesaleOffer, quantity: int, *, capacity_left: int | None = None
) -> Any | None:
    """Why `quantity` cannot be ordered under this offer (a message), or None if it can.

    Checks, in order: a positive sane number, the minimum order, the pack multiple, and the
    weekly capacity left for made-to-order goods.
    """
    if quantity < 1 or quantity > MAX_QUANTITY:
        return _l("Jumlah harus angka 1 sampai 1.000.000.")
    if quantity < offer.min_order_qty:
        return _l("Di bawah minimum pesanan (%(n)d).", n=offer.min_order_qty)
    if offer.pack_size > 1 and quantity % offer.pack_size:
        return _l("Harus kelipatan %(n)d (isi per kemasan).", n=offer.pack_size)
    if capacity_left is not None and quantity > capacity_left:
        return _l(
            "Melebihi kapasitas mingguan penjual (sisa %(n)d untuk minggu itu).",
            n=max(capacity_left, 0),
        )
    if tier_for(offer.tiers, quantity) is None:
        return _l("Penjual belum memberi harga untuk jumlah ini.")
    return None


@dataclass(frozen=True)
class TierInput:
    """A tier as the seller typed it."""

    min_qty: int
    unit_price_idr: int


def check_tiers(tiers: Sequence[TierInput], *, min_order_qty: int) -> list[TierInput]:
    """Tiers sorted by quantity, validated: 1-10 tiers, distinct positive quantities, prices
    positive and not rising with quantity, the first tier covering the minimum order. Returns
    them sorted; raises InvalidOffer with the reason."""
    from marketplace.wholesale.errors import InvalidOffer

    ordered = sorted(tiers, key=lambda t: t.min_qty)
    if not 1 <= len(ordered) <= 10:
        raise InvalidOffer(_l("Isi 1 sampai 10 tingkat harga."))
    if any(t.min_qty < 1 or t.unit_price_idr < 1 for t in ordered):
        raise InvalidOffer(_l("Jumlah dan harga tiap tingkat harus lebih dari 0."))
    if any(t.unit_price_idr > 100_000_000 or t.min_qty > MAX_QUANTITY for t in ordered):
        raise InvalidOffer(_l("Jumlah atau harga terlalu besar."))
    if len({t.min_qty for t in ordered}) != len(ordered):
        raise InvalidOffer(_l("Dua tingkat harga tidak boleh mulai dari jumlah yang sama."))
    if any(b.unit_price_idr > a.unit_price_idr for a, b in itertools.pairwise(ordered)):
        raise InvalidOffer(_l("Harga per unit tidak boleh naik pada jumlah yang lebih besar."))
    if ordered[0].min_qty > min_order_qty:
        raise InvalidOffer(
            _l("Tingkat harga pertama harus mulai paling tinggi dari minimum pesanan.")
        )
    return ordered
