"""Wholesale pricing rules: which tier applies, what quantity may be ordered, valid tiers, PPN."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from flask import Flask

from marketplace.wholesale.errors import InvalidOffer
from marketplace.wholesale.models import WholesaleOffer, WholesaleTier
from marketplace.wholesale.pricing import (
    TierInput,
    check_tiers,
    ppn,
    quantity_problem,
    tier_for,
    unit_price,
)

TIERS = ((1, 12_000), (50, 10_500), (200, 9_500))


def offer(
    tiers: Sequence[tuple[int, int]] = TIERS,
    *,
    min_order_qty: int = 1,
    pack_size: int = 1,
    lead_time_days: int = 0,
    weekly_capacity: int | None = None,
) -> WholesaleOffer:
    """An unsaved offer: the pricing rules need no database."""
    built = WholesaleOffer(
        min_order_qty=min_order_qty,
        pack_size=pack_size,
        lead_time_days=lead_time_days,
        weekly_capacity=weekly_capacity,
    )
    # Deliberately out of order: the rules must not rely on the stored order.
    built.tiers = [WholesaleTier(min_qty=q, unit_price_idr=p) for q, p in reversed(tiers)]
    return built


@pytest.mark.parametrize(
    ("quantity", "price"),
    [(1, 12_000), (49, 12_000), (50, 10_500), (199, 10_500), (200, 9_500), (5_000, 9_500)],
)
def test_unit_price_follows_the_tier_boundaries(quantity: int, price: int) -> None:
    assert unit_price(offer(), quantity) == price


def test_tier_for_picks_the_highest_tier_not_above_the_quantity() -> None:
    tier = tier_for(offer().tiers, 50)

    assert tier is not None
    assert (tier.min_qty, tier.unit_price_idr) == (50, 10_500)


def test_no_tier_below_the_first_one() -> None:
    priced = offer(((10, 9_000),), min_order_qty=10)

    assert tier_for(priced.tiers, 9) is None
    assert unit_price(priced, 9) is None


def test_quantity_below_the_minimum_order_is_refused(app: Flask) -> None:
    problem = quantity_problem(offer(min_order_qty=24), 12)

    assert problem is not None
    assert "minimum pesanan (24)" in str(problem)


def test_quantity_not_a_multiple_of_the_pack_is_refused(app: Flask) -> None:
    problem = quantity_problem(offer(min_order_qty=12, pack_size=12), 30)

    assert problem is not None
    assert "kelipatan 12" in str(problem)
    assert quantity_problem(offer(min_order_qty=12, pack_size=12), 36) is None


def test_quantity_above_the_weekly_capacity_left_is_refused(app: Flask) -> None:
    made_to_order = offer(lead_time_days=5, weekly_capacity=300)

    problem = quantity_problem(made_to_order, 250, capacity_left=200)

    assert problem is not None
    assert "sisa 200" in str(problem)
    assert quantity_problem(made_to_order, 200, capacity_left=200) is None


def test_a_sane_quantity_within_the_rules_is_accepted(app: Flask) -> None:
    assert quantity_problem(offer(min_order_qty=50, pack_size=10), 120) is None


@pytest.mark.parametrize("quantity", [0, -5, 1_000_001])
def test_absurd_quantities_are_refused(app: Flask, quantity: int) -> None:
    assert quantity_problem(offer(), quantity) is not None


def test_check_tiers_sorts_valid_tiers() -> None:
    tiers = [TierInput(200, 9_500), TierInput(1, 12_000), TierInput(50, 10_500)]

    ordered = check_tiers(tiers, min_order_qty=1)

    assert [t.min_qty for t in ordered] == [1, 50, 200]


@pytest.mark.parametrize(
    ("tiers", "min_order_qty", "message"),
    [
        ([TierInput(1, 10_000), TierInput(50, 11_000)], 1, "tidak boleh naik"),
        ([TierInput(1, 12_000), TierInput(1, 10_000)], 1, "jumlah yang sama"),
        ([TierInput(50, 10_000)], 24, "minimum pesanan"),
        ([TierInput(1, 0)], 1, "lebih dari 0"),
        ([TierInput(0, 5_000)], 1, "lebih dari 0"),
        ([], 1, "1 sampai 10"),
        ([TierInput(i + 1, 20_000 - i) for i in range(11)], 1, "1 sampai 10"),
    ],
    ids=["rising", "duplicate", "first-above-moq", "zero-price", "zero-qty", "none", "eleven"],
)
def test_check_tiers_refuses_inconsistent_tiers(
    app: Flask, tiers: list[TierInput], min_order_qty: int, message: str
) -> None:
    with pytest.raises(InvalidOffer) as refused:
        check_tiers(tiers, min_order_qty=min_order_qty)

    assert message in str(refused.value.message)


def test_ppn_of_a_pkp_seller_rounds_down_once() -> None:
    tax = ppn(100, is_pkp=True)

    assert (tax.dpp_idr, tax.tax_idr, tax.total_idr) == (91, 11, 111)


def test_ppn_on_a_million_is_eleven_percent() -> None:
    tax = ppn(1_000_000, is_pkp=True)

    assert tax.tax_idr == 110_000
    assert tax.dpp_idr == 916_666


def test_ppn_on_a_small_amount_is_floored() -> None:
    assert ppn(13, is_pkp=True).tax_idr == 1


def test_a_seller_who_is_not_pkp_charges_no_ppn() -> None:
    tax = ppn(1_000_000, is_pkp=False)

    assert (tax.dpp_idr, tax.tax_idr, tax.total_idr) == (0, 0, 1_000_000)
