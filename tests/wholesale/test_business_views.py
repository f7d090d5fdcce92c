"""Business account pages: registering, acting for a business, members, locations, documents,
the admin queue and terms; who may open what (admins only, members of this business only)."""

from __future__ import annotations

import io
import re

import pytest
from flask import url_for
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.wholesale.models import (
    Business,
    BusinessDocument,
    BusinessEvent,
    BusinessLocation,
    BusinessMember,
)
from marketplace.wholesale.views import wholesale_links
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD, make_user
from tests.wholesale.helpers import make_business_account, medan_village_code

pytestmark = pytest.mark.usefixtures("app")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def registration(**overrides) -> dict:
    billing = medan_village_code()
    outlet = medan_village_code(1)
    data = {
        "kind": "restaurant",
        "legal_name": "CV Rumah Makan Selera Deli",
        "nib": "9120301234567",
        "npwp": "01.234.567.8-901.2345",
        "is_pkp": "y",
        "address_line": "Jl. Brigjend Katamso No. 10",
        "province_code": "12",
        "region_code": "12.71",
        "district_code": billing.rsplit(".", 1)[0],
        "village_code": billing,
        "postal_code": "20151",
        "billing_email": "keuangan@selera.example",
        "phone": "0812 6000 3333",
        "location-label": "Dapur Pusat",
        "location-recipient_name": "Pak Darwin",
        "location-phone": "0812 6000 4444",
        "location-province_code": "12",
        "location-region_code": "12.71",
        "location-district_code": outlet.rsplit(".", 1)[0],
        "location-village_code": outlet,
        "location-address_line": "Jl. Brigjend Katamso No. 12",
        "location-postal_code": "20152",
    }
    data.update(overrides)
    return data


def sign_in(app, user):
    client = app.test_client()
    response = post_form(client, "/masuk", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def act_for(client, business_id) -> object:
    return post_form(
        client, "/grosir/bertindak", {"business_id": str(business_id)}, page="/grosir/"
    )


def upload(client, *, kind="nib", data=PDF, name="nib.pdf"):
    token = csrf_from(client.get("/grosir/usaha/dokumen").get_data(as_text=True))
    return client.post(
        "/grosir/usaha/dokumen",
        data={"csrf_token": token, "kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def admin_client(app):
    return sign_in(app, make_user(is_admin=True, name="Admin Pasar"))


# -- Registering and acting ------------------------------------------------------------------


def test_any_signed_in_user_registers_a_business_and_then_acts_for_it(client, login_as):
    rina = make_user(name="Rina Sitompul")
    login_as(rina)

    response = post_form(client, "/grosir/usaha/daftar", registration())

    assert response.status_code == 302 and response.location.endswith("/grosir/usaha/dokumen")
    business = db.session.scalar(select(Business))
    assert business.npwp == "0123456789012345" and business.status == "pending"
    assert business.is_pkp and business.city_name == "Kota Medan"
    assert business.locations[0].label == "Dapur Pusat"
    dashboard = client.get("/grosir/").get_data(as_text=True)
    assert "CV Rumah Makan Selera Deli" in dashboard
    assert "Sedang dipakai" in dashboard
    assert "terbuka setelah verifikasi" in dashboard


def test_the_registration_form_refuses_the_old_15_digit_npwp(client, login_as):
    login_as(make_user())

    response = post_form(client, "/grosir/usaha/daftar", registration(npwp="01.234.567.8-901.000"))

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sejak 2024 wajib memakai NPWP 16 digit" in body
    assert db.session.scalar(select(func.count(Business.id))) == 0


def test_the_registration_form_refuses_a_nib_that_is_not_13_digits(client, login_as):
    login_as(make_user())

    response = post_form(client, "/grosir/usaha/daftar", registration(nib="91203012345"))

    assert "NIB terdiri dari 13 digit angka." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Business.id))) == 0


def test_the_picker_refresh_shows_the_next_choices_without_saving(client, login_as):
    login_as(make_user())
    data = registration(
        **{"location-district_code": "", "location-village_code": "", "refresh": "1"}
    )

    response = post_form(client, "/grosir/usaha/daftar", data)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    district = medan_village_code(1).rsplit(".", 1)[0]
    assert f'<option value="{district}">' in body  # kecamatan of the chosen kota, unsaved
    assert db.session.scalar(select(func.count(Business.id))) == 0


def test_the_dashboard_needs_a_login(client):
    response = client.get("/grosir/")

    assert response.status_code == 302 and "/masuk" in response.location


def test_a_user_cannot_act_for_a_business_they_do_not_belong_to(app, client, login_as):
    mine, people, _ = make_business_account()
    theirs, _, _ = make_business_account(legal_name="PT Hotel Tetangga")
    login_as(people["owner"])
    act_for(client, mine.id)

    response = act_for(client, theirs.id)

    assert response.status_code == 404
    page = client.get("/grosir/usaha").get_data(as_text=True)
    assert mine.legal_name in page and "PT Hotel Tetangga" not in page


def test_going_back_to_shopping_as_a_consumer(client, login_as):
    business, people, _ = make_business_account()
    login_as(people["buyer"])
    act_for(client, business.id)

    post_form(client, "/grosir/bertindak", {"business_id": ""}, page="/grosir/")

    response = client.get("/grosir/usaha")
    assert response.status_code == 302 and response.location.endswith("/grosir/")


def test_a_rejected_owner_reads_the_reason_on_the_dashboard(app, client, login_as):
    business, people, _ = make_business_account(status="pending")
    admin = admin_client(app)
    post_form(
        admin,
        f"/admin/usaha/{business.id}/tolak",
        {"reason": "Foto NPWP buram, unggah ulang"},
        page="/admin/usaha",
    )
    login_as(people["owner"])

    body = client.get("/grosir/").get_data(as_text=True)

    assert "Ditolak" in body and "Foto NPWP buram, unggah ulang" in body


def test_links_follow_the_role_and_verification(app):
    with app.test_request_context():
        finance = {url for url, _label in wholesale_links("finance")}
        owner = {url for url, _label in wholesale_links("owner")}

        unverified = {url for url, _label in wholesale_links("owner", verified=False)}
        quick = url_for("wholesale_orders.quick_order")

    assert finance <= owner and unverified <= owner
    assert quick in owner and quick not in finance and quick not in unverified


# -- Members ---------------------------------------------------------------------------------


def test_an_owner_adds_a_member_by_email(client, login_as):
    business, people, _ = make_business_account(roles=("owner",))
    chef = make_user(email="chef@selera.example", name="Chef Ucok")
    login_as(people["owner"])
    act_for(client, business.id)

    response = post_form(
        client,
        "/grosir/usaha/anggota",
        {"email": "chef@selera.example", "role": "buyer"},
        follow_redirects=True,
    )

    assert "Anggota ditambahkan." in response.get_data(as_text=True)
    member = db.session.scalar(select(BusinessMember).where(BusinessMember.user_id == chef.id))
    assert member.role == "buyer"


def test_an_owner_changes_a_members_role(client, login_as):
    business, people, _ = make_business_account()
    buyer = db.session.scalar(
        select(BusinessMember).where(BusinessMember.user_id == people["buyer"].id)
    )
    login_as(people["owner"])
    act_for(client, business.id)

    response = post_form(
        client,
        f"/grosir/usaha/anggota/{buyer.id}/peran",
        {"role": "approver"},
        page="/grosir/usaha/anggota",
    )

    assert response.status_code == 302
    db.session.refresh(buyer)
    assert buyer.role == "approver"


def test_adding_an_unknown_email_says_they_must_register_first(client, login_as):
    business, people, _ = make_business_account(roles=("owner",))
    login_as(people["owner"])
    act_for(client, business.id)

    response = post_form(
        client, "/grosir/usaha/anggota", {"email": "belum@example.com", "role": "buyer"}
    )

    assert "Minta orang itu mendaftar dulu" in response.get_data(as_text=True)


def test_a_finance_member_cannot_manage_members(client, login_as):
    business, people, _ = make_business_account()
    login_as(people["finance"])
    act_for(client, business.id)
    buyer = db.session.scalar(
        select(BusinessMember).where(BusinessMember.user_id == people["buyer"].id)
    )
    token = csrf_from(client.get("/grosir/").get_data(as_text=True))

    assert client.get("/grosir/usaha/anggota").status_code == 403
    removed = client.post(f"/grosir/usaha/anggota/{buyer.id}/hapus", data={"csrf_token": token})
    assert removed.status_code == 403
    assert db.session.get(BusinessMember, buyer.id) is not None


def test_the_last_owner_cannot_be_removed(client, login_as):
    business, people, _ = make_business_account(roles=("owner", "buyer"))
    login_as(people["owner"])
    act_for(client, business.id)
    owner = db.session.scalar(
        select(BusinessMember).where(BusinessMember.user_id == people["owner"].id)
    )

    response = post_form(
        client,
        f"/grosir/usaha/anggota/{owner.id}/hapus",
        {},
        page="/grosir/usaha/anggota",
        follow_redirects=True,
    )

    assert "setidaknya satu pemilik" in response.get_data(as_text=True)
    assert db.session.get(BusinessMember, owner.id).role == "owner"


def test_a_member_leaves_the_business(client, login_as):
    business, people, _ = make_business_account()
    login_as(people["approver"])
    act_for(client, business.id)

    response = post_form(client, "/grosir/usaha/keluar", {}, page="/grosir/usaha")

    assert response.status_code == 302 and response.location.endswith("/grosir/")
    assert (
        db.session.scalar(
            select(BusinessMember).where(BusinessMember.user_id == people["approver"].id)
        )
        is None
    )


def test_an_owner_of_a_cannot_touch_the_members_of_b(client, login_as):
    a, a_people, _ = make_business_account()
    _b, b_people, _ = make_business_account()
    b_buyer = db.session.scalar(
        select(BusinessMember).where(BusinessMember.user_id == b_people["buyer"].id)
    )
    login_as(a_people["owner"])
    act_for(client, a.id)
    token = csrf_from(client.get("/grosir/usaha/anggota").get_data(as_text=True))

    role = client.post(
        f"/grosir/usaha/anggota/{b_buyer.id}/peran", data={"csrf_token": token, "role": "owner"}
    )
    removed = client.post(f"/grosir/usaha/anggota/{b_buyer.id}/hapus", data={"csrf_token": token})

    assert role.status_code == 404 and removed.status_code == 404
    assert db.session.get(BusinessMember, b_buyer.id).role == "buyer"
    assert b_people["buyer"].email not in client.get("/grosir/usaha/anggota").get_data(as_text=True)


# -- Locations -------------------------------------------------------------------------------


def test_an_owner_adds_an_outlet_and_deactivates_another(client, login_as):
    business, people, first = make_business_account()
    login_as(people["owner"])
    act_for(client, business.id)
    village = medan_village_code(2)
    data = {
        "label": "Outlet Kesawan",
        "recipient_name": "Bu Tiur",
        "phone": "0812 6000 5555",
        "province_code": "12",
        "region_code": "12.71",
        "district_code": village.rsplit(".", 1)[0],
        "village_code": village,
        "address_line": "Jl. Ahmad Yani No. 5",
        "postal_code": "20111",
    }

    added = post_form(client, "/grosir/usaha/lokasi/baru", data)
    off = post_form(
        client, f"/grosir/usaha/lokasi/{first.id}/nonaktifkan", {}, page="/grosir/usaha/lokasi"
    )

    assert added.status_code == 302 and off.status_code == 302
    db.session.expire_all()
    labels = {
        loc.label: loc.is_active
        for loc in db.session.scalars(
            select(BusinessLocation).where(BusinessLocation.business_id == business.id)
        )
    }
    assert labels == {first.label: False, "Outlet Kesawan": True}


def test_an_owner_of_a_cannot_open_edit_or_deactivate_a_location_of_b(client, login_as):
    a, a_people, _ = make_business_account()
    _b, _, b_outlet = make_business_account()
    login_as(a_people["owner"])
    act_for(client, a.id)
    token = csrf_from(client.get("/grosir/usaha/lokasi").get_data(as_text=True))

    opened = client.get(f"/grosir/usaha/lokasi/{b_outlet.id}")
    edited = client.post(
        f"/grosir/usaha/lokasi/{b_outlet.id}", data={"csrf_token": token, "label": "Diambil"}
    )
    off = client.post(f"/grosir/usaha/lokasi/{b_outlet.id}/nonaktifkan", data={"csrf_token": token})

    assert (opened.status_code, edited.status_code, off.status_code) == (404, 404, 404)
    db.session.refresh(b_outlet)
    assert b_outlet.is_active and b_outlet.label != "Diambil"


# -- Documents -------------------------------------------------------------------------------


def test_documents_are_private_to_members_and_admins(app, client, login_as):
    a, a_people, _ = make_business_account(status="pending")
    b, b_people, _ = make_business_account()
    login_as(a_people["owner"])
    act_for(client, a.id)

    assert "Dokumen disimpan." in upload(client).get_data(as_text=True)
    document = db.session.scalar(select(BusinessDocument))
    url = f"/grosir/usaha/dokumen/{document.id}"
    own = client.get(url)
    assert own.data == PDF and "no-store" in own.headers["Cache-Control"]

    finance = sign_in(app, a_people["finance"])
    act_for(finance, a.id)
    assert finance.get(url).status_code == 200

    outsider = sign_in(app, b_people["owner"])
    act_for(outsider, b.id)
    assert outsider.get(url).status_code == 404
    stranger = sign_in(app, make_user())
    assert stranger.get(url).status_code == 302  # no business to act for: to the dashboard
    assert stranger.get(f"/admin/usaha/{a.id}/dokumen/{document.id}").status_code == 403

    admin = admin_client(app)
    assert admin.get(f"/admin/usaha/{a.id}/dokumen/{document.id}").data == PDF
    assert admin.get(f"/admin/usaha/{b.id}/dokumen/{document.id}").status_code == 404


def test_a_file_that_is_not_a_pdf_or_image_is_refused(client, login_as):
    business, people, _ = make_business_account(status="pending")
    login_as(people["owner"])
    act_for(client, business.id)

    body = upload(client, data=b"<html>bukan</html>", name="nib.pdf").get_data(as_text=True)

    assert "Unggah dokumen PDF, JPG atau PNG" in body
    assert db.session.scalar(select(func.count(BusinessDocument.id))) == 0


def test_a_buyer_cannot_upload_documents(client, login_as):
    business, people, _ = make_business_account()
    login_as(people["buyer"])
    act_for(client, business.id)

    assert client.get("/grosir/usaha/dokumen").status_code == 403


# -- Details ---------------------------------------------------------------------------------


def test_editing_a_rejected_business_resubmits_it(client, login_as):
    business, people, _ = make_business_account(status="rejected", status_reason="NIB salah")
    login_as(people["owner"])
    act_for(client, business.id)
    data = {
        k: v for k, v in registration(nib="9120309999999").items() if not k.startswith("location-")
    }

    response = post_form(client, "/grosir/usaha/ubah", data)

    assert response.status_code == 302
    db.session.refresh(business)
    assert business.status == "pending" and business.nib == "9120309999999"
    assert db.session.scalar(select(BusinessEvent.kind).where(BusinessEvent.kind == "resubmitted"))


def test_the_edit_form_starts_from_the_saved_kelurahan(client, login_as):
    village = medan_village_code(3)
    business, people, _ = make_business_account(village_code=village)
    login_as(people["owner"])
    act_for(client, business.id)

    body = client.get("/grosir/usaha/ubah").get_data(as_text=True)

    assert f'<option selected value="{village}">' in body


# -- Admin -----------------------------------------------------------------------------------


def admin_routes(business_id: int, document_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", "/admin/usaha"),
        ("GET", "/admin/usaha/semua"),
        ("GET", f"/admin/usaha/{business_id}"),
        ("GET", f"/admin/usaha/{business_id}/dokumen/{document_id}"),
        ("POST", f"/admin/usaha/{business_id}/verifikasi"),
        ("POST", f"/admin/usaha/{business_id}/tolak"),
        ("POST", f"/admin/usaha/{business_id}/ketentuan"),
    ]


def test_every_admin_route_is_forbidden_to_non_admins(app, client, login_as):
    business, people, _ = make_business_account(status="pending")
    document = BusinessDocument(
        business_id=business.id, kind="nib", file_key="x/y.pdf", file_type="application/pdf"
    )
    db.session.add(document)
    db.session.commit()
    login_as(people["owner"])
    token = csrf_from(client.get("/grosir/").get_data(as_text=True))

    for method, url in admin_routes(business.id, document.id):
        response = client.open(
            url,
            method=method,
            data={
                "csrf_token": token,
                "reason": "Dokumen palsu",
                "payment_terms": "net7",
                "credit_limit_idr": "1",
            },
        )
        assert response.status_code == 403, (method, url)
    db.session.refresh(business)
    assert business.status == "pending" and business.payment_terms == "net30"


def test_the_admin_queue_shows_pending_businesses_and_verifies_one(app, outbox):
    business, people, _ = make_business_account(status="pending", legal_name="PT Swalayan Deli")
    make_business_account(status="verified", legal_name="PT Sudah Terverifikasi")
    admin = admin_client(app)

    queue = admin.get("/admin/usaha").get_data(as_text=True)
    response = post_form(admin, f"/admin/usaha/{business.id}/verifikasi", {}, page="/admin/usaha")

    assert "PT Swalayan Deli" in queue and "PT Sudah Terverifikasi" not in queue
    assert "Belum ada dokumen" in queue
    assert response.status_code == 302
    db.session.refresh(business)
    assert business.status == "verified"
    assert [m["To"] for m in outbox] == [people["owner"].email]


def test_a_rejection_without_a_real_reason_is_refused(app):
    business, _, _ = make_business_account(status="pending")
    admin = admin_client(app)

    response = post_form(
        admin,
        f"/admin/usaha/{business.id}/tolak",
        {"reason": "no"},
        page="/admin/usaha",
        follow_redirects=True,
    )

    assert response.status_code == 200
    db.session.refresh(business)
    assert business.status == "pending"


def test_an_admin_sets_terms_in_rupiah_and_the_change_is_logged(app):
    business, _, _ = make_business_account(terms="cbd", credit_limit_idr=0)
    admin = admin_client(app)
    page = f"/admin/usaha/{business.id}"

    response = post_form(
        admin,
        f"/admin/usaha/{business.id}/ketentuan",
        {
            "payment_terms": "net14",
            "credit_limit_idr": "Rp25.000.000",
            "approval_threshold_idr": "",
        },
        page=page,
    )

    assert response.status_code == 302
    db.session.refresh(business)
    assert business.payment_terms == "net14" and business.credit_limit_idr == 25_000_000
    assert business.approval_threshold_idr is None
    detail = admin.get(page).get_data(as_text=True)
    assert "Batas kredit: Rp0 → Rp25.000.000" in detail
    assert "Pembayaran: Bayar sebelum dikirim → Tempo 14 hari" in detail


def test_a_negative_credit_limit_is_refused_on_the_form(app):
    business, _, _ = make_business_account(terms="cbd", credit_limit_idr=0)
    admin = admin_client(app)

    response = post_form(
        admin,
        f"/admin/usaha/{business.id}/ketentuan",
        {"payment_terms": "net14", "credit_limit_idr": "-5", "approval_threshold_idr": ""},
        page=f"/admin/usaha/{business.id}",
    )

    assert response.status_code == 200
    db.session.refresh(business)
    assert business.credit_limit_idr == 0 and business.payment_terms == "cbd"


def test_the_admin_list_page_runs_the_same_queries_for_5_or_25_businesses(app, count_queries):
    admin = admin_client(app)

    def queries_for(size: int) -> int:
        with count_queries() as counter:
            response = admin.get(f"/admin/usaha/semua?per_page={size}")
        assert len(re.findall(r'href="/admin/usaha/\d+"', response.get_data(as_text=True))) == size
        return counter.count

    for _ in range(5):
        make_business_account(roles=("owner",))
    five = queries_for(5)
    for _ in range(20):
        make_business_account(roles=("owner",))

    assert queries_for(25) == five
