"""A hotel orders coffee in bulk on terms: approval, the seller ships, the invoice is paid."""

from __future__ import annotations

import re
from datetime import timedelta

from babel.dates import format_date
from playwright.sync_api import Browser, Page, expect

from marketplace.core.db import utcnow
from tests.browser.helpers import DESKTOP, PHONE, log_in

PASSWORD = "demo-ikm-2026"
HOTEL = "PT Deli Permai Hospitality (Hotel Deli Permai Medan)"
BUYER = "purchasing@hoteldelipermai.example"
APPROVER = "fnb.manager@hoteldelipermai.example"
FINANCE = "finance@hoteldelipermai.example"
SELLER = "budi.siregar@pasarikm.example"
ADMIN = "admin@pasarikm.example"
STORE = "Roastery Kopi Deli"


def _act_for_hotel(page: Page, base: str) -> None:
    """Open the wholesale area and act for the hotel with the dashboard's form."""
    page.goto(base + "/grosir/")
    row = page.locator("tr", has_text=HOTEL)
    row.get_by_role("button", name="Bertindak untuk usaha ini").click()
    expect(page.locator(".acting-bar")).to_contain_text("Bertindak untuk")
    expect(page.locator(".acting-bar")).to_contain_text(HOTEL)
    expect(page.get_by_role("heading", name=HOTEL)).to_be_visible()


def _no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_hotel_orders_on_terms_approver_seller_ships_admin_records_payment(
    browser: Browser, live_server: str, screenshots
):
    delivery = utcnow().date() + timedelta(days=5)

    # 1. The hotel's buyer orders 60 packs of coffee on her phone: the top tier, above the
    #    approval threshold.
    buyer = browser.new_context(viewport=PHONE)
    page = buyer.new_page()
    log_in(page, live_server, BUYER, PASSWORD)
    _act_for_hotel(page, live_server)
    page.screenshot(path=str(screenshots / "wholesale-dashboard-phone.png"), full_page=True)
    page.goto(live_server + "/grosir/pesan-cepat")
    expect(page.get_by_role("heading", name="Pesan cepat")).to_be_visible()
    page.get_by_label("SKU baris 1", exact=True).fill("RKD-SDK-500")
    page.get_by_label("Jumlah baris 1", exact=True).fill("60")
    page.get_by_label("Lokasi pengiriman").select_option(label="Hotel Deli Permai Kesawan")
    page.get_by_label("Tanggal kirim yang diminta").fill(delivery.isoformat())
    page.get_by_label("Tempo (sesuai ketentuan usaha Anda, dibayar lewat faktur)").check()
    page.get_by_role("button", name="Periksa").click()
    preview = page.locator("#pratinjau")
    expect(preview.get_by_role("heading", name="Pratinjau pesanan")).to_be_visible()
    row = preview.locator("tbody tr", has_text="RKD-SDK-500")
    expect(row.get_by_role("cell", name="Rp98.000", exact=True)).to_be_visible()
    expect(row.get_by_role("cell", name="Rp5.880.000", exact=True)).to_be_visible()
    expect(row).to_contain_text("Siap")
    expect(preview.get_by_text("Perlu disetujui")).to_be_visible()
    expect(preview).to_contain_text(format_date(delivery, "long", locale="id"))
    page.screenshot(
        path=str(screenshots / "wholesale-quick-order-preview-phone.png"), full_page=True
    )
    page.get_by_role("button", name="Pesan", exact=True).click()
    page.wait_for_url(re.compile(r"/grosir/pesanan(#.*)?$"))
    expect(page.get_by_text("menunggu persetujuan approver usaha Anda")).to_be_visible()
    mine = page.locator("tbody tr", has_text="× 60")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Menunggu persetujuan")
    number = mine.locator("a").first.inner_text().strip()
    assert number, "the new order has a number"
    page.screenshot(path=str(screenshots / "wholesale-orders-phone.png"), full_page=True)
    buyer.close()

    # 2. The F&B manager approves it on his phone; the order is confirmed on terms.
    approver = browser.new_context(viewport=PHONE)
    page = approver.new_page()
    log_in(page, live_server, APPROVER, PASSWORD)
    _act_for_hotel(page, live_server)
    page.goto(live_server + "/grosir/persetujuan")
    waiting = page.locator("li.panel", has=page.get_by_role("link", name=number, exact=True))
    expect(waiting).to_contain_text("× 60 @ Rp98.000")
    expect(waiting).to_contain_text("di atas batas Rp5.000.000")
    page.screenshot(path=str(screenshots / "wholesale-approvals-phone.png"), full_page=True)
    waiting.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Pesanan disetujui dan diteruskan.")).to_be_visible()
    expect(page.locator("li.panel", has=page.get_by_role("link", name=number))).to_have_count(0)
    page.goto(live_server + f"/grosir/pesanan/{number}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dikonfirmasi (bayar tempo)")
    page.screenshot(path=str(screenshots / "wholesale-order-confirmed-phone.png"), full_page=True)
    approver.close()

    # 3. The roastery accepts, ships with a resi, and the invoice is issued.
    seller = browser.new_context(viewport=DESKTOP)
    page = seller.new_page()
    log_in(page, live_server, SELLER, PASSWORD)
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Toko saya").click()
    page.get_by_role("link", name=STORE).first.click()
    page.locator("nav.subnav").get_by_role("link", name="Pesanan", exact=True).click()
    page.locator("nav.chips").get_by_role("link", name=re.compile("^Perlu diproses")).click()
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dikonfirmasi (bayar tempo)")
    wholesale = page.locator(
        "section.panel", has=page.get_by_role("heading", name="Pesanan grosir")
    )
    expect(wholesale).to_contain_text(HOTEL)
    expect(wholesale).to_contain_text("bayar tempo dengan faktur")
    expect(wholesale).to_contain_text(format_date(delivery, "long", locale="id"))
    expect(wholesale).to_contain_text("Faktur terbit otomatis saat pesanan dikirim.")
    page.get_by_role("button", name="Terima & proses pesanan").click()
    expect(page.get_by_text(f"Pesanan {number} diperbarui.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Diproses")
    page.get_by_label("Kurir").fill("Kurir toko")
    page.get_by_label("Nomor resi").fill("MDN1234567890")
    page.get_by_role("button", name="Tandai dikirim").click()
    expect(page.get_by_text(f"Pesanan {number} diperbarui.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dikirim")
    page.get_by_role("link", name="Lihat faktur").click()
    document = page.locator("article.invoice")
    invoice_no = document.locator(".invoice-meta dd").first.inner_text().strip()
    assert invoice_no.startswith("INV/"), invoice_no
    expect(document).to_contain_text(number)
    expect(document).to_contain_text(HOTEL)
    expect(document.locator(".invoice-stamp")).to_have_text("BELUM LUNAS")
    total = document.locator("tr.grand td").inner_text().strip()
    assert total.startswith("Rp"), total
    page.screenshot(path=str(screenshots / "wholesale-seller-invoice-desktop.png"), full_page=True)
    seller.close()

    # 4. The hotel's finance sees the invoice unpaid and opens the print view.
    finance = browser.new_context(viewport=PHONE)
    fpage = finance.new_page()
    log_in(fpage, live_server, FINANCE, PASSWORD)
    _act_for_hotel(fpage, live_server)
    fpage.goto(live_server + "/grosir/faktur")
    line = fpage.locator("tbody tr", has=fpage.get_by_role("link", name=invoice_no, exact=True))
    expect(line).to_contain_text("Belum dibayar")
    expect(line).to_contain_text(total)
    expect(line).to_contain_text(STORE)
    fpage.screenshot(path=str(screenshots / "wholesale-buyer-invoices-phone.png"), full_page=True)
    line.get_by_role("link", name=invoice_no).click()
    expect(fpage.locator("article.invoice")).to_contain_text(invoice_no)
    fpage.get_by_role("link", name="Cetak / PDF").click()
    fpage.wait_for_url(re.compile(r"/grosir/faktur/\d+/cetak$"))
    expect(fpage.locator(".invoice-meta")).to_contain_text(invoice_no)
    expect(fpage.locator(".invoice-stamp")).to_have_text("BELUM LUNAS")
    fpage.screenshot(path=str(screenshots / "wholesale-invoice-print-phone.png"), full_page=True)
    fpage.set_viewport_size(DESKTOP)
    fpage.screenshot(path=str(screenshots / "wholesale-invoice-print-desktop.png"), full_page=True)
    fpage.set_viewport_size(PHONE)

    # 5. The admin records the transfer for the full amount; the invoice is paid.
    admin = browser.new_context(viewport=DESKTOP)
    page = admin.new_page()
    log_in(page, live_server, ADMIN, PASSWORD)
    page.goto(live_server + "/admin/faktur")
    page.get_by_role("link", name=invoice_no, exact=True).click()
    expect(page.locator("article.invoice")).to_contain_text(invoice_no)
    amount = page.get_by_label("Jumlah diterima (Rp)")
    assert int(amount.input_value()) == int(re.sub(r"\D", "", total))
    page.get_by_label("Nomor referensi transfer").fill("BCA 2611-0999")
    page.get_by_role("button", name="Catat pembayaran").click()
    expect(page.get_by_text(f"Pembayaran faktur {invoice_no} dicatat.")).to_be_visible()
    expect(page.locator("main .badge", has_text="Lunas")).to_be_visible()
    expect(page.locator(".invoice-stamp")).to_have_text("LUNAS")
    expect(page.get_by_role("button", name="Catat pembayaran")).to_have_count(0)
    page.screenshot(
        path=str(screenshots / "wholesale-admin-invoice-paid-desktop.png"), full_page=True
    )
    admin.close()

    fpage.goto(live_server + "/grosir/faktur")
    line = fpage.locator("tbody tr", has=fpage.get_by_role("link", name=invoice_no, exact=True))
    expect(line).to_contain_text("Lunas")
    expect(line.locator(".badge")).to_have_text("Lunas")
    finance.close()


def test_wholesale_pages_on_phone_and_desktop(browser: Browser, live_server: str, screenshots):
    buyer = browser.new_context(viewport=PHONE)
    page = buyer.new_page()
    log_in(page, live_server, BUYER, PASSWORD)
    _act_for_hotel(page, live_server)
    page.goto(live_server + "/grosir/permintaan")
    page.get_by_role("link", name=re.compile("Kopi arabika Sidikalang")).first.click()
    rfq_url = page.url
    assert re.search(r"/grosir/permintaan/\d+$", rfq_url), rfq_url
    pages = {
        "dashboard": (live_server + "/grosir/", "Grosir untuk usaha"),
        "catalog": (live_server + "/grosir/katalog", None),
        "suppliers": (live_server + "/grosir/pemasok", None),
        "rfq": (rfq_url, "Kopi arabika Sidikalang"),
        "standing": (live_server + "/grosir/rutin", None),
    }
    wide = []
    for name, (url, text) in pages.items():
        for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page.set_viewport_size(size)
            response = page.goto(url)
            assert response is not None and response.status == 200, (name, url)
            if text:
                expect(page.locator("main")).to_contain_text(text)
            if label == "phone" and not _no_sideways_scroll(page):
                wide.append(name)
            page.screenshot(path=str(screenshots / f"wholesale-{name}-{label}.png"), full_page=True)
    buyer.close()

    admin = browser.new_context(viewport=PHONE)
    page = admin.new_page()
    log_in(page, live_server, ADMIN, PASSWORD)
    for name, url, text in (
        ("admin-businesses", "/admin/usaha", "Katering Berkah Sunggal"),
        ("admin-receivables", "/admin/piutang", "CV Swalayan Sentosa Medan"),
    ):
        for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page.set_viewport_size(size)
            response = page.goto(live_server + url)
            assert response is not None and response.status == 200, (name, url)
            expect(page.locator("main")).to_contain_text(text)
            if label == "phone" and not _no_sideways_scroll(page):
                wide.append(name)
            page.screenshot(path=str(screenshots / f"wholesale-{name}-{label}.png"), full_page=True)
    admin.close()
    assert not wide, f"pages scroll sideways on a phone: {wide}"
