"""Business accounts as services: registration rules (NIB, NPWP), the verification gate on
wholesale ordering, members and owners, locations, and admin terms with their history."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order
from marketplace.wholesale import businesses as svc
from marketplace.wholesale import queries
from marketplace.wholesale.errors import InvalidBusiness, NotAllowed, NotVerified
from marketplace.wholesale.models import (
    Business,
    BusinessEvent,
    BusinessLocation,
    BusinessMember,
    BusinessStatus,
)
from tests.factories import make_user
from tests.wholesale.helpers import (
    make_business_account,
    make_location,
    make_supplier,
    make_wholesale_item,
    medan_village_code,
    purchase,
)

pytestmark = pytest.mark.usefixtures("app")


def business_input(**overrides) -> svc.BusinessInput:
    values = {
        "kind": "hotel",
        "legal_name": "PT Hotel Danau Toba Lestari",
        "nib": "9120301234567",
        "npwp": "0123456789012345",
        "is_pkp": True,
        "address_line": "Jl. Balai Kota No. 2",
        "village_code": medan_village_code(),
        "postal_code": "20111",
        "billing_email": "Keuangan@HotelToba.example",
        "phone": "0812-6000-1111",
    }
    values.update(overrides)
    return svc.BusinessInput(**values)


def location_input(**overrides) -> svc.LocationInput:
    values = {
        "label": "Dapur Utama",
        "recipient_name": "Bagian Purchasing",
        "phone": "0812 6000 2222",
        "address_line": "Jl. Balai Kota No. 2, pintu belakang",
        "village_code": medan_village_code(1),
        "postal_code": "20112",
    }
    values.update(overrides)
    return svc.LocationInput(**values)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def make_admin():
    return make_user(is_admin=True, name="Admin Pasar")


# -- Registration ----------------------------------------------------------------------------


def test_registering_makes_a_pending_business_owned_by_the_registrant():
    owner = make_user(name="Ibu Rina")

    business = svc.register_business(owner, data=business_input(), location=location_input())
    db.session.commit()

    assert business.status == BusinessStatus.PENDING
    assert business.npwp == "0123456789012345" and business.nib == "9120301234567"
    assert business.region_code == "12.71" and business.city_name == "Kota Medan"
    assert business.billing_email == "keuangan@hoteltoba.example"
    assert business.phone == "+6281260001111"
    assert queries.get_business_for_member(business.id, owner.id)[1] == "owner"
    (location,) = business.locations
    assert location.label == "Dapur Utama" and location.region_code == "12.71"
    assert location.district_code == location.village_code.rsplit(".", 1)[0]
    assert [e.kind for e in db.session.scalars(select(BusinessEvent))] == ["submitted"]


@pytest.mark.parametrize(
    "typed",
    ["01.234.567.8-901.2345", "0123 4567 8901 2345", "0123-4567-8901-2345", " 0123456789012345 "],
)
def test_an_npwp_typed_with_separators_is_stored_as_its_16_digits(typed):
    business = svc.register_business(
        make_user(), data=business_input(npwp=typed), location=location_input()
    )

    assert business.npwp == "0123456789012345"


def test_the_old_15_digit_npwp_is_refused_saying_16_digits_are_required_since_2024():
    with pytest.raises(InvalidBusiness) as refused:
        svc.register_business(
            make_user(), data=business_input(npwp="01.234.567.8-901.000"), location=location_input()
        )

    message = str(refused.value.message)
    assert "16 digit" in message and "2024" in message
    assert refused.value.data["field"] == "npwp"
    db.session.rollback()
    assert count(Business) == 0


@pytest.mark.parametrize("npwp", ["012345678901234", "01234567890123456", "0123abcd89012345", ""])
def test_an_npwp_that_is_not_16_digits_is_refused(npwp):
    with pytest.raises(InvalidBusiness):
        svc.register_business(
            make_user(), data=business_input(npwp=npwp), location=location_input()
        )


@pytest.mark.parametrize("nib", ["912030123456", "91203012345678", "91203O1234567", ""])
def test_a_nib_that_is_not_13_digits_is_refused(nib):
    with pytest.raises(InvalidBusiness) as refused:
        svc.register_business(make_user(), data=business_input(nib=nib), location=location_input())

    assert "13 digit" in str(refused.value.message)


@pytest.mark.parametrize(
    ("data", "location", "field"),
    [
        ({"village_code": "12.71.99.9999"}, {}, "village_code"),
        ({"phone": "12345"}, {}, "phone"),
        ({"billing_email": "bukan-email"}, {}, "billing_email"),
        ({"kind": "casino"}, {}, "kind"),
        ({}, {"postal_code": "2011"}, "location-postal_code"),
        ({}, {"village_code": ""}, "location-village_code"),
    ],
)
def test_registration_names_the_field_that_is_wrong(data, location, field):
    with pytest.raises(InvalidBusiness) as refused:
        svc.register_business(
            make_user(), data=business_input(**data), location=location_input(**location)
        )

    assert refused.value.data["field"] == field


def test_an_owner_cannot_pile_up_pending_registrations():
    owner = make_user()
    for n in range(svc.MAX_PENDING_PER_OWNER):
        svc.register_business(
            owner, data=business_input(legal_name=f"PT Usaha {n}"), location=location_input()
        )

    with pytest.raises(InvalidBusiness):
        svc.register_business(owner, data=business_input(), location=location_input())


# -- The verification gate -------------------------------------------------------------------


def test_a_pending_business_cannot_order_wholesale_and_nothing_is_written():
    business, people, outlet = make_business_account(status="pending")
    bread = make_wholesale_item(make_supplier())

    with pytest.raises(NotVerified):
        purchase(business, people["buyer"], outlet, [(bread, 60)], commit=False)
    db.session.rollback()

    assert count(Checkout) == 0 and count(Order) == 0
    assert db.session.get(type(bread), bread.id).stock == 1_000


def test_once_verified_the_business_orders_wholesale():
    business, people, outlet = make_business_account(status="pending")
    bread = make_wholesale_item(make_supplier())

    svc.verify_business(business, admin=make_admin())
    db.session.commit()
    checkout = purchase(business, people["buyer"], outlet, [(bread, 60)])

    assert business.verified_at is not None
    assert len(checkout.orders) == 1 and checkout.orders[0].business_id == business.id


def test_verifying_emails_the_owners_only(outbox):
    business, people, _ = make_business_account(status="pending")

    svc.verify_business(business, admin=make_admin())
    db.session.commit()

    (message,) = outbox
    assert message["To"] == people["owner"].email
    body = message.get_payload(decode=True).decode()
    assert business.legal_name in body and "/grosir/" in body


def test_a_rejected_business_keeps_the_reason_and_its_owner_is_told(outbox):
    business, _people, _ = make_business_account(status="pending")

    svc.reject_business(business, admin=make_admin(), reason="  NPWP pada dokumen   berbeda ")
    db.session.commit()

    assert business.status == BusinessStatus.REJECTED
    assert business.status_reason == "NPWP pada dokumen berbeda"
    (message,) = outbox
    assert "NPWP pada dokumen berbeda" in message.get_payload(decode=True).decode()
    event = db.session.scalar(select(BusinessEvent).where(BusinessEvent.kind == "rejected"))
    assert event.note == "NPWP pada dokumen berbeda"


def test_a_rejection_needs_a_reason_of_five_characters():
    business, _, _ = make_business_account(status="pending")

    with pytest.raises(InvalidBusiness):
        svc.reject_business(business, admin=make_admin(), reason=" ok ")
    db.session.rollback()

    assert db.session.get(Business, business.id).status == BusinessStatus.PENDING


def test_only_a_pending_business_can_be_decided():
    business, _, _ = make_business_account(status="verified")

    with pytest.raises(InvalidBusiness):
        svc.verify_business(business, admin=make_admin())
    with pytest.raises(InvalidBusiness):
        svc.reject_business(business, admin=make_admin(), reason="Dokumen tidak jelas")


def test_a_non_admin_cannot_decide():
    business, people, _ = make_business_account(status="pending")

    with pytest.raises(NotAllowed):
        svc.verify_business(business, admin=people["owner"])


def test_correcting_a_rejected_business_resubmits_it():
    business, people, _ = make_business_account(status="rejected", status_reason="NIB salah")

    svc.update_business(business, actor=people["owner"], data=business_input())
    db.session.commit()

    assert business.status == BusinessStatus.PENDING and business.status_reason == ""
    event = db.session.scalar(select(BusinessEvent).where(BusinessEvent.kind == "resubmitted"))
    assert event.data["from"] == "rejected" and "nib" in event.data["fields"]


def test_changing_the_npwp_of_a_verified_business_sends_it_back_to_verification():
    business, people, _ = make_business_account(status="verified")
    current = business_input(
        legal_name=business.legal_name,
        nib=business.nib,
        npwp=business.npwp,
        is_pkp=business.is_pkp,
    )
    svc.update_business(business, actor=people["owner"], data=current)
    db.session.commit()
    assert business.status == BusinessStatus.VERIFIED  # the address changed, not who it is

    svc.update_business(
        business, actor=people["owner"], data=replace(current, npwp="9999888877776666")
    )
    db.session.commit()

    assert business.status == BusinessStatus.PENDING and business.verified_at is None


def test_only_an_owner_updates_the_business():
    business, people, _ = make_business_account()

    with pytest.raises(NotAllowed):
        svc.update_business(business, actor=people["finance"], data=business_input())


# -- Members ---------------------------------------------------------------------------------


def test_an_owner_adds_an_existing_user_by_email_with_a_role():
    business, people, _ = make_business_account(roles=("owner",))
    chef = make_user(email="chef@hoteltoba.example")

    member = svc.add_member(
        business, actor=people["owner"], email=" Chef@HotelToba.example ", role="buyer"
    )
    db.session.commit()

    assert member.user_id == chef.id and member.role == "buyer"


def test_adding_an_email_without_an_account_says_they_must_register_first():
    business, people, _ = make_business_account(roles=("owner",))

    with pytest.raises(InvalidBusiness) as refused:
        svc.add_member(business, actor=people["owner"], email="baru@example.com", role="buyer")

    assert "mendaftar" in str(refused.value.message)
    assert "baru@example.com" in str(refused.value.message)


def test_a_user_is_added_only_once():
    business, people, _ = make_business_account()

    with pytest.raises(InvalidBusiness):
        svc.add_member(business, actor=people["owner"], email=people["buyer"].email, role="buyer")


def test_a_finance_member_cannot_manage_members():
    business, people, _ = make_business_account()
    outsider = make_user()

    with pytest.raises(NotAllowed):
        svc.add_member(business, actor=people["finance"], email=outsider.email, role="owner")


def test_the_last_owner_can_be_neither_demoted_nor_removed_nor_leave():
    business, people, _ = make_business_account(roles=("owner", "buyer"))
    owner_member = queries.get_own_membership(business.id, people["owner"].id)

    with pytest.raises(InvalidBusiness):
        svc.change_member_role(business, actor=people["owner"], member=owner_member, role="buyer")
    with pytest.raises(InvalidBusiness):
        svc.remove_member(business, actor=people["owner"], member=owner_member)
    db.session.rollback()

    assert db.session.get(BusinessMember, owner_member.id).role == "owner"


def test_with_a_second_owner_the_first_may_leave():
    business, people, _ = make_business_account(roles=("owner", "buyer"))
    buyer = queries.get_own_membership(business.id, people["buyer"].id)
    svc.change_member_role(business, actor=people["owner"], member=buyer, role="owner")
    owner_member = queries.get_own_membership(business.id, people["owner"].id)

    svc.remove_member(business, actor=people["owner"], member=owner_member)
    db.session.commit()

    assert queries.get_business_for_member(business.id, people["owner"].id) is None
    assert [u.id for u in queries.list_business_owners(business.id)] == [people["buyer"].id]


def test_any_member_can_leave_but_only_an_owner_removes_others():
    business, people, _ = make_business_account()
    finance = queries.get_own_membership(business.id, people["finance"].id)
    buyer = queries.get_own_membership(business.id, people["buyer"].id)

    with pytest.raises(NotAllowed):
        svc.remove_member(business, actor=people["finance"], member=buyer)
    svc.remove_member(business, actor=people["finance"], member=finance)
    db.session.commit()

    assert queries.get_business_for_member(business.id, people["finance"].id) is None
    assert db.session.scalar(select(BusinessEvent.kind).order_by(BusinessEvent.id.desc())) == (
        "member_left"
    )


def test_a_member_of_another_business_cannot_be_changed_through_this_one():
    business, people, _ = make_business_account()
    other, other_people, _ = make_business_account()
    stranger = queries.get_own_membership(other.id, other_people["buyer"].id)

    with pytest.raises(InvalidBusiness):
        svc.change_member_role(business, actor=people["owner"], member=stranger, role="owner")


# -- Locations -------------------------------------------------------------------------------


def test_an_owner_adds_and_deactivates_outlets_but_keeps_one_active():
    business, people, first = make_business_account()
    second = svc.save_location(
        business, actor=people["owner"], data=location_input(label="Outlet Kesawan")
    )
    db.session.commit()

    svc.deactivate_location(business, actor=people["owner"], location=first)
    db.session.commit()
    with pytest.raises(InvalidBusiness):
        svc.deactivate_location(business, actor=people["owner"], location=second)
    db.session.rollback()

    active = queries.list_business_locations(business.id, active_only=True)
    assert [loc.label for loc in active] == ["Outlet Kesawan"]


def test_a_location_of_another_business_cannot_be_edited():
    business, people, _ = make_business_account()
    other, _, _ = make_business_account()
    theirs = make_location(other, "Gudang Lain")

    with pytest.raises(InvalidBusiness):
        svc.save_location(business, actor=people["owner"], data=location_input(), location=theirs)
    db.session.rollback()

    assert db.session.get(BusinessLocation, theirs.id).label == "Gudang Lain"


# -- Terms -----------------------------------------------------------------------------------


def test_each_terms_change_is_logged_with_before_and_after():
    business, _, _ = make_business_account(terms="cbd", credit_limit_idr=0)
    admin = make_admin()

    svc.set_business_terms(
        business,
        admin=admin,
        payment_terms="net30",
        credit_limit_idr=25_000_000,
        approval_threshold_idr=None,
    )
    db.session.commit()

    events = db.session.scalars(
        select(BusinessEvent).where(BusinessEvent.kind == "terms").order_by(BusinessEvent.id)
    ).all()
    assert [e.data for e in events] == [
        {"field": "payment_terms", "before": "cbd", "after": "net30"},
        {"field": "credit_limit_idr", "before": 0, "after": 25_000_000},
    ]
    assert all(e.actor_user_id == admin.id for e in events)
    assert business.payment_terms == "net30" and business.credit_limit_idr == 25_000_000


@pytest.mark.parametrize(
    ("terms", "limit", "threshold"),
    [("net60", 0, None), ("net30", -1, None), ("net30", 0, -5)],
)
def test_bad_terms_are_refused(terms, limit, threshold):
    business, _, _ = make_business_account()

    with pytest.raises(InvalidBusiness):
        svc.set_business_terms(
            business,
            admin=make_admin(),
            payment_terms=terms,
            credit_limit_idr=limit,
            approval_threshold_idr=threshold,
        )


# -- Lists -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 25])
def test_the_admin_list_takes_two_queries_whatever_the_page_size(count_queries, size):
    for _ in range(size):
        make_business_account(roles=("owner",))

    with count_queries() as counter:
        page = queries.list_businesses(per_page=size)
        names = [b.legal_name for b in page.items]

    assert len(names) == size and page.total == size
    assert counter.count == 2


def test_the_admin_list_finds_by_name_nib_or_npwp_and_filters_by_status():
    toba, _, _ = make_business_account(legal_name="PT Hotel Danau Toba", npwp="0123456789012345")
    make_business_account(legal_name="CV Katering Medan", status="pending")

    assert [b.id for b in queries.list_businesses(text="danau").items] == [toba.id]
    assert [b.id for b in queries.list_businesses(text="01.234.567.8").items] == [toba.id]
    assert [b.id for b in queries.list_businesses(text=toba.nib).items] == [toba.id]
    pending = queries.list_businesses(status="pending").items
    assert [b.legal_name for b in pending] == ["CV Katering Medan"]


def test_the_queue_lists_pending_businesses_oldest_first_with_their_documents(count_queries):
    first, _, _ = make_business_account(status="pending")
    second, _, _ = make_business_account(status="pending")
    make_business_account(status="verified")

    with count_queries() as counter:
        queue = queries.list_pending_businesses()

    assert [b.id for b, _docs in queue] == [first.id, second.id]
    assert counter.count == 2


@pytest.mark.postgresql_only
def test_two_owners_demoting_each_other_at_once_leave_one_owner(app):
    import threading

    business, people, _ = make_business_account(roles=("owner", "buyer"))
    second = queries.get_own_membership(business.id, people["buyer"].id)
    svc.change_member_role(business, actor=people["owner"], member=second, role="owner")
    db.session.commit()
    pairs = [(people["owner"].id, people["buyer"].id), (people["buyer"].id, people["owner"].id)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def demote(actor_id: int, target_id: int) -> None:
        with app.app_context():
            try:
                mine = db.session.get(Business, business.id)
                actor = db.session.get(type(people["owner"]), actor_id)
                target = queries.get_own_membership(business.id, target_id)
                barrier.wait()
                svc.change_member_role(mine, actor=actor, member=target, role="buyer")
                db.session.commit()
                outcomes.append("ok")
            except (InvalidBusiness, NotAllowed):
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=demote, args=pair, daemon=True) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) == ["ok", "refused"]
    assert len(queries.list_business_owners(business.id)) == 1
