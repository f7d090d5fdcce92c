"""Invoices as PDF files: the buyer, the seller and admins download the print view laid out on A4;
the same access as the print view (another's invoice is a 404, non-admins get 403, visitors log
in); the renderer reads stylesheets from static/ on disk and nothing else."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from marketplace.wholesale.invoice_pdf import (
    StaticOnly,
    download_name,
    render_pdf,
    static_fetcher,
)
from tests.factories import make_user
from tests.wholesale.helpers import make_business_account
from tests.wholesale.invoice_helpers import make_seller, ship_new_order
from tests.wholesale.test_invoice_views import sign_in

A4_MEDIABOX = "/MediaBox [0 0 595.275591 841.889764]"


@pytest.fixture
def hotel(app):
    return make_business_account(legal_name="PT Hotel Danau Toba")


@pytest.fixture
def seller(app):
    return make_seller(is_pkp=True, name="Roti Bu Sri")


def pdf_objects(data: bytes) -> str:
    """The PDF's objects as text: its streams inflated (WeasyPrint compresses them all)."""
    parts = [data.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(parts)


def assert_invoice_pdf(response, invoice) -> str:
    """The response is the invoice's A4 PDF as a private download; its objects as text."""
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert len(response.data) > 5_000
    expected = f'attachment; filename="{invoice.number.replace("/", "-")}.pdf"'
    assert response.headers["Content-Disposition"] == expected
    assert response.headers["Cache-Control"] == "private, no-store"
    objects = pdf_objects(response.data)
    assert f"/Title (Faktur {invoice.number})" in objects
    assert A4_MEDIABOX in objects
    assert "DejaVu" in objects  # the local font, embedded
    assert "/URI" not in objects  # no links out (the print view's back link is not printed)
    return objects


# -- Buyer -----------------------------------------------------------------------------------


def test_the_business_downloads_its_invoice_as_an_a4_pdf(app, hotel, seller):
    business, members, location = hotel
    _order, invoice = ship_new_order(business, members, location, *seller)
    client = sign_in(app, members["finance"], business)

    response = client.get(f"/grosir/faktur/{invoice.id}.pdf")

    objects = assert_invoice_pdf(response, invoice)
    # The document's headings (kept as PDF bookmarks) show the print view's sections.
    for heading in ("FAKTUR / INVOICE", "Penjual", "Pembeli", "Alamat kirim", "Cara membayar"):
        assert f"/Title ({heading})" in objects, heading
    assert "/Count 1>>" in objects  # one A4 page


def test_a_paid_invoice_pdf_lists_the_payment_instead_of_how_to_pay(app, hotel, seller):
    business, members, location = hotel
    _order, paid = ship_new_order(business, members, location, *seller, pay_upfront="bank_transfer")
    client = sign_in(app, members["finance"], business)

    objects = assert_invoice_pdf(client.get(f"/grosir/faktur/{paid.id}.pdf"), paid)

    assert "/Title (Pembayaran diterima)" in objects
    assert "/Title (Cara membayar)" not in objects


def test_the_pdf_of_another_business_invoice_is_not_found(app, hotel, seller):
    business, members, _location = hotel
    other, other_members, other_outlet = make_business_account()
    _o, foreign = ship_new_order(other, other_members, other_outlet, *seller)
    client = sign_in(app, members["owner"], business)

    assert client.get(f"/grosir/faktur/{foreign.id}.pdf").status_code == 404
    assert client.get("/grosir/faktur/999999.pdf").status_code == 404


def test_a_buyer_member_cannot_download_the_pdf_and_a_visitor_must_log_in(app, hotel, seller):
    business, members, location = hotel
    _o, invoice = ship_new_order(business, members, location, *seller)
    buyer = sign_in(app, members["buyer"], business)

    assert buyer.get(f"/grosir/faktur/{invoice.id}.pdf").status_code == 403
    for url in (
        f"/grosir/faktur/{invoice.id}.pdf",
        f"/penjual/toko/{seller[0].id}/faktur/{invoice.id}.pdf",
        f"/admin/faktur/{invoice.id}.pdf",
    ):
        visitor = app.test_client().get(url)
        assert visitor.status_code == 302 and "/masuk" in visitor.headers["Location"], url


# -- Seller ----------------------------------------------------------------------------------


def test_the_seller_downloads_its_invoice_as_a_pdf(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o, invoice = ship_new_order(business, members, location, store, owner)
    client = sign_in(app, owner)

    response = client.get(f"/penjual/toko/{store.id}/faktur/{invoice.id}.pdf")

    assert_invoice_pdf(response, invoice)


def test_a_seller_cannot_download_another_sellers_invoice(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    rival, rival_owner = make_seller(name="Anyaman Pandan")
    _o, foreign = ship_new_order(business, members, location, rival, rival_owner)
    client = sign_in(app, owner)

    assert client.get(f"/penjual/toko/{store.id}/faktur/{foreign.id}.pdf").status_code == 404
    assert client.get(f"/penjual/toko/{rival.id}/faktur/{foreign.id}.pdf").status_code == 404


# -- Admin -----------------------------------------------------------------------------------


def test_an_admin_downloads_any_invoice_and_non_admins_are_refused(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o, invoice = ship_new_order(business, members, location, store, owner)
    admin = sign_in(app, make_user(name="Admin Keuangan", is_admin=True))

    assert_invoice_pdf(admin.get(f"/admin/faktur/{invoice.id}.pdf"), invoice)
    assert admin.get("/admin/faktur/999999.pdf").status_code == 404
    for user in (members["owner"], owner):
        client = sign_in(app, user, business)
        assert client.get(f"/admin/faktur/{invoice.id}.pdf").status_code == 403


# -- Links -----------------------------------------------------------------------------------


def test_the_invoice_and_print_pages_link_to_the_pdf(app, hotel, seller):
    business, members, location = hotel
    store, owner = seller
    _o, invoice = ship_new_order(business, members, location, store, owner)
    admin = make_user(name="Admin Keuangan", is_admin=True)
    sides = (
        (sign_in(app, members["finance"], business), f"/grosir/faktur/{invoice.id}"),
        (sign_in(app, owner), f"/penjual/toko/{store.id}/faktur/{invoice.id}"),
        (sign_in(app, admin), f"/admin/faktur/{invoice.id}"),
    )

    for client, invoice_url in sides:
        for page_url in (invoice_url, f"{invoice_url}/cetak"):
            response = client.get(page_url)
            html = response.get_data(as_text=True)
            assert response.status_code == 200, page_url
            assert f'href="{invoice_url}.pdf" download>Unduh PDF</a>' in html, page_url


# -- The renderer ----------------------------------------------------------------------------


def test_the_renderer_serves_static_files_from_disk_and_refuses_every_other_url(app):
    static = Path(app.static_folder)
    with app.test_request_context():
        fetcher = static_fetcher(base_url="http://localhost/")

        css = fetcher("http://localhost/static/css/invoice.css")

        assert css.read() == (static / "css" / "invoice.css").read_bytes()
        assert css.content_type == "text/css"
        for url in (
            "https://cdn.invalid/static/css/invoice.css",  # another host
            "http://localhost/static/../marketplace/config.py",  # out of static/
            "http://localhost/static/%2e%2e/wsgi.py",
            "http://localhost/static/css/nothing-here.css",
            "http://localhost/grosir/faktur",  # a page, not a static file
            f"file://{static / 'css' / 'invoice.css'}",
            "data:text/css,body{color:red}",
        ):
            with pytest.raises(StaticOnly):
                fetcher(url)


def test_the_renderer_lays_out_html_on_a4_with_the_apps_stylesheet(app, caplog):
    page = (
        '<!doctype html><html lang="id"><head><title>Uji</title>{css}</head>'
        '<body class="invoice-page"><p class="no-print"><a href="https://pasar.invalid/">x</a></p>'
        '<h1>Faktur</h1><link rel="stylesheet" href="https://cdn.invalid/x.css"></body></html>'
    )
    ours = '<link rel="stylesheet" href="/static/css/invoice.css">'
    with app.test_request_context():
        styled = render_pdf(page.format(css=ours))
        bare = render_pdf(page.format(css=""))

    assert styled.startswith(b"%PDF-")
    assert A4_MEDIABOX in pdf_objects(styled)
    # invoice.css, read from disk, hides the .no-print link; without it the link is in the PDF.
    assert "/URI" not in pdf_objects(styled)
    assert "/URI" in pdf_objects(bare)
    refused = [r.getMessage() for r in caplog.records if r.name == "weasyprint"]
    assert refused and all("StaticOnly: https://cdn.invalid/x.css" in m for m in refused)


def test_the_download_name_has_no_slashes():
    assert download_name("INV/2026/0007/000123") == "INV-2026-0007-000123.pdf"
    assert download_name('a"b\\c') == "a-b-c.pdf"
