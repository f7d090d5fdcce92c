"""Bank transfer: the instructions page, proof upload into private storage, the admin's queue
with confirm and reject, and who may see what."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from marketplace.core.db import utcnow
from marketplace.core.security import CONTENT_SECURITY_POLICY
from marketplace.extensions import db
from marketplace.orders.models import CheckoutStatus, OrderEvent, OrderStatus
from marketplace.orders.services import expire_checkouts
from marketplace.payments import bank_transfer
from marketplace.payments.base import get_provider
from marketplace.payments.errors import (
    PaymentClosed,
    ReasonRequired,
    RefundReferenceRequired,
)
from marketplace.payments.models import PaymentStatus
from tests.conftest import csrf_from
from tests.factories import make_user
from tests.payments.helpers import (
    image_bytes,
    logged_in,
    order_event_count,
    order_statuses,
    pay_page_token,
    place_checkout_for,
    stored_payment,
)

pytestmark = pytest.mark.usefixtures("app")


def upload(client, checkout, data: bytes, name: str = "bukti.jpg"):
    """Post a proof file from the pay page, like the browser does."""
    return client.post(
        f"/bayar/{checkout.public_id}/bukti",
        data={"csrf_token": pay_page_token(client, checkout), "proof": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def admin_post(client, checkout, action: str, **data):
    """An admin's confirm or reject from the queue page."""
    token = csrf_from(client.get("/admin/pembayaran").get_data(as_text=True))
    return client.post(
        f"/admin/pembayaran/{checkout.public_id}/{action}", data={"csrf_token": token, **data}
    )


def private_proof_files(app, checkout) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"]) / "private" / "payment-proofs" / str(checkout.id)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_pay_page_shows_account_exact_amount_with_code_and_deadline(app):
    # Given a bank-transfer checkout of Rp150.000 by a buyer in WITA
    placed = place_checkout_for("bank_transfer", timezone="Asia/Makassar")
    checkout = placed.checkout
    assert 1 <= checkout.unique_code <= 999
    assert checkout.amount_due_idr == 150_000 + checkout.unique_code
    client = logged_in(app, placed.buyer)

    # When the buyer opens the pay page
    response = client.get(f"/bayar/{checkout.public_id}")

    # Then it shows the platform's account, the exact amount with the code's digits marked,
    # the code itself and the deadline in the buyer's zone
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    account = app.config["BANK_TRANSFER_ACCOUNT"]
    assert account["number"] in html and account["holder"] in html
    formatted = f"Rp{checkout.amount_due_idr:,}".replace(",", ".")
    assert f"{formatted[:-3]}<mark>{formatted[-3:]}</mark>" in html
    assert f"kode unik {checkout.unique_code:03d}" in html
    assert "Rp150.000" in html
    local = checkout.expires_at.astimezone(ZoneInfo("Asia/Makassar"))
    assert f"{local.day} " in html and f"{local:%H.%M}" in html and "WITA" in html
    assert 'name="csrf_token"' in html and 'enctype="multipart/form-data"' in html
    # And the page keeps the site's strict CSP (no Stripe on a bank-transfer page)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "js.stripe.com" not in html


def test_buyer_uploads_proof_and_admin_confirms(app, outbox):
    # Given a bank-transfer checkout and its buyer on the pay page
    placed = place_checkout_for("bank_transfer")
    checkout = placed.checkout
    buyer_client = logged_in(app, placed.buyer)
    events_before = order_event_count(checkout)
    outbox.clear()  # the "order placed" mail

    # When the buyer uploads a photo of the receipt
    response = upload(buyer_client, checkout, image_bytes("JPEG"))

    # Then it is kept as a clean WebP in private storage and awaits review
    assert response.status_code == 302
    payment = stored_payment(checkout)
    assert payment.status == PaymentStatus.PROOF_SUBMITTED
    assert payment.proof_key.startswith(f"payment-proofs/{checkout.id}/")
    assert payment.proof_key.endswith(".webp")
    files = private_proof_files(app, checkout)
    assert len(files) == 1 and files[0].read_bytes()[8:12] == b"WEBP"
    assert not (Path(app.config["UPLOAD_DIR"]) / "public" / "payment-proofs").exists()
    page = buyer_client.get(f"/bayar/{checkout.public_id}").get_data(as_text=True)
    assert 'data-state="review"' in page
    proof = buyer_client.get(f"/bayar/{checkout.public_id}/bukti")
    assert proof.status_code == 200 and proof.mimetype == "image/webp"
    assert "no-store" in proof.headers["Cache-Control"]

    # And the admin sees it in the queue, with the proof
    admin = make_user(is_admin=True)
    admin_client = logged_in(app, admin)
    queue = admin_client.get("/admin/pembayaran").get_data(as_text=True)
    assert checkout.public_id in queue and "Rina Kusumawati" in queue
    assert admin_client.get(f"/bayar/{checkout.public_id}/bukti").status_code == 200

    # When the admin confirms the transfer
    response = admin_post(admin_client, checkout, "konfirmasi")

    # Then the checkout and its orders are paid, with events naming the admin
    assert response.status_code == 302
    placed.reload()
    assert placed.checkout.status == CheckoutStatus.PAID
    assert order_statuses(checkout) == [OrderStatus.PAID]
    assert placed.payment.status == PaymentStatus.SUCCEEDED
    assert placed.payment.reviewed_by_id == admin.id
    assert order_event_count(checkout) == events_before + 1
    paid_event = db.session.query(OrderEvent).order_by(OrderEvent.id.desc()).first()
    assert paid_event.to_status == OrderStatus.PAID and paid_event.actor_user_id == admin.id
    # And the buyer and the seller are told, each once
    subjects = sorted((m["To"], m["Subject"]) for m in outbox)
    assert (placed.buyer.email, "Pembayaran diterima") in subjects
    order_number = placed.checkout.orders[0].number
    assert (placed.seller.email, f"Pesanan baru sudah dibayar: {order_number}") in subjects
    assert len(outbox) == 2
    page = buyer_client.get(f"/bayar/{checkout.public_id}").get_data(as_text=True)
    assert 'data-state="paid"' in page and "Lunas" in page
    assert checkout.public_id not in admin_client.get("/admin/pembayaran").get_data(as_text=True)

    # When the admin confirms again (a double click), nothing more happens
    admin_post(admin_client, checkout, "konfirmasi")
    assert order_event_count(checkout) == events_before + 1
    assert len(outbox) == 2


def test_rejected_proof_gives_reason_and_buyer_uploads_again(app, outbox):
    # Given a proof waiting for review
    placed = place_checkout_for("bank_transfer")
    checkout = placed.checkout
    buyer_client = logged_in(app, placed.buyer)
    upload(buyer_client, checkout, image_bytes("JPEG"))
    first_files = private_proof_files(app, checkout)
    admin_client = logged_in(app, make_user(is_admin=True))
    outbox.clear()

    # When an admin rejects it without a reason, nothing changes
    admin_post(admin_client, checkout, "tolak", reason="  ")
    assert stored_payment(checkout).status == PaymentStatus.PROOF_SUBMITTED

    # When the admin rejects it with a reason
    admin_post(admin_client, checkout, "tolak", reason="Nominal tidak sesuai, kurang Rp1.000")

    # Then the payment failed with that reason, nothing is paid, the buyer is told
    payment = stored_payment(checkout)
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_reason == "Nominal tidak sesuai, kurang Rp1.000"
    assert order_statuses(checkout) == [OrderStatus.PENDING_PAYMENT]
    assert [m["Subject"] for m in outbox] == ["Bukti transfer ditolak"]
    assert "Nominal tidak sesuai" in outbox[0].get_payload(decode=True).decode()
    page = buyer_client.get(f"/bayar/{checkout.public_id}").get_data(as_text=True)
    assert 'data-state="failed"' in page and "Nominal tidak sesuai" in page
    assert 'name="proof"' in page

    # When the buyer uploads a new proof within the window
    upload(buyer_client, checkout, image_bytes("PNG", size=(1080, 1920)), name="bukti.png")

    # Then it waits for review again, and only the new file is kept
    payment = stored_payment(checkout)
    assert payment.status == PaymentStatus.PROOF_SUBMITTED and payment.failure_reason is None
    files = private_proof_files(app, checkout)
    assert len(files) == 1 and files != first_files
    assert checkout.public_id in admin_client.get("/admin/pembayaran").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"Transfer BRI Rp150.123 ke PT Pasar IKM", "bukti.jpg", "bukan gambar"),
        (b"\xff\xd8\xff" + b"0" * (11 * 1024 * 1024), "besar.jpg", "maksimal 10 MB"),
        (b"GIF89a" + b"\x00" * 64, "bukti.gif", "belum didukung"),
    ],
)
def test_invalid_upload_changes_nothing(app, data, name, message):
    # Given a pending bank-transfer payment
    placed = place_checkout_for("bank_transfer")
    client = logged_in(app, placed.buyer)

    # When the buyer uploads something that is not a usable image
    response = upload(client, placed.checkout, data, name=name)

    # Then they are told why, and nothing is stored
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    payment = stored_payment(placed.checkout)
    assert payment.status == PaymentStatus.PENDING and payment.proof_key is None
    assert private_proof_files(app, placed.checkout) == []


def test_only_the_buyer_sees_the_page_and_only_buyer_and_admins_the_proof(app, client):
    # Given a checkout with a proof uploaded
    placed = place_checkout_for("bank_transfer")
    checkout = placed.checkout
    upload(logged_in(app, placed.buyer), checkout, image_bytes())
    page, proof = f"/bayar/{checkout.public_id}", f"/bayar/{checkout.public_id}/bukti"

    # Then anonymous visitors are sent to log in
    assert client.get(page).status_code == 302
    assert "/masuk" in client.get(proof).headers["Location"]
    # And another buyer and the seller get 404s, for the page, the proof and the upload
    for outsider in (make_user(), placed.seller):
        other = logged_in(app, outsider)
        assert other.get(page).status_code == 404
        assert other.get(proof).status_code == 404
        token = csrf_from(other.get("/").get_data(as_text=True))
        response = other.post(
            f"{page}/bukti",
            data={"csrf_token": token, "proof": (io.BytesIO(image_bytes()), "bukti.jpg")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 404
    # And an unknown checkout is a 404 too
    assert logged_in(app, placed.buyer).get("/bayar/tidak-ada").status_code == 404
    # And an admin sees the proof, but the pay page stays the buyer's
    admin = logged_in(app, make_user(is_admin=True))
    assert admin.get(proof).status_code == 200
    assert admin.get(page).status_code == 404


def test_non_admins_cannot_see_the_queue_or_decide(app):
    # Given a proof waiting for review
    placed = place_checkout_for("bank_transfer")
    buyer_client = logged_in(app, placed.buyer)
    upload(buyer_client, placed.checkout, image_bytes())

    # When the buyer (or the seller) tries the admin routes
    for client in (buyer_client, logged_in(app, placed.seller)):
        token = csrf_from(client.get("/").get_data(as_text=True))
        assert client.get("/admin/pembayaran").status_code == 403
        for action in ("konfirmasi", "tolak"):
            response = client.post(
                f"/admin/pembayaran/{placed.checkout.public_id}/{action}",
                data={"csrf_token": token, "reason": "x"},
            )
            assert response.status_code == 403

    # Then nothing changed
    assert stored_payment(placed.checkout).status == PaymentStatus.PROOF_SUBMITTED
    assert order_statuses(placed.checkout) == [OrderStatus.PENDING_PAYMENT]


def test_admin_actions_need_csrf(app):
    placed = place_checkout_for("bank_transfer")
    upload(logged_in(app, placed.buyer), placed.checkout, image_bytes())
    admin = logged_in(app, make_user(is_admin=True))

    response = admin.post(f"/admin/pembayaran/{placed.checkout.public_id}/konfirmasi")

    assert response.status_code == 400
    assert stored_payment(placed.checkout).status == PaymentStatus.PROOF_SUBMITTED


def test_no_proof_after_the_window(app):
    # Given a checkout whose payment window has ended (the expiry job has not run yet)
    placed = place_checkout_for("bank_transfer")
    placed.checkout.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    # Then a proof is refused and the page says the window is over
    with pytest.raises(PaymentClosed):
        bank_transfer.submit_proof(placed.payment, image_bytes(), buyer=placed.buyer)
    db.session.rollback()
    page = logged_in(app, placed.buyer).get(f"/bayar/{placed.checkout.public_id}")
    html = page.get_data(as_text=True)
    assert 'data-state="expired"' in html and 'name="proof"' not in html


def test_a_proof_under_review_keeps_its_checkout_past_the_window(app):
    # Given a proof sent in time, and the window ending before an admin looked
    placed = place_checkout_for("bank_transfer")
    bank_transfer.submit_proof(placed.payment, image_bytes(), buyer=placed.buyer)
    placed.checkout.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    # Then the expiry job leaves it, and the admin can still confirm it
    assert expire_checkouts() == 0
    admin = make_user(is_admin=True)
    bank_transfer.confirm_transfer(placed.payment, admin=admin)
    db.session.commit()
    placed.reload()
    assert placed.checkout.status == CheckoutStatus.PAID


def test_a_proof_rejected_after_the_window_lets_the_checkout_expire(app):
    placed = place_checkout_for("bank_transfer")
    bank_transfer.submit_proof(placed.payment, image_bytes(), buyer=placed.buyer)
    placed.checkout.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    admin = make_user(is_admin=True)

    bank_transfer.reject_transfer(placed.payment, admin=admin, reason="Nominal tidak sesuai")
    db.session.commit()

    assert expire_checkouts() == 1
    placed.reload()
    assert placed.checkout.status == CheckoutStatus.EXPIRED
    assert placed.payment.status == PaymentStatus.CANCELLED
    with pytest.raises(PaymentClosed):
        bank_transfer.confirm_transfer(placed.payment, admin=admin)


def test_reject_needs_a_short_reason(app):
    placed = place_checkout_for("bank_transfer")
    bank_transfer.submit_proof(placed.payment, image_bytes(), buyer=placed.buyer)
    db.session.commit()
    admin = make_user(is_admin=True)

    for reason in ("", "   ", "x" * 201):
        with pytest.raises(ReasonRequired):
            bank_transfer.reject_transfer(placed.payment, admin=admin, reason=reason)
    assert stored_payment(placed.checkout).status == PaymentStatus.PROOF_SUBMITTED


def test_bank_refund_records_the_transfer_reference(app):
    # Given a confirmed transfer
    placed = place_checkout_for("bank_transfer")
    admin = make_user(is_admin=True)
    bank_transfer.confirm_transfer(placed.payment, admin=admin)
    db.session.commit()
    provider = get_provider("bank_transfer")

    # Then a refund needs the reference of the transfer back, and returns it
    with pytest.raises(RefundReferenceRequired):
        provider.refund(placed.payment, 50_000, reason="Barang rusak")
    reference = provider.refund(
        placed.payment, 50_000, reason="Barang rusak", reference="BRI 0923 7781"
    )
    assert reference == "BRI 0923 7781"


def test_a_buyer_cannot_cancel_while_the_transfer_proof_is_being_checked(app):
    from marketplace.orders.fulfilment import ProofUnderReview, cancel_by_buyer

    placed = place_checkout_for("bank_transfer")
    bank_transfer.submit_proof(placed.payment, image_bytes(), buyer=placed.buyer)
    db.session.commit()

    with pytest.raises(ProofUnderReview):
        cancel_by_buyer(placed.checkout.orders[0], buyer=placed.buyer, reason="Salah pesan")
    db.session.rollback()

    placed.reload()
    assert placed.checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert placed.payment.status == PaymentStatus.PROOF_SUBMITTED
