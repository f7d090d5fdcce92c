"""The audit log: every admin and agency-staff write recorded, masked, append-only, readable."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from marketplace.catalog.models import Category, ProductVariant
from marketplace.core.audit import (
    DROPPED,
    AuditContext,
    AuditEntry,
    begin_audit,
    mask_value,
    record_audit,
)
from marketplace.extensions import db
from marketplace.orders.models import CartItem
from marketplace.training.models import Participant
from marketplace.wholesale.models import Business
from tests.conftest import IsolatedClient, csrf_from, make_test_app, post_form
from tests.factories import (
    PASSWORD,
    make_agency,
    make_business,
    make_category,
    make_enrollment,
    make_product,
    make_program,
    make_store,
    make_user,
)
from tests.training.csvdata import person, sheet

ADMIN_ADDRESS = "203.0.113.9"


def _app(database_url: str, smtp_server: Any, **overrides: Any) -> Flask:
    _, port = smtp_server
    app = make_test_app(
        database_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        **overrides,
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="module")
def app(database_url: str, smtp_server: Any) -> Iterator[Flask]:
    app = _app(database_url, smtp_server)
    yield app
    with app.app_context():
        db.engine.dispose()


def entries(**where: Any) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(AuditEntry, name) == value)
    db.session.expire_all()
    return list(db.session.scalars(stmt))


def sign_in(app: Flask, user: Any) -> Any:
    client = app.test_client()
    response = post_form(client, "/masuk", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def audit_dump() -> str:
    rows = db.session.execute(select(AuditEntry.__table__)).all()
    return "\n".join(str(value) for row in rows for value in row)


# -- Admin writes ------------------------------------------------------------------------------


def test_approving_a_store_records_who_when_where_and_before_after(app):
    store = make_store(status="draft", review_requested_at=datetime(2026, 1, 5, tzinfo=UTC))
    admin = make_user(is_admin=True)
    client = sign_in(app, admin)

    response = post_form(
        client,
        f"/admin/toko/{store.id}/setujui",
        {},
        page="/admin/toko",
        environ_base={"REMOTE_ADDR": ADMIN_ADDRESS},
    )

    assert response.status_code == 302
    (entry,) = entries(object_type="stores")
    assert entry.object_id == str(store.id)
    assert entry.change == "update"
    assert entry.actor_user_id == admin.id and entry.actor_kind == "admin"
    assert entry.ip == ADMIN_ADDRESS
    assert entry.action == "admin.store_approve"
    assert (entry.method, entry.path) == ("POST", f"/admin/toko/{store.id}/setujui")
    assert entry.changes["approved_by_id"] == [None, admin.id]
    assert entry.changes["review_requested_at"][0].startswith("2026-01-05")
    assert entry.changes["review_requested_at"][1] is None
    assert "updated_at" not in entry.changes
    assert entry.at is not None


def test_verifying_a_business_records_the_row_and_its_event(app):
    business = make_business(status="pending", legal_name="PT Swalayan Deli")
    client = sign_in(app, make_user(is_admin=True))

    post_form(client, f"/admin/usaha/{business.id}/verifikasi", {}, page="/admin/usaha")

    db.session.expire_all()
    assert db.session.get(Business, business.id).status == "verified"
    (row,) = entries(object_type="businesses")
    assert row.changes["status"] == ["pending", "verified"]
    (event,) = entries(object_type="business_events")
    assert event.change == "insert" and event.changes["kind"] == [None, "verified"]


def test_editing_a_category_records_the_changed_fields_only(app):
    category = make_category(name="Kue Basah", name_en="Wet cakes", slug="kue-basah")
    client = sign_in(app, make_user(is_admin=True))
    page = f"/admin/kategori/{category.id}"

    response = post_form(
        client,
        page,
        {"name": "Kue Tradisional", "name_en": "Wet cakes", "slug": "kue-basah", "position": 0},
    )

    assert response.status_code == 302
    (entry,) = entries(object_type="categories")
    assert entry.changes == {"name": ["Kue Basah", "Kue Tradisional"]}


def test_an_address_behind_the_configured_proxy_is_the_clients(app, database_url, smtp_server):
    proxied = _app(database_url, smtp_server, PROXY_FIX_HOPS=1)
    category = make_category(slug="tenun")
    client = sign_in(proxied, make_user(is_admin=True))
    page = f"/admin/kategori/{category.id}"
    token = csrf_from(client.get(page).get_data(as_text=True))

    client.post(
        page,
        data={"csrf_token": token, "name": "Tenun", "name_en": "Weaving", "slug": "tenun"},
        headers={"X-Forwarded-For": "198.51.100.23"},
    )

    (entry,) = entries(object_type="categories")
    assert entry.ip == "198.51.100.23"


# -- Agency staff writes -----------------------------------------------------------------------


@pytest.fixture
def agency_world(app):
    staff = make_user(name="Ninik Rahayu")
    agency = make_agency(
        staff=staff,
        name="Dinas Perindustrian Kota Pekalongan",
        region_code="33.75",
        region_name="Kota Pekalongan",
    )
    program = make_program(agency, title="Pelatihan Merajut")
    return {"staff": staff, "agency": agency, "program": program}


def test_an_agency_staff_edit_is_recorded_as_agency_staff(app, agency_world):
    enrollment = make_enrollment(agency_world["program"], status="attended")
    client = sign_in(app, agency_world["staff"])

    response = post_form(
        client,
        f"/dinas/{agency_world['agency'].id}/pendaftaran/{enrollment.id}",
        {"status": "completed", "certificate_no": "DPN-PKL/2026/01", "award_amount_idr": ""},
    )

    assert response.status_code == 302
    (entry,) = entries(object_type="enrollments")
    assert entry.actor_kind == "agency_staff"
    assert entry.actor_user_id == agency_world["staff"].id
    assert entry.action == "training.enrollment_edit"
    assert entry.changes["status"] == ["attended", "completed"]
    assert entry.changes["certificate_no"] == [None, "DPN-PKL/2026/01"]
    assert [e.change for e in entries(object_type="enrollment_events")] == ["insert"]


def test_an_import_by_staff_is_recorded_with_names_phones_and_nik_masked(app, agency_world):
    rows = [person(1, full_name="Siti Aminah Lestari", phone="081234567890"), person(2)]
    client = sign_in(app, agency_world["staff"])
    page = f"/dinas/{agency_world['agency'].id}/program/{agency_world['program'].id}"
    token = csrf_from(client.get(page).get_data(as_text=True))

    uploaded = client.post(
        f"{page}/impor",
        data={"csrf_token": token, "file": (io.BytesIO(sheet(rows)), "peserta.csv")},
        content_type="multipart/form-data",
    )
    preview = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', preview)
    client.post(
        uploaded.headers["Location"],
        data={"csrf_token": csrf_from(preview), "fingerprint": fingerprint.group(1)},
    )

    siti = db.session.scalar(
        select(Participant).where(Participant.nik_last4 == rows[0]["nik"][-4:])
    )
    assert siti is not None and siti.phone == "+6281234567890"
    (entry,) = entries(object_type="participants", object_id=str(siti.id))
    assert entry.change == "insert" and entry.actor_kind == "agency_staff"
    assert entry.changes["full_name"] == [None, "S*** A*** L***"]
    assert entry.changes["phone"] == [None, "+62***7890"]
    assert entry.changes["birth_year"] == [None, "***"]
    assert entry.changes["nik_last4"] == [None, rows[0]["nik"][-4:]]
    assert "nik_hash" not in entry.changes
    # The staged import's bulk "claim" UPDATE is recorded too.
    claims = [e for e in entries(object_type="participant_imports") if e.change == "update"]
    assert any("applied_at" in e.changes for e in claims)
    dump = audit_dump()
    for raw in ("Siti Aminah Lestari", "Aminah", "+6281234567890", "081234567890", siti.nik_hash):
        assert raw not in dump
    for row in rows:
        assert row["nik"] not in dump and row["full_name"] not in dump


# -- What is not recorded ----------------------------------------------------------------------


def test_pages_read_with_get_write_nothing(app, agency_world):
    make_store(status="draft")
    admin = sign_in(app, make_user(is_admin=True))
    staff = sign_in(app, agency_world["staff"])

    for url in ("/admin/", "/admin/toko", "/admin/kategori", "/admin/usaha", "/admin/audit"):
        assert admin.get(url).status_code == 200, url
    assert staff.get(f"/dinas/{agency_world['agency'].id}").status_code == 200

    assert entries() == []


def test_a_consumers_write_is_not_recorded(app):
    product = make_product(make_store(), make_category())
    variant_id = db.session.scalar(
        select(ProductVariant.id).where(ProductVariant.product_id == product.id)
    )
    shopper = sign_in(app, make_user())

    post_form(shopper, "/keranjang/tambah", {"variant_id": variant_id, "quantity": 2}, page="/")

    assert db.session.scalar(select(func.count(CartItem.id))) == 1
    assert entries() == []


def test_refused_admin_actions_write_nothing(app):
    make_category(slug="batik")
    category = make_category(name="Tenun", slug="tenun")
    business = make_business(status="verified")
    admin = sign_in(app, make_user(is_admin=True))

    taken = post_form(
        admin,
        f"/admin/kategori/{category.id}",
        {"name": "Tenun", "name_en": "Weaving", "slug": "batik"},
    )
    post_form(admin, f"/admin/usaha/{business.id}/verifikasi", {}, page="/admin/usaha")
    shopper = sign_in(app, make_user())
    forbidden = post_form(shopper, f"/admin/usaha/{business.id}/tolak", {}, page="/")

    assert "sudah dipakai" in taken.get_data(as_text=True)
    assert forbidden.status_code == 403
    assert entries() == []


def test_entries_live_and_die_with_the_writes_transaction(app):
    admin = make_user(is_admin=True)
    context = AuditContext(actor_user_id=admin.id, actor_kind="admin", action="test")
    with app.app_context(), app.test_request_context("/admin/kategori/baru", method="POST"):
        begin_audit(context)
        db.session.add(Category(name="Jamu", name_en="Herbal drinks", slug="jamu"))
        db.session.flush()
        assert db.session.scalar(select(func.count(AuditEntry.id))) == 1
        db.session.rollback()
        assert db.session.scalar(select(func.count(AuditEntry.id))) == 0

        category = Category(name="Jamu", name_en="Herbal drinks", slug="jamu")
        db.session.add(category)
        db.session.flush()
        db.session.execute(
            update(Category).where(Category.id == category.id).values(name="Jamu Gendong")
        )
        db.session.delete(category)
        db.session.commit()

    kinds = [(e.change, e.changes.get("name")) for e in entries(object_type="categories")]
    assert kinds == [
        ("insert", [None, "Jamu"]),
        ("update", ["Jamu", "Jamu Gendong"]),
        ("delete", ["Jamu Gendong", None]),
    ]


# -- Masking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("users", "email", "ani.susanti@example.co.id", "a***@e***.co.id"),
        ("businesses", "billing_email", "keuangan@hotel.id", "k***@h***.id"),
        ("users", "phone", "+6281234567890", "+62***7890"),
        ("stores", "whatsapp", "+6285712345678", "+62***5678"),
        ("users", "name", "Budi Santoso", "B*** S***"),
        ("addresses", "recipient_name", "Ibu Sri Wahyuni", "I*** S*** W***"),
        ("payout_accounts", "holder_name", "Budi Santoso", "B*** S***"),
        ("addresses", "address_line", "Jl. Medan Merdeka Barat No. 12", "J*** M*** M***…"),
        ("invoices", "buyer_address", "Jl. Balai Kota 1", "J*** B*** K***…"),
        ("payout_accounts", "account_number", "0123-01-000456-30-7", "***6307"),
        ("businesses", "npwp", "01.234.567.8-901.000", "***1000"),
        ("participants", "nik", "3375014503900001", "***0001"),
        ("participants", "birth_year", 1990, "***"),
        ("categories", "name", "Kue Basah", "Kue Basah"),
        ("stores", "name", "Toko Mak Ijah", "Toko Mak Ijah"),
        ("orders", "total_idr", 150000, 150000),
        ("stores", "description", "x" * 300, "x" * 200 + "…"),
    ],
)
def test_personal_data_is_masked_and_long_text_cut(table, column, value, expected):
    assert mask_value(column, value, table=table) == expected


@pytest.mark.parametrize(
    "column",
    ["password_hash", "nik_hash", "token_hash", "reset_token", "api_secret", "session_version"],
)
def test_secrets_are_never_logged(column):
    assert mask_value(column, "s3cr3t", table="users") is DROPPED


def test_personal_data_inside_json_is_masked_by_key():
    value = {"rows": [{"full_name": "Rina Marpaung", "phone": "+6281299990000", "nik_hash": "ab"}]}

    masked = mask_value("summary", value, table="participant_imports")

    assert masked == {"rows": [{"full_name": "R*** M***", "phone": "+62***0000"}]}


def test_a_job_records_an_explicit_entry_as_system(app):
    record_audit(
        "payouts.create",
        actor=None,
        object_type="payout_accounts",
        object_id=7,
        changes={"account_number": (None, "1234567890"), "amount_idr": (None, 250000)},
        change="insert",
    )
    db.session.commit()

    (entry,) = entries()
    assert (entry.actor_kind, entry.actor_user_id, entry.ip) == ("system", None, None)
    assert entry.object_id == "7"
    assert entry.changes == {"account_number": [None, "***7890"], "amount_idr": [None, 250000]}


# -- Append-only -------------------------------------------------------------------------------


@pytest.mark.postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET action = 'forged'",
        "UPDATE audit_entries SET actor_user_id = NULL, action = 'forged'",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
    ],
)
def test_the_database_refuses_to_change_or_delete_entries(app, statement):
    record_audit(
        "test", actor=make_user(is_admin=True), object_type="stores", object_id=1, changes={}
    )
    db.session.commit()

    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()

    assert [e.action for e in entries()] == ["test"]


@pytest.mark.postgresql_only
def test_deleting_an_actor_keeps_the_entry_without_its_user(app):
    actor = make_user(is_admin=True)
    record_audit("test", actor=actor, object_type="stores", object_id=1, changes={})
    db.session.commit()

    db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": actor.id})
    db.session.commit()

    (entry,) = entries()
    assert entry.actor_user_id is None and entry.action == "test"


# -- The log page ------------------------------------------------------------------------------


def _logged(*, at: datetime, actor: Any = None, **kw: Any) -> AuditEntry:
    values = {
        "actor_kind": "admin" if actor else "system",
        "action": "admin.store_approve",
        "object_type": "stores",
        "object_id": "1",
        "change": "update",
        "changes": {"status": ["draft", "live"]},
    }
    values.update(kw)
    entry = AuditEntry(at=at, actor_user_id=actor.id if actor else None, **values)
    db.session.add(entry)
    db.session.commit()
    return entry


def test_only_admins_read_the_log(app, agency_world):
    anonymous = app.test_client()
    shopper = sign_in(app, make_user())
    staff = sign_in(app, agency_world["staff"])

    assert "/masuk" in anonymous.get("/admin/audit").headers["Location"]
    assert shopper.get("/admin/audit").status_code == 403
    assert staff.get("/admin/audit").status_code == 403


def test_the_log_shows_who_when_where_and_the_changes_newest_first(app):
    admin = make_user(is_admin=True, email="ratna@pasarikm.example")
    _logged(at=datetime(2026, 3, 1, 2, 0, tzinfo=UTC), actor=admin, object_id="11")
    _logged(
        at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
        actor=admin,
        object_id="12",
        ip=ADMIN_ADDRESS,
        method="POST",
        path="/admin/toko/12/setujui",
    )
    client = sign_in(app, admin)

    page = client.get("/admin/audit").get_data(as_text=True)

    assert page.index("stores #12") < page.index("stores #11")
    assert "ratna@pasarikm.example" in page and ADMIN_ADDRESS in page
    assert re.search(r"2 Mar 2026,? 09[.:]00[.:]00 WIB", page), re.findall(r".{30}WIB", page)
    assert "POST /admin/toko/12/setujui" in page
    assert "draft" in page and "live" in page


def test_the_log_filters_by_actor_object_dates_and_change(app):
    ratna = make_user(is_admin=True, email="ratna@pasarikm.example")
    bayu = make_user(is_admin=True, email="bayu@pasarikm.example")
    _logged(at=datetime(2026, 3, 1, 2, tzinfo=UTC), actor=ratna, object_id="101")
    _logged(at=datetime(2026, 3, 5, 2, tzinfo=UTC), actor=bayu, object_id="102")
    _logged(
        at=datetime(2026, 3, 9, 2, tzinfo=UTC),
        actor=bayu,
        object_type="categories",
        object_id="103",
        change="insert",
    )
    # 23.30 WIB on 9 March is still 9 March for the admin, though 16.30 UTC.
    _logged(at=datetime(2026, 3, 9, 16, 30, tzinfo=UTC), object_id="104")
    client = sign_in(app, ratna)

    def shown(query: str) -> list[str]:
        html = client.get(f"/admin/audit?{query}").get_data(as_text=True)
        return sorted(re.findall(r"#(10\d)<", html))

    assert shown("") == ["101", "102", "103", "104"]
    assert shown("actor=BAYU") == ["102", "103"]
    assert shown("object_type=categories") == ["103"]
    assert shown("object_id=102") == ["102"]
    assert shown("since=2026-03-05&until=2026-03-09") == ["102", "103", "104"]
    assert shown("until=2026-03-04") == ["101"]
    assert shown("change=insert") == ["103"]
    bad = client.get("/admin/audit?since=2026-03-09&until=2026-03-01").get_data(as_text=True)
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in bad
    unreadable = client.get("/admin/audit?since=kemarin&object_type=x").get_data(as_text=True)
    assert "Tanggal tidak dikenali" in unreadable and "Jenis objek tidak dikenal." in unreadable
    assert sorted(re.findall(r"#(10\d)<", unreadable)) == ["101", "102", "103", "104"]


@pytest.mark.parametrize("count", [5, 25])
def test_the_log_page_takes_a_fixed_number_of_queries(app, count_queries, count):
    admin = make_user(is_admin=True)
    for n in range(count):
        _logged(at=datetime(2026, 3, 1, 2, n, tzinfo=UTC), actor=admin, object_id=str(n))
    client = sign_in(app, admin)

    with count_queries() as counter:
        response = client.get("/admin/audit")

    assert response.status_code == 200
    assert counter.count == 4, counter.statements


# -- Every admin route refuses others ----------------------------------------------------------


def _admin_routes(app: Flask) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule != "/admin" and not rule.rule.startswith("/admin/"):
            continue
        methods = rule.methods or set()
        method = "GET" if "GET" in methods else "POST"
        routes.append((method, re.sub(r"<[^>]+>", "1", rule.rule)))
    return sorted(set(routes))


def test_every_admin_route_refuses_non_admins_and_sends_strangers_to_sign_in(app, agency_world):
    routes = _admin_routes(app)
    assert ("GET", "/admin/audit") in routes and ("POST", "/admin/toko/1/setujui") in routes
    anonymous = app.test_client()
    anonymous_token = csrf_from(anonymous.get("/masuk").get_data(as_text=True))
    for user in (make_user(), agency_world["staff"]):
        client = sign_in(app, user)
        token = csrf_from(client.get("/").get_data(as_text=True))
        for method, url in routes:
            data = {"csrf_token": token} if method == "POST" else None
            assert client.open(url, method=method, data=data).status_code == 403, (method, url)

    for method, url in routes:
        data = {"csrf_token": anonymous_token} if method == "POST" else None
        response = anonymous.open(url, method=method, data=data)
        assert response.status_code == 302, (method, url)
        assert "/masuk" in response.headers["Location"], (method, url)
    assert entries() == []
