"""Reviews: the buyer of a completed order rates each line once (1-5, text, up to three public
photos); the store replies once; product and store counters stay exact, also when reviews
are written at the same instant; the product page shows them in a fixed number of queries."""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask, current_app
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import Product
from marketplace.core.images import InvalidImage
from marketplace.core.storage import get_storage
from marketplace.extensions import db
from marketplace.orders.models import OrderLine, OrderStatus, Review
from marketplace.orders.reviews import (
    AlreadyReplied,
    AlreadyReviewed,
    InvalidReply,
    InvalidReview,
    NotAllowedToReply,
    ReviewNotAllowed,
    page_product_reviews,
    page_store_reviews,
    reply_to_review,
    short_name,
    write_review,
)
from marketplace.stores.models import Store, StoreMember
from tests.factories import make_user
from tests.orders.after_sale import (
    admin_user,
    client_for,
    photo,
    post_with_token,
    sell,
    upload,
)
from tests.orders.helpers import count, make_buyer, make_item

pytestmark = pytest.mark.usefixtures("app")


def review(sale, rating=5, body="Renyah, gurih, pengiriman cepat.", photos=()):
    """The sale's buyer reviews its (first) line, committed."""
    written = write_review(
        sale.order.lines[0], buyer=sale.buyer, rating=rating, body=body, photos=list(photos)
    )
    db.session.commit()
    return written


def counters(model, row_id):
    db.session.expire_all()
    row = db.session.get(model, row_id)
    return row.rating_count, row.rating_sum


def product_id(sale) -> int:
    return sale.variant.product_id


# -- Writing -----------------------------------------------------------------------------------


def test_the_buyer_of_a_completed_order_rates_a_line_and_the_averages_follow():
    sale = sell(OrderStatus.COMPLETED)

    written = review(sale, rating=4, body="  Enak, tapi agak keras.  ")

    assert (written.rating, written.body) == (4, "Enak, tapi agak keras.")
    assert (written.product_id, written.store_id, written.buyer_id) == (
        product_id(sale),
        sale.store.id,
        sale.buyer.id,
    )
    assert counters(Product, product_id(sale)) == (1, 4)
    assert counters(Store, sale.store.id) == (1, 4)


@pytest.mark.parametrize(
    "status",
    [
        OrderStatus.PAID,
        OrderStatus.PROCESSING,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
    ],
)
def test_a_line_can_be_reviewed_only_after_completion(status):
    sale = sell(status)

    with pytest.raises(ReviewNotAllowed):
        review(sale)
    db.session.rollback()

    assert count(Review) == 0
    assert counters(Product, product_id(sale)) == (0, 0)


def test_an_order_waiting_on_a_refund_cannot_be_reviewed():
    from marketplace.orders.refunds import request_refund

    sale = sell(OrderStatus.COMPLETED)
    request_refund(sale.order, buyer=sale.buyer, reason="Isinya kurang dua bungkus.", photos=[])
    db.session.commit()

    with pytest.raises(ReviewNotAllowed):
        review(sale)


def test_only_the_buyer_reviews():
    sale = sell(OrderStatus.COMPLETED)
    stranger, _ = make_buyer()

    with pytest.raises(ReviewNotAllowed):
        write_review(sale.order.lines[0], buyer=stranger, rating=1, body="Jelek", photos=[])
    db.session.rollback()

    assert count(Review) == 0


def test_one_review_per_order_line():
    sale = sell(OrderStatus.COMPLETED)
    review(sale, rating=5)

    with pytest.raises(AlreadyReviewed):
        review(sale, rating=1)
    db.session.rollback()

    assert count(Review) == 1
    assert counters(Product, product_id(sale)) == (1, 5)
    assert counters(Store, sale.store.id) == (1, 5)


def test_the_same_product_bought_again_may_be_reviewed_again():
    first = sell(OrderStatus.COMPLETED)
    again = sell(
        OrderStatus.COMPLETED,
        store=first.store,
        seller=first.seller,
        variant=first.variant,
        buyer=first.buyer,
    )

    review(first, rating=5)
    review(again, rating=2)

    assert counters(Product, product_id(first)) == (2, 7)


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5", 4.5])
def test_a_rating_must_be_a_whole_1_to_5(rating):
    sale = sell(OrderStatus.COMPLETED)

    with pytest.raises(InvalidReview):
        review(sale, rating=rating)
    db.session.rollback()

    assert count(Review) == 0


def test_the_text_may_be_empty_or_up_to_2000_characters():
    empty, longest, too_long = (sell(OrderStatus.COMPLETED) for _ in range(3))

    assert review(empty, body="").body == ""
    assert len(review(longest, body="a" * 2000).body) == 2000
    with pytest.raises(InvalidReview):
        review(too_long, body="a" * 2001)


def test_review_photos_become_public_renditions():
    sale = sell(OrderStatus.COMPLETED)

    written = review(sale, photos=[photo(seed=n) for n in range(3)])

    assert len(written.photo_digests) == 3
    public = get_storage(current_app.config, visibility="public")
    private = get_storage(current_app.config, visibility="private")
    for digest in written.photo_digests:
        for width in (320, 640):
            key = f"reviews/{digest[:2]}/{digest}-{width}.webp"
            assert public.exists(key)
            assert not private.exists(key)


def test_review_photos_are_served_from_media(app, client):
    sale = sell(OrderStatus.COMPLETED)
    [digest] = review(sale, photos=[photo(seed=9)]).photo_digests

    response = client.get(f"/media/reviews/{digest[:2]}/{digest}-640.webp")

    assert response.status_code == 200
    assert response.mimetype == "image/webp"


@pytest.mark.parametrize(
    "photos",
    [
        [photo(seed=n) for n in range(4)],
        [photo(size=(600, 800))],  # narrower than 640 px
    ],
    ids=["four-photos", "too-small"],
)
def test_too_many_or_too_small_photos_are_refused(photos):
    sale = sell(OrderStatus.COMPLETED)

    with pytest.raises(InvalidReview):
        review(sale, photos=photos)
    db.session.rollback()

    assert count(Review) == 0
    assert counters(Product, product_id(sale)) == (0, 0)


def test_a_file_that_is_not_an_image_is_refused():
    sale = sell(OrderStatus.COMPLETED)

    with pytest.raises(InvalidImage):
        review(sale, photos=[upload(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.png")])
    db.session.rollback()

    assert count(Review) == 0


def test_averages_add_up_over_products_and_stores():
    a = sell(OrderStatus.COMPLETED, price_idr=20_000)
    b = sell(OrderStatus.COMPLETED, store=a.store, seller=a.seller, variant=a.variant)
    other_product = make_item(a.store, "Emping Melinjo", price_idr=30_000)
    c = sell(OrderStatus.COMPLETED, store=a.store, seller=a.seller, variant=other_product)

    review(a, rating=5)
    review(b, rating=2)
    review(c, rating=4)

    assert counters(Product, product_id(a)) == (2, 7)
    assert counters(Product, other_product.product_id) == (1, 4)
    assert counters(Store, a.store.id) == (3, 11)


# -- Replying ----------------------------------------------------------------------------------


def test_the_store_replies_once():
    sale = sell(OrderStatus.COMPLETED)
    written = review(sale, rating=3)
    staff = make_user(name="Karyawan Toko")
    db.session.add(StoreMember(store_id=sale.store.id, user_id=staff.id, role="staff"))
    db.session.commit()

    reply_to_review(written, seller=staff, text="  Terima kasih, kami perbaiki kemasannya. ")
    db.session.commit()
    with pytest.raises(AlreadyReplied):
        reply_to_review(written, seller=sale.seller, text="Balasan kedua")
    db.session.rollback()

    db.session.refresh(written)
    assert written.seller_reply == "Terima kasih, kami perbaiki kemasannya."
    assert written.replied_at is not None


def test_only_the_reviewed_store_replies_and_not_with_nothing():
    sale = sell(OrderStatus.COMPLETED)
    written = review(sale)
    other_seller = sell(OrderStatus.PAID).seller

    for someone in (other_seller, sale.buyer, admin_user()):
        with pytest.raises(NotAllowedToReply):
            reply_to_review(written, seller=someone, text="Bukan urusan saya")
    for text in ("", "   ", "x" * 1001):
        with pytest.raises(InvalidReply):
            reply_to_review(written, seller=sale.seller, text=text)
    db.session.rollback()

    db.session.refresh(written)
    assert written.seller_reply is None


# -- Reading -----------------------------------------------------------------------------------


def test_a_products_reviews_are_paged_newest_first_without_hidden_ones():
    first = sell(OrderStatus.COMPLETED)
    sales = [first] + [
        sell(OrderStatus.COMPLETED, store=first.store, seller=first.seller, variant=first.variant)
        for _ in range(3)
    ]
    written = [review(s, rating=n + 2, body=f"Ulasan {n}") for n, s in enumerate(sales)]
    written[1].is_hidden = True
    db.session.commit()

    page = page_product_reviews(product_id(first), page=1, per_page=2)
    store_page = page_store_reviews(first.store.id, unanswered=True)

    assert page.total == 3
    assert [row.review.body for row in page.items] == ["Ulasan 3", "Ulasan 2"]
    assert page.items[0].product_name == "Keripik Tempe Sagu"
    assert page.items[0].reviewer == short_name(sales[3].buyer.name)
    assert [
        r.review.body for r in page_product_reviews(product_id(first), page=2, per_page=2).items
    ] == ["Ulasan 0"]
    assert store_page.total == 3


def test_reviewers_are_shown_by_first_name_and_initial():
    assert short_name("Budi Santoso Wibowo") == "Budi W."
    assert short_name("Sukarno") == "Sukarno"
    assert short_name("") == "—"


def seed_reviews(n: int):
    first = sell(OrderStatus.COMPLETED)
    sales = [first] + [
        sell(OrderStatus.COMPLETED, store=first.store, seller=first.seller, variant=first.variant)
        for _ in range(n - 1)
    ]
    for number, sale in enumerate(sales):
        written = review(sale, rating=4 + number % 2, body=f"Ulasan nomor {number}")
        if number % 2:
            reply_to_review(written, seller=first.seller, text=f"Balasan {number}")
            db.session.commit()
    product = db.session.get(Product, product_id(first))
    return first, f"/toko/{first.store.slug}/{product.slug}"


def test_the_product_page_shows_the_average_reviews_and_replies(client):
    _, url = seed_reviews(2)

    html = client.get(url).get_data(as_text=True)

    assert "4,5" in html and "2 ulasan" in html
    assert "Ulasan nomor 0" in html and "Ulasan nomor 1" in html
    assert "Balasan 1" in html


def test_the_product_page_runs_the_same_queries_for_1_or_10_reviews(client, count_queries):
    _, one = seed_reviews(1)
    _, ten = seed_reviews(10)
    client.get(one), client.get(ten)  # warm caches (badges, categories)

    with count_queries() as for_one:
        html_one = client.get(one).get_data(as_text=True)
    with count_queries() as for_ten:
        html_ten = client.get(ten).get_data(as_text=True)

    assert "Ulasan nomor 0" in html_one and "Ulasan nomor 9" in html_ten
    assert for_one.count == for_ten.count


def test_a_product_without_reviews_says_so(client):
    sale = sell(OrderStatus.PAID)
    product = db.session.get(Product, product_id(sale))

    html = client.get(f"/toko/{sale.store.slug}/{product.slug}").get_data(as_text=True)

    assert "Belum ada ulasan." in html


# -- Pages -------------------------------------------------------------------------------------


def test_the_buyer_reviews_from_the_order_page(app):
    sale = sell(OrderStatus.COMPLETED)
    buyer = client_for(app, sale.buyer)
    order_page = f"/pesanan/{sale.order.number}"
    line = sale.order.lines[0]
    url = f"/pesanan/{sale.order.number}/ulasan/{line.id}"
    assert url in buyer.get(order_page).get_data(as_text=True)

    response = post_with_token(
        buyer,
        url,
        {"rating": "4", "body": "Mantap", "photos": [photo(seed=5)]},
        page=url,
        content_type="multipart/form-data",
    )

    assert response.status_code == 302 and response.headers["Location"].endswith(order_page)
    written = db.session.scalar(select(Review))
    assert (written.rating, written.body, len(written.photo_digests)) == (4, "Mantap", 1)
    html = buyer.get(order_page).get_data(as_text=True)
    assert "Mantap" in html and url not in html
    assert "sudah mengulas" in buyer.get(url).get_data(as_text=True)


def test_a_missing_rating_is_shown_on_the_form(app):
    sale = sell(OrderStatus.COMPLETED)
    buyer = client_for(app, sale.buyer)
    url = f"/pesanan/{sale.order.number}/ulasan/{sale.order.lines[0].id}"

    response = post_with_token(buyer, url, {"body": "Tanpa bintang"}, page=url)

    assert response.status_code == 200
    assert "Pilih 1–5 bintang." in response.get_data(as_text=True)
    assert count(Review) == 0


def test_another_buyer_cannot_review_someone_elses_line(app):
    sale = sell(OrderStatus.COMPLETED)
    mine = sell(OrderStatus.COMPLETED, buyer=make_buyer(name="Budi")[0])
    stranger = client_for(app, mine.buyer)
    own_url = f"/pesanan/{mine.order.number}/ulasan/{mine.order.lines[0].id}"
    their_line = sale.order.lines[0].id

    on_their_order = stranger.get(f"/pesanan/{sale.order.number}/ulasan/{their_line}")
    their_line_on_my_order = post_with_token(
        stranger,
        f"/pesanan/{mine.order.number}/ulasan/{their_line}",
        {"rating": "1", "body": "Sabotase"},
        page=own_url,
    )

    assert on_their_order.status_code == 404
    assert their_line_on_my_order.status_code == 404
    assert count(Review) == 0


def test_the_seller_replies_from_the_store_reviews_page(app):
    sale = sell(OrderStatus.COMPLETED)
    written = review(sale, rating=2, body="Kemasan penyok")
    seller = client_for(app, sale.seller)
    page = f"/penjual/toko/{sale.store.id}/ulasan"
    assert "Kemasan penyok" in seller.get(f"{page}?belum=1").get_data(as_text=True)

    response = post_with_token(
        seller, f"{page}/{written.id}/balas", {"text": "Maaf, kami ganti."}, page=page
    )

    assert response.status_code == 302
    db.session.refresh(written)
    assert written.seller_reply == "Maaf, kami ganti."
    assert "Kemasan penyok" not in seller.get(f"{page}?belum=1").get_data(as_text=True)


def test_a_seller_cannot_reply_to_or_list_another_stores_reviews(app):
    sale = sell(OrderStatus.COMPLETED)
    written = review(sale)
    other = sell(OrderStatus.PAID)
    seller = client_for(app, other.seller)
    own = f"/penjual/toko/{other.store.id}/ulasan"

    listed = seller.get(f"/penjual/toko/{sale.store.id}/ulasan")
    through_own = post_with_token(seller, f"{own}/{written.id}/balas", {"text": "Hai"}, page=own)
    through_theirs = post_with_token(
        seller,
        f"/penjual/toko/{sale.store.id}/ulasan/{written.id}/balas",
        {"text": "Hai"},
        page=own,
    )

    assert (listed.status_code, through_own.status_code, through_theirs.status_code) == (
        404,
        404,
        404,
    )
    db.session.refresh(written)
    assert written.seller_reply is None


# -- Concurrency (PostgreSQL) ------------------------------------------------------------------


def _write_at_once(app: Flask, jobs: list[tuple[int, int, int]], hold: float = 0.3) -> list[str]:
    """Each (line id, buyer id, rating) is reviewed from its own thread, session and
    transaction, all released at once; each holds its transaction open `hold` seconds before
    committing. Returns 'ok' or the error code per job."""
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcomes: list[str] = [""] * len(jobs)

    def attempt(n: int, line_id: int, buyer_id: int, rating: int) -> None:
        with app.app_context():
            try:
                line = db.session.get(OrderLine, line_id)
                buyer = db.session.get(User, buyer_id)
                barrier.wait()
                write_review(line, buyer=buyer, rating=rating, body="", photos=[])
                time.sleep(hold)
                db.session.commit()
                outcomes[n] = "ok"
            except AlreadyReviewed as exc:
                db.session.rollback()
                outcomes[n] = exc.code
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=attempt, args=(n, *job), daemon=True) for n, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.mark.postgresql_only
def test_two_reviews_of_the_same_product_at_once_both_count(app):
    a = sell(OrderStatus.COMPLETED)
    b = sell(OrderStatus.COMPLETED, store=a.store, seller=a.seller, variant=a.variant)
    jobs = [(a.order.lines[0].id, a.buyer.id, 5), (b.order.lines[0].id, b.buyer.id, 2)]

    outcomes = _write_at_once(app, jobs)

    assert outcomes == ["ok", "ok"]
    assert counters(Product, product_id(a)) == (2, 7)
    assert counters(Store, a.store.id) == (2, 7)


@pytest.mark.postgresql_only
def test_the_same_line_reviewed_twice_at_once_counts_once(app):
    sale = sell(OrderStatus.COMPLETED)
    line_id = sale.order.lines[0].id
    jobs = [(line_id, sale.buyer.id, 5), (line_id, sale.buyer.id, 1)]

    outcomes = _write_at_once(app, jobs, hold=0.1)

    assert sorted(outcomes) == ["already_reviewed", "ok"]
    assert count(Review) == 1
    rating = db.session.scalar(select(Review.rating))
    assert counters(Product, product_id(sale)) == (1, rating)
    assert counters(Store, sale.store.id) == (1, rating)
