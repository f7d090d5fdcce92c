"""Sellers' wholesale offers and supplier profile: the services' rules and the seller pages,
including that one store's members cannot reach another store's offers or profile."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from marketplace.catalog.models import ProductVariant
from marketplace.extensions import db
from marketplace.stores.models import Store, StoreMember
from marketplace.wholesale.errors import InvalidOffer
from marketplace.wholesale.models import SupplierProfile, WholesaleOffer, WholesaleTier
from marketplace.wholesale.offers import (
    OfferData,
    SupplierProfileData,
    save_offer,
    save_supplier_profile,
    set_offer_active,
)
from marketplace.wholesale.pricing import TierInput
from tests.conftest import csrf_from, post_form
from tests.factories import make_user
from tests.orders.helpers import count, make_item, make_seller_store
from tests.wholesale.helpers import make_offer

STANDARD = [TierInput(1, 12_000), TierInput(50, 10_500), TierInput(200, 9_500)]


def offer_data(**kw: Any) -> OfferData:
    values: dict[str, Any] = {"is_active": True, "tiers": STANDARD, "min_order_qty": 1}
    values.update(kw)
    return OfferData(**values)


def seller_with_item(name: str = "Roti Tawar Gandum") -> tuple[Any, Store, ProductVariant]:
    owner = make_user()
    store = make_seller_store(owner=owner)
    return owner, store, make_item(store, name, price_idr=13_000, stock=500)


def tiers_of(variant: ProductVariant) -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(WholesaleTier.min_qty, WholesaleTier.unit_price_idr)
        .join(WholesaleOffer, WholesaleOffer.id == WholesaleTier.offer_id)
        .where(WholesaleOffer.variant_id == variant.id)
        .order_by(WholesaleTier.min_qty)
    )
    return [tuple(r) for r in rows]


def offer_form(**kw: Any) -> dict[str, Any]:
    """What the offer form sends: tiers 1/50/200 at 12.000/10.500/9.500, typed with dots."""
    data: dict[str, Any] = {
        "is_active": "y",
        "min_order_qty": "1",
        "pack_size": "1",
        "lead_time_days": "0",
        "weekly_capacity": "",
        "tiers-0-min_qty": "1",
        "tiers-0-unit_price_idr": "12.000",
        "tiers-1-min_qty": "50",
        "tiers-1-unit_price_idr": "Rp 10.500",
        "tiers-2-min_qty": "200",
        "tiers-2-unit_price_idr": "9500",
    }
    data.update(kw)
    return data


# -- save_offer --------------------------------------------------------------------------------


def test_save_offer_creates_the_offer_with_sorted_tiers(app: Any) -> None:
    _owner, store, variant = seller_with_item()

    offer = save_offer(
        variant,
        data=offer_data(
            tiers=list(reversed(STANDARD)),
            min_order_qty=12,
            pack_size=12,
            lead_time_days=3,
            weekly_capacity=600,
        ),
    )
    db.session.commit()

    assert offer.store_id == store.id
    assert (offer.min_order_qty, offer.pack_size, offer.lead_time_days) == (12, 12, 3)
    assert offer.weekly_capacity == 600
    assert tiers_of(variant) == [(1, 12_000), (50, 10_500), (200, 9_500)]


def test_save_offer_replaces_tiers_even_when_a_quantity_is_reused(app: Any) -> None:
    _owner, _store, variant = seller_with_item()
    make_offer(variant)

    save_offer(variant, data=offer_data(tiers=[TierInput(1, 11_000), TierInput(100, 9_000)]))
    db.session.commit()

    assert tiers_of(variant) == [(1, 11_000), (100, 9_000)]
    assert count(WholesaleOffer) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_order_qty": 30, "pack_size": 12}, "kelipatan isi per kemasan (12)"),
        ({"tiers": [TierInput(1, 9_000), TierInput(50, 9_500)]}, "tidak boleh naik"),
        ({"tiers": [TierInput(10, 9_000)], "min_order_qty": 5}, "minimum pesanan"),
        ({"min_order_qty": 0}, "Minimum pesanan"),
        ({"lead_time_days": -1}, "Waktu produksi"),
        ({"weekly_capacity": 10, "min_order_qty": 24}, "di bawah minimum"),
    ],
    ids=["moq-not-pack-multiple", "rising", "first-above-moq", "zero-moq", "lead", "capacity"],
)
def test_save_offer_refuses_bad_input_and_changes_nothing(
    app: Any, changes: dict[str, Any], message: str
) -> None:
    _owner, _store, variant = seller_with_item()
    existing = make_offer(variant, min_order_qty=1, pack_size=1)
    before = tiers_of(variant)

    with pytest.raises(InvalidOffer) as refused:
        save_offer(variant, data=offer_data(**changes))

    assert message in str(refused.value.message)
    # Refused before touching anything, and still so once the view has rolled back.
    assert (existing.min_order_qty, existing.pack_size) == (1, 1)
    db.session.rollback()
    assert tiers_of(variant) == before
    assert db.session.get(WholesaleOffer, existing.id).min_order_qty == 1


def test_set_offer_active_switches_the_offer(app: Any) -> None:
    _owner, _store, variant = seller_with_item()
    offer = make_offer(variant)

    set_offer_active(offer, is_active=False)
    db.session.commit()

    assert db.session.get(WholesaleOffer, offer.id).is_active is False


# -- save_supplier_profile -------------------------------------------------------------------


def test_save_supplier_profile_keeps_npwp_digits_only(app: Any) -> None:
    store = make_seller_store()

    profile = save_supplier_profile(
        store,
        data=SupplierProfileData(
            is_open=True,
            capacity_note="2.000 bungkus per minggu",
            offers_samples=True,
            sample_note="5 bungkus gratis",
            delivery_province_codes=["33", "31", "33"],
            npwp="0123.4567.8901.2345",
            is_pkp=True,
        ),
    )
    db.session.commit()

    assert profile.npwp == "0123456789012345"
    assert profile.delivery_province_codes == ["31", "33"]
    assert (profile.is_open, profile.is_pkp, profile.offers_samples) == (True, True, True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"is_pkp": True, "npwp": ""}, "wajib mengisi NPWP"),
        ({"npwp": "01.234.567.8-901.000"}, "16 digit"),
        ({"npwp": "0123A56789012345"}, "16 digit"),
        ({"delivery_province_codes": ["99"]}, "provinsi"),
        ({"capacity_note": "x" * 201}, "200 karakter"),
    ],
    ids=["pkp-without-npwp", "old-15-digit", "letters", "unknown-province", "long-note"],
)
def test_save_supplier_profile_refuses_bad_input(
    app: Any, changes: dict[str, Any], message: str
) -> None:
    store = make_seller_store()
    values: dict[str, Any] = {"is_open": True}
    values.update(changes)

    with pytest.raises(InvalidOffer) as refused:
        save_supplier_profile(store, data=SupplierProfileData(**values))

    assert message in str(refused.value.message)
    db.session.rollback()
    assert count(SupplierProfile) == 0


# -- Seller pages ----------------------------------------------------------------------------


def test_seller_sees_variants_with_their_offer_state(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    owner, store, variant = seller_with_item("Roti Tawar Gandum")
    other = make_item(store, "Bolu Pandan", price_idr=25_000)
    make_offer(variant, min_order_qty=10, pack_size=10)
    login_as(owner)

    html = client.get(f"/penjual/toko/{store.id}/grosir").get_data(as_text=True)

    assert "Roti Tawar Gandum" in html and "Bolu Pandan" in html
    assert variant.sku in html and other.sku in html
    assert "Rp13.000" in html  # retail price
    assert "1–49 pcs Rp12.000, 50–199 Rp10.500, 200+ Rp9.500" in html
    assert "Belum dijual grosir" in html


def test_seller_variant_list_runs_a_fixed_number_of_queries(
    client: FlaskClient, login_as: Any, app: Any, count_queries: Any
) -> None:
    owner, store, variant = seller_with_item()
    make_offer(variant)
    login_as(owner)

    def measure() -> int:
        with count_queries() as counter:
            assert client.get(f"/penjual/toko/{store.id}/grosir").status_code == 200
        return counter.count

    few = measure()
    for i in range(12):
        make_offer(make_item(store, f"Kue Kering {i}"))

    assert measure() == few


def test_seller_saves_an_offer_and_sees_the_ranges(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    owner, store, variant = seller_with_item()
    login_as(owner)
    url = f"/penjual/toko/{store.id}/grosir/{variant.id}"

    response = post_form(client, url, offer_form(), follow_redirects=True)

    html = response.get_data(as_text=True)
    assert f"Harga grosir {variant.sku} disimpan." in html
    assert "1–49 pcs Rp12.000, 50–199 Rp10.500, 200+ Rp9.500" in html
    assert tiers_of(variant) == [(1, 12_000), (50, 10_500), (200, 9_500)]


def test_moq_not_a_multiple_of_the_pack_is_explained_and_nothing_saved(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    owner, store, variant = seller_with_item()
    login_as(owner)
    url = f"/penjual/toko/{store.id}/grosir/{variant.id}"

    response = post_form(
        client, url, offer_form(min_order_qty="30", pack_size="12", **{"tiers-0-min_qty": "1"})
    )

    assert response.status_code == 200
    assert "Minimum pesanan harus kelipatan isi per kemasan (12)." in response.get_data(
        as_text=True
    )
    assert count(WholesaleOffer) == 0


def test_a_half_filled_tier_row_is_explained(client: FlaskClient, login_as: Any, app: Any) -> None:
    owner, store, variant = seller_with_item()
    login_as(owner)
    url = f"/penjual/toko/{store.id}/grosir/{variant.id}"

    response = post_form(client, url, offer_form(**{"tiers-3-min_qty": "500"}))

    assert "Isi jumlah dan harga pada setiap baris yang dipakai." in response.get_data(as_text=True)
    assert count(WholesaleOffer) == 0


def test_seller_switches_an_offer_off_from_the_list(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    owner, store, variant = seller_with_item()
    offer = make_offer(variant)
    login_as(owner)

    response = post_form(
        client,
        f"/penjual/toko/{store.id}/grosir/{variant.id}/aktif",
        {},
        page=f"/penjual/toko/{store.id}/grosir",
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(WholesaleOffer, offer.id).is_active is False


def test_owner_saves_the_supplier_profile(client: FlaskClient, login_as: Any, app: Any) -> None:
    owner, store, _variant = seller_with_item()
    login_as(owner)
    url = f"/penjual/toko/{store.id}/grosir/profil"

    response = post_form(
        client,
        url,
        {
            "is_open": "y",
            "capacity_note": "1.000 bungkus per minggu",
            "offers_samples": "y",
            "sample_note": "3 bungkus gratis",
            "delivery_province_codes": ["33", "12"],
            "npwp": "0123-4567-8901-2345",
            "is_pkp": "y",
        },
    )

    assert response.status_code == 302
    profile = db.session.scalar(select(SupplierProfile).where(SupplierProfile.store_id == store.id))
    assert profile is not None
    assert profile.npwp == "0123456789012345"
    assert profile.delivery_province_codes == ["12", "33"]
    assert profile.is_pkp and profile.is_open and profile.offers_samples


def test_pkp_without_npwp_is_explained(client: FlaskClient, login_as: Any, app: Any) -> None:
    owner, store, _variant = seller_with_item()
    login_as(owner)

    response = post_form(
        client, f"/penjual/toko/{store.id}/grosir/profil", {"is_open": "y", "is_pkp": "y"}
    )

    assert "Pengusaha Kena Pajak (PKP) wajib mengisi NPWP." in response.get_data(as_text=True)
    assert count(SupplierProfile) == 0


# -- Ownership: one store cannot reach another's -------------------------------------------


def test_a_store_member_cannot_open_another_stores_variant_through_own_store(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    owner_a, store_a, _variant_a = seller_with_item()
    _owner_b, _store_b, variant_b = seller_with_item("Roti Manis")
    make_offer(variant_b)
    login_as(owner_a)
    url = f"/penjual/toko/{store_a.id}/grosir/{variant_b.id}"

    assert client.get(url).status_code == 404
    csrf = csrf_from(client.get(f"/penjual/toko/{store_a.id}/grosir").get_data(as_text=True))
    posted = client.post(url, data={**offer_form(min_order_qty="7"), "csrf_token": csrf})
    toggled = client.post(f"{url}/aktif", data={"csrf_token": csrf})

    assert posted.status_code == 404
    assert toggled.status_code == 404
    offer = db.session.scalar(
        select(WholesaleOffer).where(WholesaleOffer.variant_id == variant_b.id)
    )
    db.session.refresh(offer)
    assert (offer.min_order_qty, offer.is_active) == (1, True)


def test_a_store_member_cannot_open_another_stores_pages_by_id(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    owner_a, store_a, _variant_a = seller_with_item()
    _owner_b, store_b, variant_b = seller_with_item("Roti Manis")
    login_as(owner_a)
    csrf = csrf_from(client.get(f"/penjual/toko/{store_a.id}/grosir").get_data(as_text=True))

    assert client.get(f"/penjual/toko/{store_b.id}/grosir").status_code == 404
    assert client.get(f"/penjual/toko/{store_b.id}/grosir/{variant_b.id}").status_code == 404
    assert client.get(f"/penjual/toko/{store_b.id}/grosir/profil").status_code == 404
    posted = client.post(
        f"/penjual/toko/{store_b.id}/grosir/profil",
        data={"is_open": "y", "csrf_token": csrf},
    )
    assert posted.status_code == 404
    assert count(SupplierProfile) == 0


def test_store_staff_may_price_offers_but_not_edit_the_supplier_profile(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    _owner, store, variant = seller_with_item()
    staff = make_user()
    db.session.add(StoreMember(store_id=store.id, user_id=staff.id, role="staff"))
    db.session.commit()
    login_as(staff)

    assert client.get(f"/penjual/toko/{store.id}/grosir/{variant.id}").status_code == 200
    assert client.get(f"/penjual/toko/{store.id}/grosir/profil").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, app: Any) -> None:
    _owner, store, variant = seller_with_item()

    for url in (
        f"/penjual/toko/{store.id}/grosir",
        f"/penjual/toko/{store.id}/grosir/{variant.id}",
        f"/penjual/toko/{store.id}/grosir/profil",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/masuk" in response.headers["Location"]
