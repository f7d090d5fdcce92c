"""A trained seller lists a product with a phone photo; a visitor finds it on the public page."""

from __future__ import annotations

from datetime import date, timedelta

from PIL import Image
from playwright.sync_api import Browser, expect

from tests.browser.helpers import PHONE, log_in


def phone_photo(path) -> None:
    img = Image.new("RGB", (1600, 1200), (214, 160, 60))
    exif = img.getexif()
    exif[0x0112] = 6  # taken sideways
    img.save(path, "JPEG", exif=exif, quality=85)


def test_seller_adds_a_product_with_a_photo_and_it_goes_public(
    browser: Browser, live_server: str, screenshots, tmp_path
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, "sri.wahyuni@pasarikm.example", "demo-ikm-2026")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Toko saya").click()
    page.get_by_role("link", name="Keripik Tempe Bu Sri").first.click()
    page.locator("nav.subnav").get_by_role("link", name="Produk").click()
    page.screenshot(path=str(screenshots / "seller-products-phone.png"), full_page=True)
    page.get_by_role("link", name="Tambah produk").click()

    page.get_by_label("Nama produk").fill("Keripik Usus Renyah 150 g")
    page.get_by_label("Kategori").select_option(label="Keripik & camilan")
    page.get_by_label("Deskripsi").fill("Usus ayam goreng tepung, renyah dan gurih.")
    page.get_by_label("SKU 1").fill("KTB-USUS-150")
    page.get_by_label("Varian 1").fill("150 g")
    page.get_by_label("Harga (Rp) 1").fill("22000")
    page.get_by_label("Stok 1").fill("30")
    page.get_by_label("Berat (gram) 1").fill("170")
    page.get_by_label("Nomor sertifikat halal").fill("ID33110000123450325")
    page.get_by_label("Halal berlaku sampai").fill((date.today() + timedelta(days=700)).isoformat())
    page.locator("main form.form-wide").get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Produk disimpan.")).to_be_visible()

    photo = tmp_path / "IMG_20261123_101500.jpg"
    phone_photo(photo)
    page.get_by_label("Foto produk").set_input_files(str(photo))
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.get_by_text("Foto ditambahkan.")).to_be_visible()
    page.get_by_role("button", name="Tayangkan").first.click()
    expect(page.get_by_text("Status produk diperbarui.")).to_be_visible()
    page.screenshot(path=str(screenshots / "product-form-phone.png"), full_page=True)
    page.get_by_role("link", name="Lihat di halaman publik").click()

    expect(page.get_by_role("heading", name="Keripik Usus Renyah 150 g")).to_be_visible()
    expect(page.get_by_role("cell", name="Rp22.000")).to_be_visible()
    expect(page.get_by_text("Alumni Pelatihan Kuliner").first).to_be_visible()
    image = page.locator(".gallery img").first
    expect(image).to_be_visible()
    size = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size[1] > size[0], "the sideways phone photo is shown upright"
    page.screenshot(path=str(screenshots / "product-phone.png"), full_page=True)
    context.close()
