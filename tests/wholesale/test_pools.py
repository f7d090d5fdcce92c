"""Pooled requests for the Medan Sakasanwira cluster: a hotel needs 2,000 seragam, more than one
IKM can make; qualified tailors claim shares at their own price (never more than the total,
even at the same instant), and one "order all" makes one order per tailor at its price."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import Category, Product, ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order, OrderLine
from marketplace.stores.models import Store
from marketplace.wholesale import pools
from marketplace.wholesale.errors import InvalidRequest, NotAllowed
from marketplace.wholesale.models import (
    PooledRequest,
    PoolShare,
    PoolShareStatus,
    PoolStatus,
)
from marketplace.wholesale.pricing import ppn
from tests.factories import make_agency, make_category, make_enrollment, make_program, make_user
from tests.orders.helpers import count, make_item, make_seller_store
from tests.wholesale.helpers import delivery_in, make_business_account, make_supplier, new_key

JOIN_SECONDS = 60


def today() -> date:
    return utcnow().date()


def make_tailor(
    name: str,
    category: Category,
    *,
    halal_until: date | None = None,
    trained: bool = False,
    is_pkp: bool = False,
) -> tuple[Store, User, ProductVariant]:
    """A Medan-cluster tailor open to wholesale with one active product in `category`."""
    owner = make_user(name=f"Pemilik {name}")
    store = make_supplier(make_seller_store(name, owner=owner, region_code="12.71"), is_pkp=is_pkp)
    extra: dict[str, Any] = {}
    if halal_until is not None:
        extra = {"halal_cert_no": f"ID{store.id:012d}", "halal_expires_on": halal_until}
    variant = make_item(
        store, f"Seragam {name}", price_idr=95_000, stock=5, category=category, **extra
    )
    if trained:
        make_enrollment(make_program(make_agency()), user=owner, status="completed")
    return store, owner, variant


def post_pool(
    business: Any, actor: User, location: Any, category: Category, **kw: Any
) -> PooledRequest:
    values: dict[str, Any] = {
        "category_id": category.id,
        "title": "2.000 seragam karyawan hotel",
        "description": "Kemeja batik lengan pendek, ukuran S-XXL.",
        "total_quantity": 2_000,
        "unit": "potong",
        "max_unit_price_idr": 90_000,
        "delivery_on": delivery_in(45),
        "claim_until": delivery_in(10),
        "location_id": location.id,
    }
    values.update(kw)
    pool = pools.create_pool(business, actor=actor, data=pools.PoolInput(**values))
    db.session.commit()
    return pool


def claim(
    pool: PooledRequest,
    store: Store,
    owner: User,
    variant: ProductVariant,
    quantity: int,
    price: int = 85_000,
) -> PoolShare:
    share = pools.claim_share(
        pool, store, actor=owner, variant_id=variant.id, quantity=quantity, unit_price_idr=price
    )
    db.session.commit()
    return share


@pytest.fixture
def cluster(app: Any) -> dict[str, Any]:
    """A verified Medan hotel and a clothing category with a Seragam subcategory."""
    business, members, location = make_business_account(credit_limit_idr=500_000_000)
    clothing = make_category(name="Fesyen")
    uniforms = make_category(name="Seragam", parent_id=clothing.id)
    return {
        "business": business,
        "buyer": members["buyer"],
        "location": location,
        "clothing": clothing,
        "uniforms": uniforms,
    }


def test_a_qualified_seller_claims_a_share_and_the_buyer_is_told(cluster, outbox):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])

    share = claim(pool, store, owner, variant, 800, price=88_000)

    assert (share.status, share.quantity, share.unit_price_idr) == ("claimed", 800, 88_000)
    assert pools.claimed_quantity(pool.id) == 800
    (mail,) = [m for m in outbox if m["To"] == c["buyer"].email]
    assert "Konveksi Deli" in mail["Subject"]
    assert "1200" in mail.get_payload(decode=True).decode()


def test_a_seller_with_a_product_only_in_another_category_is_refused(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = make_tailor("Keripik Bu Sri", make_category(name="Kuliner"))

    assert pools.qualification_problem(store, pool) is not None
    with pytest.raises(InvalidRequest):
        claim(pool, store, owner, variant, 100)
    db.session.rollback()
    assert pools.list_store_pools(store) == []
    assert count(PoolShare) == 0


def test_a_product_in_a_subcategory_qualifies_for_a_top_level_pool(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["clothing"])
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])

    assert [row.pool.id for row in pools.list_store_pools(store)] == [pool.id]
    assert claim(pool, store, owner, variant, 500).status == PoolShareStatus.CLAIMED


def test_a_variant_outside_the_category_is_refused_even_for_a_qualified_seller(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, _uniform = make_tailor("Konveksi Deli", c["uniforms"])
    snack = make_item(store, "Keripik", category=make_category(name="Kuliner"))

    with pytest.raises(InvalidRequest):
        claim(pool, store, owner, snack, 100)


def test_halal_required_refuses_sellers_without_a_valid_certificate(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"], requires_halal=True)
    none, none_owner, none_variant = make_tailor("Tanpa Halal", c["uniforms"])
    lapsed, lapsed_owner, lapsed_variant = make_tailor(
        "Halal Lewat", c["uniforms"], halal_until=today() - timedelta(days=1)
    )
    valid, valid_owner, valid_variant = make_tailor(
        "Halal Berlaku", c["uniforms"], halal_until=today() + timedelta(days=200)
    )

    for store, owner, variant in (
        (none, none_owner, none_variant),
        (lapsed, lapsed_owner, lapsed_variant),
    ):
        with pytest.raises(InvalidRequest, match="halal"):
            claim(pool, store, owner, variant, 100)
        db.session.rollback()
        assert pools.list_store_pools(store) == []
    assert claim(pool, valid, valid_owner, valid_variant, 100).status == "claimed"
    assert count(PoolShare) == 1


def test_training_required_refuses_sellers_whose_owner_has_not_completed_one(cluster):
    c = cluster
    pool = post_pool(
        c["business"], c["buyer"], c["location"], c["uniforms"], requires_training=True
    )
    untrained, u_owner, u_variant = make_tailor("Belum Pelatihan", c["uniforms"])
    trained, t_owner, t_variant = make_tailor("Alumni BLK", c["uniforms"], trained=True)

    with pytest.raises(InvalidRequest, match="pelatihan"):
        claim(pool, untrained, u_owner, u_variant, 100)
    db.session.rollback()
    assert claim(pool, trained, t_owner, t_variant, 100).status == "claimed"


def test_a_seller_not_open_to_wholesale_is_refused(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    owner = make_user()
    store = make_seller_store("Belum Grosir", owner=owner)
    variant = make_item(store, "Seragam", category=c["uniforms"])

    with pytest.raises(InvalidRequest):
        claim(pool, store, owner, variant, 100)


def test_a_claim_over_what_is_still_unclaimed_is_refused(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    a, a_owner, a_variant = make_tailor("Konveksi A", c["uniforms"])
    b, b_owner, b_variant = make_tailor("Konveksi B", c["uniforms"])
    claim(pool, a, a_owner, a_variant, 1_500)

    with pytest.raises(InvalidRequest, match="sisa 500") as refused:
        claim(pool, b, b_owner, b_variant, 501)
    db.session.rollback()
    assert refused.value.data == {"remaining": 500}
    with pytest.raises(InvalidRequest):
        claim(pool, b, b_owner, b_variant, 0)
    db.session.rollback()
    assert claim(pool, b, b_owner, b_variant, 500).quantity == 500
    assert pools.claimed_quantity(pool.id) == 2_000


def test_a_price_above_the_buyers_maximum_is_refused(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])

    with pytest.raises(InvalidRequest):
        claim(pool, store, owner, variant, 100, price=90_001)
    db.session.rollback()
    assert claim(pool, store, owner, variant, 100, price=90_000).unit_price_idr == 90_000


def test_a_withdrawn_share_frees_its_quantity_and_can_be_claimed_again(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])
    share = claim(pool, store, owner, variant, 2_000)

    with pytest.raises(InvalidRequest):
        claim(pool, store, owner, variant, 1)  # already holds a share
    db.session.rollback()
    pools.withdraw_share(share, actor=owner)
    db.session.commit()

    assert pools.claimed_quantity(pool.id) == 0
    again = claim(pool, store, owner, variant, 700)
    assert (again.id, again.status, again.quantity) == (share.id, "claimed", 700)


def test_order_all_makes_one_order_per_seller_at_their_prices(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    a, a_owner, a_variant = make_tailor("Konveksi A", c["uniforms"], is_pkp=True)
    b, b_owner, b_variant = make_tailor("Konveksi B", c["uniforms"])
    t, t_owner, t_variant = make_tailor("Konveksi C", c["uniforms"])
    share_a = claim(pool, a, a_owner, a_variant, 1_200, price=86_000)
    share_b = claim(pool, b, b_owner, b_variant, 500, price=84_500)
    share_t = claim(pool, t, t_owner, t_variant, 300, price=90_000)

    checkout = pools.order_pool(pool, actor=c["buyer"], idempotency_key=new_key())
    db.session.commit()

    assert count(Checkout) == 1
    orders = {o.store_id: o for o in checkout.orders}
    assert set(orders) == {a.id, b.id, t.id}
    for share, store, price in ((share_a, a, 86_000), (share_b, b, 84_500), (share_t, t, 90_000)):
        order = orders[store.id]
        (line,) = order.lines
        assert (line.quantity, line.unit_price_idr) == (share.quantity, price)
        assert order.source == "pool"
        assert share.status == PoolShareStatus.ORDERED
        assert share.order_id == order.id
    assert (
        orders[a.id].tax_idr
        == ppn(orders[a.id].goods_idr + orders[a.id].shipping_idr, is_pkp=True).tax_idr
    )
    assert orders[b.id].tax_idr == 0
    assert pool.status == PoolStatus.ORDERED
    assert db.session.scalar(select(func.sum(OrderLine.quantity))) == 2_000


def test_order_all_waits_until_the_total_is_claimed(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])
    claim(pool, store, owner, variant, 1_999)

    with pytest.raises(InvalidRequest):
        pools.order_pool(pool, actor=c["buyer"], idempotency_key=new_key())
    db.session.rollback()
    assert count(Order) == 0
    assert db.session.get(PooledRequest, pool.id).status == PoolStatus.OPEN


def test_a_coordinator_removes_a_share_with_a_reason_and_the_seller_is_told(cluster, outbox):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])
    share = claim(pool, store, owner, variant, 1_000)
    admin = make_user(is_admin=True)
    outbox.clear()

    with pytest.raises(NotAllowed):
        pools.remove_share(share, actor=c["buyer"], reason="Kapasitas tidak terbukti")
    pools.remove_share(share, actor=admin, reason="Kapasitas tidak terbukti")
    db.session.commit()

    assert share.status == PoolShareStatus.REMOVED
    assert share.note == "Kapasitas tidak terbukti"
    assert pools.claimed_quantity(pool.id) == 0
    assert [m["To"] for m in outbox] == [owner.email]
    with pytest.raises(InvalidRequest):
        claim(pool, store, owner, variant, 10)  # removed stays removed


def test_a_pool_cancelled_takes_no_more_claims(cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])
    admin = make_user(is_admin=True)

    pools.cancel_pool(pool, actor=admin, reason="Pembeli membatalkan proyek")
    pools.set_coordinator_note(pool, actor=admin, note="Dikoordinasi Disperindag Medan")
    db.session.commit()

    assert pool.status == PoolStatus.CANCELLED
    assert pool.coordinator_note == "Dikoordinasi Disperindag Medan"
    with pytest.raises(InvalidRequest):
        claim(pool, store, owner, variant, 10)


def test_a_pool_needs_consistent_dates_and_the_business_own_location(cluster):
    c = cluster
    _other, _members, their_location = make_business_account()

    with pytest.raises(InvalidRequest):
        post_pool(
            c["business"], c["buyer"], c["location"], c["uniforms"], claim_until=delivery_in(60)
        )
    with pytest.raises(InvalidRequest):
        post_pool(c["business"], c["buyer"], their_location, c["uniforms"])
    db.session.rollback()
    assert count(PooledRequest) == 0


def test_the_seller_pool_list_runs_a_fixed_number_of_queries(cluster, count_queries):
    c = cluster
    store, owner, variant = make_tailor("Konveksi Deli", c["uniforms"])
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    claim(pool, store, owner, variant, 100)
    store = db.session.get(Store, store.id)

    with count_queries() as few:
        assert len(pools.list_store_pools(store)) == 1
    for _ in range(5):
        post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    db.session.expire_all()
    store = db.session.get(Store, store.id)
    with count_queries() as many:
        assert len(pools.list_store_pools(store)) == 6

    assert many.count == few.count


# -- Concurrency on PostgreSQL ---------------------------------------------------------------


@pytest.mark.postgresql_only
def test_concurrent_claims_never_take_more_than_the_total(app, cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"], total_quantity=1_000)
    tailors = [make_tailor(f"Konveksi {i}", c["uniforms"]) for i in range(12)]
    wanted = [(store.id, owner.id, variant.id) for store, owner, variant in tailors]
    barrier = threading.Barrier(len(wanted), timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(store_id: int, owner_id: int, variant_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                pools.claim_share(
                    db.session.get(PooledRequest, pool.id),
                    db.session.get(Store, store_id),
                    actor=db.session.get(User, owner_id),
                    variant_id=variant_id,
                    quantity=300,
                    unit_price_idr=85_000,
                )
                db.session.commit()
                result = "ok"
            except InvalidRequest:
                db.session.rollback()
                result = "refused"
            except Exception as exc:
                db.session.rollback()
                result = repr(exc)
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=w, daemon=True) for w in wanted]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads)

    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * 9, outcomes
    db.session.expire_all()
    assert pools.claimed_quantity(pool.id) == 900
    assert count(PoolShare) == 3
    assert db.session.scalar(select(func.count(Product.id))) == 12
