"""Compliance documents: upload, reminders before expiry, hiding products when they expire.

Files live in private storage; only the store's members can download them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import Product, ProductStatus
from marketplace.catalog.services import record_status
from marketplace.core.db import after_commit, utcnow
from marketplace.core.errors import DomainError
from marketplace.core.mail import send_user_email
from marketplace.core.storage import get_storage
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.stores.models import DocumentKind, Store, StoreDocument, StoreMember, StoreRole

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
REMIND_DAYS = 30
# What a file must start with to be what it claims (never trust the name or content type).
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}


class InvalidDocument(DomainError):
    code = "invalid_document"
    message = _l("Unggah dokumen PDF, JPG atau PNG (maksimal 5 MB).")


@dataclass(frozen=True)
class DocumentData:
    """A document as the seller enters it."""

    kind: str
    number: str
    expires_on: date | None


def _sniff(data: bytes) -> tuple[str, str]:
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    raise InvalidDocument()


def save_private_document(file: bytes, *, folder: str) -> tuple[str, str]:
    """Check a PDF/JPG/PNG by its content and size, and keep it in private storage under
    `folder`: returns (key, content type). Raises InvalidDocument."""
    if not file or len(file) > MAX_DOCUMENT_BYTES:
        raise InvalidDocument()
    content_type, extension = _sniff(file)
    key = f"{folder}/{secrets.token_hex(16)}.{extension}"
    get_storage(current_app.config, visibility="private").save(key, file, content_type=content_type)
    return key, content_type


def open_private_document(file_key: str) -> bytes:
    """The content of a file kept by `save_private_document`."""
    return get_storage(current_app.config, visibility="private").open(file_key)


def add_document(store: Store, *, data: DocumentData, file: bytes) -> StoreDocument:
    """Keep a document and its file. Raises InvalidDocument."""
    if data.kind not in set(DocumentKind) or not data.number.strip():
        raise InvalidDocument(_l("Pilih jenis dokumen dan isi nomornya."))
    if data.kind != DocumentKind.NIB and data.expires_on is None:
        raise InvalidDocument(_l("Isi tanggal berlaku sampai."))
    key, content_type = save_private_document(file, folder=f"documents/{store.id}")
    document = StoreDocument(
        store_id=store.id,
        kind=data.kind,
        number=data.number.strip(),
        expires_on=data.expires_on,
        file_key=key,
        file_type=content_type,
    )
    db.session.add(document)
    db.session.flush()
    return document


def open_document(document: StoreDocument) -> bytes:
    """The document's file content."""
    return open_private_document(document.file_key)


def delete_document(document: StoreDocument) -> None:
    """Remove a document; its file is deleted only once the row's removal is committed."""
    storage = get_storage(current_app.config, visibility="private")
    key = document.file_key
    db.session.delete(document)
    db.session.flush()
    after_commit(db.session(), lambda: storage.delete(key))


def _owners(store_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(StoreMember, StoreMember.user_id == User.id)
            .where(StoreMember.store_id == store_id, StoreMember.role == StoreRole.OWNER)
        )
    )


@dataclass(frozen=True)
class ExpiryReport:
    """What one run of the expiry job did."""

    reminded: int
    expired_documents: int
    hidden_products: int


def run_document_expiry(*, today: date | None = None) -> ExpiryReport:
    """Remind owners 30 days ahead, hide products whose document or halal expired. Idempotent."""
    today = today or date.today()
    reminded = 0
    for document in db.session.scalars(
        select(StoreDocument).where(
            StoreDocument.expires_on.is_not(None),
            StoreDocument.expires_on >= today,
            StoreDocument.expires_on <= today + timedelta(days=REMIND_DAYS),
            StoreDocument.reminded_at.is_(None),
        )
    ):
        for owner in _owners(document.store_id):
            _remind(owner, document)
        document.reminded_at = utcnow()
        reminded += 1

    expired = list(
        db.session.scalars(
            select(StoreDocument).where(
                StoreDocument.expires_on < today, StoreDocument.expired_at.is_(None)
            )
        )
    )
    hidden = 0
    column_of = {
        DocumentKind.HALAL: Product.halal_cert_no,
        DocumentKind.PIRT: Product.pirt_no,
        DocumentKind.BPOM: Product.bpom_no,
    }
    for document in expired:
        column = column_of.get(document.kind)
        if column is not None:
            hidden += _hide(
                (Product.store_id == document.store_id) & (column == document.number),
                reason=f"{document.kind}:{document.number}",
            )
        document.expired_at = utcnow()
    # A halal date on the product itself counts too, document or not.
    hidden += _hide(
        Product.halal_expires_on < today,
        reason="halal_expired",
    )
    db.session.flush()
    return ExpiryReport(reminded=reminded, expired_documents=len(expired), hidden_products=hidden)


def _hide(condition: object, *, reason: str) -> int:
    products = db.session.scalars(
        select(Product).where(condition, Product.status == ProductStatus.ACTIVE)  # type: ignore[arg-type]
    ).all()
    for product in products:
        record_status(product, ProductStatus.HIDDEN, actor_id=None, reason=reason)
        product.hidden_reason = reason[:60]
    db.session.flush()
    return len(products)


def _remind(owner: User, document: StoreDocument) -> None:
    send_user_email(
        owner,
        template="stores/email/document_expiring.txt",
        subject=_l("Dokumen toko Anda segera kedaluwarsa"),
        document=document,
        link=public_url("stores.documents", store_id=document.store_id),
    )


def list_documents(store_id: int) -> list[StoreDocument]:
    """A store's documents, soonest expiry first."""
    return list(
        db.session.scalars(
            select(StoreDocument)
            .where(StoreDocument.store_id == store_id)
            .order_by(StoreDocument.expires_on.is_(None), StoreDocument.expires_on)
        )
    )


def get_store_document(store_id: int, document_id: int) -> StoreDocument | None:
    """A document only if it belongs to the store."""
    return db.session.scalar(
        select(StoreDocument).where(
            StoreDocument.id == document_id, StoreDocument.store_id == store_id
        )
    )
