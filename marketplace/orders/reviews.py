"""Reviews of completed order lines (1-5 stars, text, up to three public photos), the seller's
one reply, and the product and store rating counters they keep.

Products and stores carry `rating_count` and `rating_sum`, changed here by atomic UPDATEs in
the review's own transaction, so that pages read an average without recomputing it and two
reviews written at once both count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from marketplace.accounts.models import User
from marketplace.catalog.models import Product
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.images import ProcessedImage, process_image
from marketplace.core.pagination import Page
from marketplace.core.storage import get_storage
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine, OrderStatus, Review
from marketplace.search.indexing import mark_products_changed
from marketplace.stores.models import Store, StoreMember

MAX_BODY = 2000
MAX_REPLY = 1000
MAX_PHOTOS = 3
PHOTO_PREFIX = "reviews"
# Review photos are shown at these widths, and their keys are rebuilt from the digest alone:
# an upload must be wide enough to have both renditions.
PHOTO_WIDTHS = (320, 640)
PER_PAGE = 10


class ReviewNotAllowed(DomainError):
    """Only a completed order's lines can be reviewed, by the buyer."""

    code = "review_not_allowed"
    message = _l("Ulasan bisa ditulis setelah pesanan selesai.")


class AlreadyReviewed(DomainError):
    """This order line has its review already (one per line)."""

    code = "already_reviewed"
    message = _l("Anda sudah mengulas produk ini untuk pesanan ini.")


class InvalidReview(DomainError):
    """A rating outside 1-5, a text too long, too many or too small photos."""

    code = "invalid_review"
    message = _l("Beri nilai 1–5 bintang; ulasan paling panjang %(n)d huruf.", n=MAX_BODY)


class AlreadyReplied(DomainError):
    """The seller answered this review already (one reply)."""

    code = "already_replied"
    message = _l("Ulasan ini sudah dibalas.")


class NotAllowedToReply(DomainError):
    """Only the people running the reviewed store reply."""

    code = "not_allowed_to_reply"
    message = _l("Hanya penjual toko ini yang dapat membalas ulasan.")


class InvalidReply(DomainError):
    """An empty or too long reply."""

    code = "invalid_reply"
    message = _l("Tulis balasan (paling panjang %(n)d huruf).", n=MAX_REPLY)


# -- Writing -----------------------------------------------------------------------------------


def write_review(
    line: OrderLine, *, buyer: User, rating: int, body: str, photos: list[FileStorage]
) -> Review:
    """The buyer rates one line of a completed order; product and store averages follow.

    Raises ReviewNotAllowed, AlreadyReviewed (also when a twin request wrote it meanwhile),
    InvalidReview, InvalidImage. Flushes; photos are public (like product photos).
    """
    order = db.session.get(Order, line.order_id)
    if order is None or order.buyer_id != buyer.id or order.status != OrderStatus.COMPLETED:
        raise ReviewNotAllowed()
    if db.session.scalar(select(Review.id).where(Review.order_line_id == line.id)) is not None:
        raise AlreadyReviewed()
    body = (body or "").strip()
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidReview(rating=rating)
    if len(body) > MAX_BODY:
        raise InvalidReview(length=len(body))
    uploads = [p for p in photos if p is not None and p.filename]
    if len(uploads) > MAX_PHOTOS:
        raise InvalidReview(_l("Maksimal %(n)d foto.", n=MAX_PHOTOS), photos=len(uploads))
    processed = [process_image(upload.read(), prefix=PHOTO_PREFIX) for upload in uploads]
    for image in processed:
        if not set(PHOTO_WIDTHS) <= {r.width for r in image.renditions}:
            raise InvalidReview(
                _l("Foto terlalu kecil (lebar minimal %(w)d piksel).", w=max(PHOTO_WIDTHS)),
                width=image.width,
            )

    review = Review(
        order_line_id=line.id,
        product_id=line.product_id,
        store_id=order.store_id,
        buyer_id=buyer.id,
        rating=rating,
        body=body,
        photo_digests=list(dict.fromkeys(image.digest for image in processed)),
    )
    try:
        # A savepoint: a twin request's review (the unique line) fails only this insert.
        with db.session.begin_nested():
            db.session.add(review)
    except IntegrityError as exc:
        raise AlreadyReviewed() from exc
    _count_rating(product_id=line.product_id, store_id=order.store_id, rating=rating)
    _store_photos(processed)
    return review


def _count_rating(*, product_id: int | None, store_id: int, rating: int) -> None:
    # Product first, then store: every review takes the row locks in the same order.
    if product_id is not None:
        db.session.execute(
            update(Product)
            .where(Product.id == product_id)
            .values(rating_count=Product.rating_count + 1, rating_sum=Product.rating_sum + rating)
            .execution_options(synchronize_session=False)
        )
        # Search sorts by rating: the product's document follows after the commit.
        mark_products_changed(db.session(), [product_id])
    db.session.execute(
        update(Store)
        .where(Store.id == store_id)
        .values(rating_count=Store.rating_count + 1, rating_sum=Store.rating_sum + rating)
        .execution_options(synchronize_session=False)
    )


def _store_photos(processed: list[ProcessedImage]) -> None:
    storage = get_storage(current_app.config, visibility="public")
    for image in processed:
        for rendition in image.renditions:
            if rendition.width in PHOTO_WIDTHS and not storage.exists(rendition.key):
                storage.save(rendition.key, rendition.data, content_type="image/webp")


def reply_to_review(review: Review, *, seller: User, text: str) -> Review:
    """The store answers a review, once. Raises NotAllowedToReply, InvalidReply,
    AlreadyReplied (also when a colleague replied meanwhile). Flushes."""
    is_member = db.session.scalar(
        select(StoreMember.id).where(
            StoreMember.store_id == review.store_id, StoreMember.user_id == seller.id
        )
    )
    if is_member is None:
        raise NotAllowedToReply()
    text = (text or "").strip()
    if not text or len(text) > MAX_REPLY:
        raise InvalidReply()
    result = db.session.execute(
        update(Review)
        .where(Review.id == review.id, Review.seller_reply.is_(None))
        .values(seller_reply=text, replied_at=utcnow(), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyReplied()
    db.session.refresh(review)
    return review


# -- Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    """A review as shown: the review, the product's name as bought, the reviewer's short name."""

    review: Review
    product_name: str
    reviewer: str

    @property
    def created_at(self) -> datetime:
        return self.review.created_at


def short_name(name: str | None) -> str:
    """'Budi Santoso' -> 'Budi S.': enough to tell reviewers apart, not to find them."""
    parts = (name or "").split()
    if not parts:
        return "—"
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1][0]}."


def _rows(stmt: Select[tuple[Review]], *, page: int, per_page: int) -> Page[ReviewRow]:
    page = max(1, page)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(
        stmt.add_columns(OrderLine.product_name, User.name)
        .join(OrderLine, OrderLine.id == Review.order_line_id)
        .outerjoin(User, User.id == Review.buyer_id)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = [ReviewRow(review, product, short_name(name)) for review, product, name in rows]
    return Page(items=items, total=total, page=page, per_page=per_page)


def page_product_reviews(
    product_id: int, *, page: int = 1, per_page: int = PER_PAGE
) -> Page[ReviewRow]:
    """A product's visible reviews, newest first; two queries at any page size."""
    stmt = select(Review).where(Review.product_id == product_id, Review.is_hidden.is_(False))
    return _rows(stmt, page=page, per_page=per_page)


def page_store_reviews(
    store_id: int, *, page: int = 1, per_page: int = PER_PAGE, unanswered: bool = False
) -> Page[ReviewRow]:
    """A store's visible reviews (optionally only those without a reply), newest first; two
    queries at any page size."""
    stmt = select(Review).where(Review.store_id == store_id, Review.is_hidden.is_(False))
    if unanswered:
        stmt = stmt.where(Review.seller_reply.is_(None))
    return _rows(stmt, page=page, per_page=per_page)


def reviews_by_line(order_id: int) -> dict[int, Review]:
    """The reviews of an order's lines, by order line id; one query."""
    rows = db.session.scalars(
        select(Review)
        .join(OrderLine, OrderLine.id == Review.order_line_id)
        .where(OrderLine.order_id == order_id)
    )
    return {review.order_line_id: review for review in rows}


def get_order_line(order_id: int, line_id: int) -> OrderLine | None:
    """An order line only if it belongs to this order."""
    return db.session.scalar(
        select(OrderLine).where(OrderLine.id == line_id, OrderLine.order_id == order_id)
    )


def get_store_review(store_id: int, review_id: int) -> Review | None:
    """A review only if it is of this store (the seller-side ownership check)."""
    return db.session.scalar(
        select(Review).where(Review.id == review_id, Review.store_id == store_id)
    )


def average(rating_sum: int, rating_count: int) -> float | None:
    """The average rating to one decimal, or None without ratings."""
    return round(rating_sum / rating_count, 1) if rating_count else None
