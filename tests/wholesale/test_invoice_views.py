"""Invoice pages: the business's list, detail and print view, the seller's invoices and aged
receivables, the admins' payments, voids and receivables; access between businesses, sellers
and non-admins; list pages in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.wholesale.acting import SESSION_KEY
from marketplace.wholesale.invoices import wib_today
from marketplace.wholesale.models import BusinessMember, Invoice, InvoicePayment, InvoiceStatus
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD, make_user
from tests.wholesale.helpers import make_business_account, make_wholesale_item
from tests.wholesale.invoice_helpers import make_seller, set_due, ship_new_order


@pytest.fixture
def hotel(app):
    return make_business_account(legal_name="PT Hotel Danau Toba")


@pytest.fixture
def seller(app):
    return make_seller(is_pkp=True, name="Roti Bu Sri")


def sign_in(app, user, business=None):
    """A client logged in as `user` (acting for `business` when given)."""
    client = app.test_client()
    response = post_form(client, "/masuk", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if business is not None:
        with client.session_transaction() as session:
            session[SESSION_KEY] = business.id
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


# -- Buyer -----------------------------------------------------------------------------------


def test_the_business_lists_its_invoices_with_what_it_owes(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o1, first = ship_new_order(business, members, location, store, owner)
    _o2, second = ship_new_order(business, members, location, store, owner)
    set_due(second, wib_today() - timedelta(days=3), status=InvoiceStatus.OVERDUE)
    other, other_members, other_outlet = make_business_account()
    _o3, foreign = ship_new_order(other, other_members, other_outlet, store, owner)
    client = sign_in(app, members["finance"], business)

    page = text(client.get("/grosir/faktur"))
    overdue_only = text(client.get("/grosir/faktur?status=jatuh-tempo"))

    assert first.number in page and second.number in page
    assert foreign.number not in page
    assert "Roti Bu Sri" in page
    # Totals: everything open, and the overdue part.
    owed = f"Rp{first.total_idr + second.total_idr:,}".replace(",", ".")
    assert owed in page
    assert f"Rp{second.total_idr:,}".replace(",", ".") in page
    assert second.number in overdue_only and first.number not in overdue_only
    assert client.get("/grosir/faktur?status=apa-saja").status_code == 404


def test_the_invoice_page_and_print_view_read_like_an_indonesian_invoice(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _order, invoice = ship_new_order(business, members, location, store, owner)
    client = sign_in(app, members["owner"], business)

    detail = client.get(f"/grosir/faktur/{invoice.id}")
    printed = client.get(f"/grosir/faktur/{invoice.id}/cetak")

    assert detail.status_code == printed.status_code == 200
    html = text(printed)
    for expected in (
        "FAKTUR",
        "INVOICE",
        invoice.number,
        "Jatuh tempo",
        "Penjual",
        invoice.seller_npwp,
        ">PKP<",
        "Pembeli",
        business.npwp,
        "Alamat kirim",
        "Harga satuan",
        "Subtotal (Harga jual)",
        "DPP nilai lain (11/12 × harga jual)",
        "PPN 12% × DPP",
        "Terbilang",
        "BELUM LUNAS",
        app.config["BANK_TRANSFER_ACCOUNT"]["number"],
        "css/invoice.css",
    ):
        assert expected in html, expected
    assert "Rupiah" in html or "rupiah" in html
    assert f"Rp{invoice.tax_idr:,}".replace(",", ".") in html
    assert "cdn" not in html.lower()
    assert invoice.number in text(detail)


def test_a_paid_invoice_is_stamped_lunas_and_an_overdue_one_jatuh_tempo(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o1, paid = ship_new_order(
        business, members, location, store, owner, pay_upfront="bank_transfer"
    )
    _o2, late = ship_new_order(business, members, location, store, owner)
    set_due(late, wib_today() - timedelta(days=1), status=InvoiceStatus.OVERDUE)
    client = sign_in(app, members["finance"], business)

    paid_html = text(client.get(f"/grosir/faktur/{paid.id}/cetak"))
    late_html = text(client.get(f"/grosir/faktur/{late.id}/cetak"))

    assert "LUNAS" in paid_html and "BELUM LUNAS" not in paid_html
    assert "Cara membayar" not in paid_html
    assert "Dibayar saat pemesanan" in paid_html
    assert "JATUH TEMPO" in late_html and "Cara membayar" in late_html


def test_an_invoice_of_another_business_is_not_found(app, hotel, seller):
    business, members, _location = hotel
    store, owner = seller
    other, other_members, other_outlet = make_business_account()
    _o, foreign = ship_new_order(other, other_members, other_outlet, store, owner)
    client = sign_in(app, members["owner"], business)

    assert client.get(f"/grosir/faktur/{foreign.id}").status_code == 404
    assert client.get(f"/grosir/faktur/{foreign.id}/cetak").status_code == 404
    assert client.get("/grosir/faktur/999999").status_code == 404


def test_a_buyer_member_cannot_open_invoices_and_a_visitor_must_log_in(app, hotel, seller):
    business, members, location = hotel
    _o, invoice = ship_new_order(business, members, location, *seller)
    buyer = sign_in(app, members["buyer"], business)

    assert buyer.get("/grosir/faktur").status_code == 403
    assert buyer.get(f"/grosir/faktur/{invoice.id}").status_code == 403
    approver = sign_in(app, members["approver"], business)
    assert approver.get(f"/grosir/faktur/{invoice.id}").status_code == 200
    visitor = app.test_client().get(f"/grosir/faktur/{invoice.id}")
    assert visitor.status_code == 302 and "/masuk" in visitor.headers["Location"]


def test_the_mail_link_acts_for_the_invoices_business_then_shows_it(app, hotel, seller):
    business, members, location = hotel
    _o, invoice = ship_new_order(business, members, location, *seller)
    other, other_members, _outlet = make_business_account()
    db.session.add(
        BusinessMember(business_id=other.id, user_id=members["finance"].id, role="owner")
    )
    db.session.commit()
    client = sign_in(app, members["finance"], other)  # acting for the other business
    assert client.get(f"/grosir/faktur/{invoice.id}").status_code == 404

    opened = client.get(f"/grosir/faktur/{invoice.id}/buka")

    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/grosir/faktur/{invoice.id}")
    assert client.get(f"/grosir/faktur/{invoice.id}").status_code == 200
    stranger = sign_in(app, other_members["owner"])
    assert stranger.get(f"/grosir/faktur/{invoice.id}/buka").status_code == 404
    buyer = sign_in(app, members["buyer"])
    assert buyer.get(f"/grosir/faktur/{invoice.id}/buka").status_code == 403


# -- Seller ----------------------------------------------------------------------------------


def test_the_seller_sees_its_invoices_and_prints_them(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o, invoice = ship_new_order(business, members, location, store, owner)
    client = sign_in(app, owner)

    listing = text(client.get(f"/penjual/toko/{store.id}/faktur"))
    detail = client.get(f"/penjual/toko/{store.id}/faktur/{invoice.id}")
    printed = client.get(f"/penjual/toko/{store.id}/faktur/{invoice.id}/cetak")

    assert invoice.number in listing and "PT Hotel Danau Toba" in listing
    assert detail.status_code == printed.status_code == 200
    assert "FAKTUR" in text(printed)


def test_a_seller_cannot_see_another_sellers_invoices(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    rival, rival_owner = make_seller(name="Anyaman Pandan")
    _o, foreign = ship_new_order(business, members, location, rival, rival_owner)
    client = sign_in(app, owner)

    assert client.get(f"/penjual/toko/{store.id}/faktur/{foreign.id}").status_code == 404
    assert client.get(f"/penjual/toko/{store.id}/faktur/{foreign.id}/cetak").status_code == 404
    assert client.get(f"/penjual/toko/{rival.id}/faktur").status_code == 404
    assert client.get(f"/penjual/toko/{rival.id}/faktur/{foreign.id}").status_code == 404
    assert client.get(f"/penjual/toko/{rival.id}/piutang").status_code == 404
    assert foreign.number not in text(client.get(f"/penjual/toko/{store.id}/faktur"))


def test_the_seller_reads_its_aged_receivables_per_buyer(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o1, current = ship_new_order(business, members, location, store, owner)
    _o2, late = ship_new_order(business, members, location, store, owner)
    set_due(late, wib_today() - timedelta(days=45), status=InvoiceStatus.OVERDUE)
    client = sign_in(app, owner)

    html = text(client.get(f"/penjual/toko/{store.id}/piutang"))

    row = html[html.index(f'id="business-{business.id}"') :]
    row = row[: row.index("</tr>")]
    money = [f"Rp{n:,}".replace(",", ".") for n in (current.total_idr, late.total_idr)]
    assert "PT Hotel Danau Toba" in row
    assert row.count("Rp0") == 2  # 1-30 and over 60 days are empty
    assert money[0] in row and money[1] in row
    total = f"Rp{current.total_idr + late.total_idr:,}".replace(",", ".")
    assert total in row


# -- Admin -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(app):
    return sign_in(app, make_user(name="Admin Keuangan", is_admin=True))


def test_admin_pages_refuse_non_admins(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o, invoice = ship_new_order(business, members, location, store, owner)
    for user in (members["owner"], owner):
        client = sign_in(app, user, business)
        token = csrf_from(text(client.get("/")))  # the header's logout form
        for url in (
            "/admin/faktur",
            f"/admin/faktur/{invoice.id}",
            f"/admin/faktur/{invoice.id}/cetak",
            "/admin/piutang",
        ):
            assert client.get(url).status_code == 403, url
        paid = client.post(
            f"/admin/faktur/{invoice.id}/bayar",
            data={
                "csrf_token": token,
                "amount_idr": 1000,
                "reference": "X",
                "paid_on": "2026-01-05",
            },
        )
        voided = client.post(
            f"/admin/faktur/{invoice.id}/batal", data={"csrf_token": token, "reason": "coba coba"}
        )
        assert paid.status_code == voided.status_code == 403
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.ISSUED and invoice.paid_idr == 0


def test_an_admin_records_a_transfer_then_the_rest(app, hotel, seller, admin_client):
    _o, invoice = ship_new_order(*hotel, *seller)
    url = f"/admin/faktur/{invoice.id}"
    today = wib_today().isoformat()

    first = post_form(
        admin_client,
        f"{url}/bayar",
        {"amount_idr": 250_000, "reference": "BRI 0312 7781", "paid_on": today},
        page=url,
    )
    assert first.status_code == 302 and first.headers["Location"].endswith(url)
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID and invoice.paid_idr == 250_000

    rest = post_form(
        admin_client,
        f"{url}/bayar",
        {"amount_idr": invoice.balance_idr, "reference": "BRI 0312 7790", "paid_on": today},
        page=url,
    )
    assert rest.status_code == 302
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.PAID
    page = text(admin_client.get(url))
    assert "BRI 0312 7781" in page and "LUNAS" in page
    assert "Catat pembayaran diterima" not in page


def test_an_overpayment_by_form_is_refused_with_the_balance_and_nothing_changes(
    app, hotel, seller, admin_client
):
    _o, invoice = ship_new_order(*hotel, *seller)
    url = f"/admin/faktur/{invoice.id}"

    response = post_form(
        admin_client,
        f"{url}/bayar",
        {
            "amount_idr": invoice.total_idr + 1,
            "reference": "BRI 9",
            "paid_on": wib_today().isoformat(),
        },
        page=url,
    )
    missing_reference = post_form(
        admin_client,
        f"{url}/bayar",
        {"amount_idr": 1_000, "reference": "", "paid_on": wib_today().isoformat()},
        page=url,
    )

    assert response.status_code == 200
    assert "melebihi sisa tagihan" in text(response)
    assert f"Rp{invoice.total_idr:,}".replace(",", ".") in text(response)
    assert missing_reference.status_code == 200 and "Wajib diisi." in text(missing_reference)
    db.session.refresh(invoice)
    assert invoice.paid_idr == 0 and invoice.status == InvoiceStatus.ISSUED
    assert db.session.scalar(select(func.count()).select_from(InvoicePayment)) == 0


def test_an_admin_voids_an_invoice_without_payments(app, hotel, seller, admin_client):
    _o, invoice = ship_new_order(*hotel, *seller)
    url = f"/admin/faktur/{invoice.id}"

    too_short = post_form(admin_client, f"{url}/batal", {"reason": "x"}, page=url)
    response = post_form(admin_client, f"{url}/batal", {"reason": "Terbit dua kali"}, page=url)

    assert too_short.status_code == 200
    assert response.status_code == 302
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.VOID and invoice.void_reason == "Terbit dua kali"
    assert "BATAL" in text(admin_client.get(f"{url}/cetak"))


def test_the_admin_list_filters_by_status_seller_and_business(app, hotel, seller, admin_client):
    business, members, location = hotel
    store, owner = seller
    rival, rival_owner = make_seller(name="Anyaman Pandan")
    cafe, cafe_members, cafe_outlet = make_business_account(legal_name="CV Kopi Sidikalang")
    _a, ours = ship_new_order(business, members, location, store, owner)
    _b, theirs = ship_new_order(business, members, location, rival, rival_owner)
    _c, cafes = ship_new_order(cafe, cafe_members, cafe_outlet, store, owner)
    set_due(cafes, wib_today() - timedelta(days=2), status=InvoiceStatus.OVERDUE)

    everything = text(admin_client.get("/admin/faktur"))
    by_store = text(admin_client.get(f"/admin/faktur?store={rival.id}"))
    by_business = text(admin_client.get(f"/admin/faktur?business={cafe.id}"))
    overdue = text(admin_client.get("/admin/faktur?status=jatuh-tempo"))

    assert all(i.number in everything for i in (ours, theirs, cafes))
    assert theirs.number in by_store and ours.number not in by_store
    assert cafes.number in by_business and ours.number not in by_business
    assert cafes.number in overdue and theirs.number not in overdue


def test_the_admin_reads_aged_receivables_per_business_and_per_seller(
    app, hotel, seller, admin_client
):
    business, members, location = hotel
    store, owner = seller
    _o1, late = ship_new_order(business, members, location, store, owner)
    set_due(late, wib_today() - timedelta(days=75), status=InvoiceStatus.OVERDUE)

    html = text(admin_client.get("/admin/piutang"))

    amount = f"Rp{late.total_idr:,}".replace(",", ".")
    for anchor in (f'id="business-{business.id}"', f'id="store-{store.id}"', 'id="store-total"'):
        row = html[html.index(anchor) :]
        row = row[: row.index("</tr>")]
        assert row.count("Rp0") == 3 and row.count(amount) == 2, anchor


# -- Query counts ----------------------------------------------------------------------------


def test_invoice_lists_take_the_same_number_of_queries_at_any_size(
    app, hotel, seller, admin_client, count_queries
):
    business, members, location = hotel
    store, owner = seller
    bread = make_wholesale_item(store)
    buyer_client = sign_in(app, members["finance"], business)
    seller_client = sign_in(app, owner)
    pages = [
        (buyer_client, "/grosir/faktur"),
        (seller_client, f"/penjual/toko/{store.id}/faktur"),
        (seller_client, f"/penjual/toko/{store.id}/piutang"),
        (admin_client, "/admin/faktur"),
        (admin_client, "/admin/piutang"),
    ]

    def measure() -> list[int]:
        counts = []
        for client, url in pages:
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    ship_new_order(business, members, location, store, owner, variant=bread)
    few = measure()
    for _ in range(5):
        ship_new_order(business, members, location, store, owner, variant=bread)
    other, other_members, other_outlet = make_business_account()
    ship_new_order(other, other_members, other_outlet, store, owner, variant=bread)
    many = measure()

    assert db.session.scalar(select(func.count()).select_from(Invoice)) == 7
    assert few == many
