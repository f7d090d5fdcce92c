"""Requests for quotation: a Medan hotel asks Demak bakeries for a price, they quote or decline,
the hotel accepts one and it becomes a wholesale order at the quoted price (with PPN for a PKP
seller); lapsed quotes are refused and marked; every step is on the timeline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine
from marketplace.stores.models import Store
from marketplace.wholesale import rfqs
from marketplace.wholesale.errors import (
    CreditLimitExceeded,
    InvalidRequest,
    NotAllowed,
    NotVerified,
    QuoteUnavailable,
)
from marketplace.wholesale.models import (
    BusinessLocation,
    Quote,
    QuoteStatus,
    Rfq,
    RfqEvent,
    RfqInviteStatus,
    RfqStatus,
)
from marketplace.wholesale.pricing import ppn
from tests.factories import make_user
from tests.orders.helpers import count, make_item, make_seller_store
from tests.wholesale.helpers import delivery_in, make_business_account, make_supplier, new_key


def today() -> Any:
    return utcnow().date()


def make_quoting_store(name: str, *, is_pkp: bool = False) -> tuple[Store, User]:
    """A live Demak store open to wholesale, with its owner."""
    owner = make_user(name=f"Pemilik {name}")
    store = make_supplier(make_seller_store(name, owner=owner), is_pkp=is_pkp)
    return store, owner


def ask(
    business: Any,
    actor: User,
    location: BusinessLocation,
    stores: list[Store],
    *,
    quantity: int = 500,
    respond_in: int = 5,
    deliver_in: int = 14,
    product_id: int | None = None,
) -> Rfq:
    """A committed request for quotation to these stores."""
    rfq = rfqs.create_rfq(
        business,
        actor=actor,
        data=rfqs.RfqInput(
            title="Roti tawar untuk sarapan hotel",
            description="Roti tawar gandum 600 g, diiris.",
            quantity=quantity,
            unit="bungkus",
            delivery_on=delivery_in(deliver_in),
            respond_by=delivery_in(respond_in),
            location_id=location.id,
            store_ids=tuple(s.id for s in stores),
            product_id=product_id,
        ),
    )
    db.session.commit()
    return rfq


def give_quote(
    rfq: Rfq,
    store: Store,
    owner: User,
    variant: ProductVariant,
    *,
    price: int = 9_000,
    quantity: int | None = None,
    valid_days: int = 10,
    lead_time_days: int = 3,
) -> Quote:
    """A committed quote from an invited store."""
    invite = rfqs.get_store_invite(store.id, rfq.id)
    assert invite is not None
    quote = rfqs.submit_quote(
        invite,
        actor=owner,
        data=rfqs.QuoteInput(
            variant_id=variant.id,
            unit_price_idr=price,
            quantity=quantity or rfq.quantity,
            valid_until=today() + timedelta(days=valid_days),
            lead_time_days=lead_time_days,
            note="Bisa kirim bertahap.",
        ),
    )
    db.session.commit()
    return quote


def event_kinds(rfq: Rfq) -> list[str]:
    return list(
        db.session.scalars(
            select(RfqEvent.kind).where(RfqEvent.rfq_id == rfq.id).order_by(RfqEvent.id)
        )
    )


@pytest.fixture
def market(app: Any) -> dict[str, Any]:
    """A verified Medan hotel (net 30) and two Demak bakeries (one PKP) with a bread each."""
    business, members, location = make_business_account()
    pkp, pkp_owner = make_quoting_store("Roti Bu Sri Demak", is_pkp=True)
    small, small_owner = make_quoting_store("Roti Pak Darmo")
    return {
        "business": business,
        "buyer": members["buyer"],
        "members": members,
        "location": location,
        "pkp": pkp,
        "pkp_owner": pkp_owner,
        "pkp_bread": make_item(pkp, "Roti Tawar Gandum 600 g", price_idr=14_000, stock=20),
        "small": small,
        "small_owner": small_owner,
        "small_bread": make_item(small, "Roti Tawar Putih 600 g", price_idr=13_000, stock=20),
    }


def test_accepting_a_quote_orders_the_quoted_variant_at_the_quoted_price_with_ppn(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], price=9_250)

    checkout = rfqs.accept_quote(
        rfq, quote, actor=m["buyer"], idempotency_key=new_key(), delivery_on=delivery_in(10)
    )
    db.session.commit()

    (order,) = checkout.orders
    (line,) = order.lines
    assert (line.variant_id, line.quantity, line.unit_price_idr) == (m["pkp_bread"].id, 500, 9_250)
    assert line.line_total_idr == 500 * 9_250
    assert order.goods_idr == 4_625_000
    assert order.source == "quote"
    assert order.store_id == m["pkp"].id
    assert order.business_id == m["business"].id
    assert order.status == "confirmed"  # on terms, no approval threshold
    tax = ppn(order.goods_idr + order.shipping_idr, is_pkp=True)
    assert order.tax_idr == tax.tax_idr > 0
    assert order.total_idr == order.goods_idr + order.shipping_idr + order.tax_idr
    # Made to order at the quoted price: no stock was reserved for it.
    assert line.stock_reserved is False
    db.session.expire_all()
    assert quote.status == QuoteStatus.ACCEPTED
    assert quote.order_id == order.id
    assert db.session.get(Rfq, rfq.id).status == RfqStatus.ACCEPTED


def test_accepting_one_quote_rejects_the_others_and_every_step_is_recorded(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    chosen = give_quote(rfq, m["small"], m["small_owner"], m["small_bread"], price=8_900)
    other = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], price=9_500)

    rfqs.accept_quote(rfq, chosen, actor=m["buyer"], idempotency_key=new_key())
    db.session.commit()

    db.session.expire_all()
    assert other.status == QuoteStatus.REJECTED
    assert event_kinds(rfq) == [
        "created",
        "invited",
        "invited",
        "quoted",
        "quoted",
        "accepted",
        "rejected",
    ]
    # A second acceptance of anything on the same request is refused.
    with pytest.raises(QuoteUnavailable):
        rfqs.accept_quote(rfq, other, actor=m["buyer"], idempotency_key=new_key())
    db.session.rollback()
    assert count(Order) == 1


def test_the_same_accept_form_sent_twice_places_one_order(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    key = new_key()

    first = rfqs.accept_quote(rfq, quote, actor=m["buyer"], idempotency_key=key)
    db.session.commit()
    again = rfqs.accept_quote(rfq, quote, actor=m["buyer"], idempotency_key=key)
    db.session.commit()

    assert again.id == first.id
    assert count(Order) == 1


def test_an_expired_quote_is_refused_marked_expired_and_nothing_is_ordered(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], valid_days=3)

    with pytest.raises(QuoteUnavailable) as refused:
        rfqs.accept_quote(
            rfq,
            quote,
            actor=m["buyer"],
            idempotency_key=new_key(),
            today=today() + timedelta(days=4),
            delivery_on=delivery_in(14),
        )
    assert refused.value.data == {"expired": True}
    db.session.commit()  # the view keeps the mark

    db.session.expire_all()
    assert quote.status == QuoteStatus.EXPIRED
    assert db.session.get(Rfq, rfq.id).status == RfqStatus.OPEN
    assert count(Order) == 0
    assert event_kinds(rfq)[-1] == "expired"


def test_expire_quotes_marks_lapsed_quotes_once(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    short = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], valid_days=2)
    long = give_quote(rfq, m["small"], m["small_owner"], m["small_bread"], valid_days=20)

    first = rfqs.expire_quotes(today=today() + timedelta(days=3))
    db.session.commit()
    second = rfqs.expire_quotes(today=today() + timedelta(days=3))
    db.session.commit()

    assert (first, second) == (1, 0)
    db.session.expire_all()
    assert (short.status, long.status) == (QuoteStatus.EXPIRED, QuoteStatus.SUBMITTED)
    assert event_kinds(rfq).count("expired") == 1


def test_a_credit_limit_refusal_changes_nothing(market):
    m = market
    m["business"].credit_limit_idr = 1_000_000
    db.session.commit()
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], price=9_000)

    with pytest.raises(CreditLimitExceeded):
        rfqs.accept_quote(rfq, quote, actor=m["buyer"], idempotency_key=new_key())
    db.session.rollback()

    db.session.expire_all()
    assert quote.status == QuoteStatus.SUBMITTED
    assert db.session.get(Rfq, rfq.id).status == RfqStatus.OPEN
    assert count(Order) == 0
    # Paying up front is still possible.
    checkout = rfqs.accept_quote(
        rfq, quote, actor=m["buyer"], idempotency_key=new_key(), pay_upfront="bank_transfer"
    )
    db.session.commit()
    assert checkout.status == "pending_payment"


def test_an_unverified_business_cannot_ask_for_quotes(app):
    business, members, location = make_business_account(status="pending")
    store, _owner = make_quoting_store("Roti Bu Sri Demak")

    with pytest.raises(NotVerified):
        ask(business, members["owner"], location, [store])
    db.session.rollback()
    assert count(Rfq) == 0


def test_a_finance_member_cannot_ask_for_quotes(market):
    m = market

    with pytest.raises(NotAllowed):
        ask(m["business"], m["members"]["finance"], m["location"], [m["pkp"]])


def test_only_one_to_ten_stores_open_to_wholesale_can_be_invited(market):
    m = market
    closed = make_seller_store("Toko Belum Grosir")

    with pytest.raises(InvalidRequest):
        ask(m["business"], m["buyer"], m["location"], [m["pkp"], closed])
    with pytest.raises(InvalidRequest):
        ask(m["business"], m["buyer"], m["location"], [])
    many = [make_quoting_store(f"Roti {i}")[0] for i in range(11)]
    with pytest.raises(InvalidRequest):
        ask(m["business"], m["buyer"], m["location"], many)
    db.session.rollback()
    assert count(Rfq) == 0


def test_another_business_location_is_refused(market):
    m = market
    _other, _members, their_location = make_business_account()

    with pytest.raises(InvalidRequest):
        ask(m["business"], m["buyer"], their_location, [m["pkp"]])


def test_a_declined_invite_is_recorded_with_its_reason_and_cannot_quote(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    invite = rfqs.get_store_invite(m["small"].id, rfq.id)

    with pytest.raises(InvalidRequest):
        rfqs.decline_invite(invite, actor=m["small_owner"], reason="no")
    rfqs.decline_invite(invite, actor=m["small_owner"], reason="Kapasitas penuh bulan ini")
    db.session.commit()

    assert invite.status == RfqInviteStatus.DECLINED
    assert invite.decline_reason == "Kapasitas penuh bulan ini"
    event = db.session.scalar(select(RfqEvent).where(RfqEvent.kind == "declined"))
    assert (event.store_id, event.note) == (m["small"].id, "Kapasitas penuh bulan ini")
    with pytest.raises(InvalidRequest):
        give_quote(rfq, m["small"], m["small_owner"], m["small_bread"])


def test_a_seller_can_quote_only_its_own_active_variants(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])

    with pytest.raises(InvalidRequest):
        give_quote(rfq, m["pkp"], m["pkp_owner"], m["small_bread"])
    db.session.rollback()
    assert count(Quote) == 0


@pytest.mark.parametrize("valid_days", [-1, 61])
def test_a_quote_is_valid_from_today_up_to_60_days(market, valid_days):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])

    with pytest.raises(InvalidRequest):
        give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], valid_days=valid_days)


def test_a_withdrawn_quote_can_be_replaced_but_not_doubled(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    first = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], price=9_500)

    with pytest.raises(InvalidRequest):
        give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], price=9_000)
    db.session.rollback()
    rfqs.withdraw_quote(first, actor=m["pkp_owner"])
    db.session.commit()
    second = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], price=9_000)

    assert first.status == QuoteStatus.WITHDRAWN
    assert second.status == QuoteStatus.SUBMITTED
    with pytest.raises(QuoteUnavailable):
        rfqs.accept_quote(rfq, first, actor=m["buyer"], idempotency_key=new_key())


def test_a_request_past_its_respond_by_date_without_quotes_is_lapsed(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]], respond_in=2)
    later = today() + timedelta(days=3)

    assert rfqs.is_lapsed(rfq, submitted_quotes=0, today=later)
    assert not rfqs.is_lapsed(rfq, submitted_quotes=1, today=later)
    assert not rfqs.is_lapsed(rfq, submitted_quotes=0, today=today())
    invite = rfqs.get_store_invite(m["pkp"].id, rfq.id)
    with pytest.raises(InvalidRequest):
        rfqs.submit_quote(
            invite,
            actor=m["pkp_owner"],
            data=rfqs.QuoteInput(
                variant_id=m["pkp_bread"].id,
                unit_price_idr=9_000,
                quantity=500,
                valid_until=later + timedelta(days=5),
                lead_time_days=2,
            ),
            today=later,
        )


def test_closing_a_request_rejects_its_standing_quotes(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])

    rfqs.close_rfq(rfq, actor=m["buyer"], reason="Sudah dapat pemasok lain")
    db.session.commit()

    assert rfq.status == RfqStatus.CLOSED
    assert quote.status == QuoteStatus.REJECTED
    assert event_kinds(rfq)[-1] == "closed"
    with pytest.raises(QuoteUnavailable):
        rfqs.accept_quote(rfq, quote, actor=m["buyer"], idempotency_key=new_key())


def test_a_quote_needing_more_lead_time_than_the_delivery_date_allows_is_refused(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"], lead_time_days=10)

    with pytest.raises(InvalidRequest):
        rfqs.accept_quote(
            rfq, quote, actor=m["buyer"], idempotency_key=new_key(), delivery_on=delivery_in(5)
        )
    db.session.rollback()
    assert count(Order) == 0


def test_invited_sellers_and_the_buyer_are_emailed(market, outbox):
    m = market

    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    invited = sorted(msg["To"] for msg in outbox)
    give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    give_quote(rfq, m["small"], m["small_owner"], m["small_bread"])

    assert invited == sorted([m["pkp_owner"].email, m["small_owner"].email])
    to_buyer = [msg for msg in outbox if msg["To"] == m["buyer"].email]
    assert len(to_buyer) == 2
    body = to_buyer[0].get_payload(decode=True).decode()
    assert "Roti Bu Sri Demak" in body and f"/grosir/permintaan/{rfq.id}" in body


def test_the_seller_timeline_holds_its_own_steps_not_the_other_sellers(market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    give_quote(rfq, m["small"], m["small_owner"], m["small_bread"])

    seller_view = rfqs.list_rfq_events(rfq.id, store_id=m["pkp"].id)
    buyer_view = rfqs.list_rfq_events(rfq.id)

    assert {name for _e, name in seller_view} == {None, "Roti Bu Sri Demak"}
    assert [e.kind for e, _n in seller_view] == ["created", "invited", "quoted"]
    assert len(buyer_view) == 5
    assert count(OrderLine) == 0
