"""Admins edit the category tree; nobody else can."""

from sqlalchemy import select

from marketplace.catalog.models import Category
from marketplace.extensions import db
from tests.conftest import post_form
from tests.factories import make_category, make_user


def test_admin_adds_a_child_category(client, login_as):
    kuliner = make_category(name="Kuliner", slug="kuliner", is_food=True)
    login_as(make_user(is_admin=True))

    response = post_form(
        client,
        "/admin/kategori/baru",
        {
            "name": "Kopi",
            "name_en": "Coffee",
            "slug": "kopi",
            "parent_id": str(kuliner.id),
            "position": "7",
            "is_food": "y",
        },
    )

    assert response.status_code == 302
    kopi = db.session.scalar(select(Category).where(Category.slug == "kopi"))
    assert kopi.parent_id == kuliner.id and kopi.is_food
    assert "Kopi" in client.get("/admin/kategori").get_data(as_text=True)


def test_duplicate_slug_and_three_levels_are_refused(client, login_as):
    top = make_category(slug="kuliner")
    child = make_category(slug="keripik", parent_id=top.id)
    login_as(make_user(is_admin=True))

    dup = post_form(
        client,
        "/admin/kategori/baru",
        {
            "name": "X",
            "name_en": "X",
            "slug": "keripik",
            "parent_id": "",
            "position": "0",
        },
    ).get_data(as_text=True)
    deep = post_form(
        client,
        "/admin/kategori/baru",
        {
            "name": "Y",
            "name_en": "Y",
            "slug": "y",
            "parent_id": str(child.id),
            "position": "0",
        },
    ).get_data(as_text=True)

    assert "sudah dipakai" in dup and "Induk harus kategori utama" in deep


def test_non_admins_get_403(client, login_as):
    login_as(make_user())

    assert client.get("/admin/kategori").status_code == 403
    assert client.get("/admin/kategori/baru").status_code == 403


def test_a_child_of_a_food_category_is_food_and_parents_with_children_stay_put(client, login_as):
    kuliner = make_category(name="Kuliner", slug="kuliner", is_food=True)
    kerajinan = make_category(name="Kerajinan", slug="kerajinan")
    make_category(slug="batik", parent_id=kerajinan.id)
    login_as(make_user(is_admin=True))

    post_form(
        client,
        "/admin/kategori/baru",
        {
            "name": "Kopi",
            "name_en": "Coffee",
            "slug": "kopi",
            "parent_id": str(kuliner.id),
            "position": "0",
        },
    )
    moved = post_form(
        client,
        f"/admin/kategori/{kerajinan.id}",
        {
            "name": "Kerajinan",
            "name_en": "Crafts",
            "slug": "kerajinan",
            "parent_id": str(kuliner.id),
            "position": "0",
        },
    ).get_data(as_text=True)

    assert db.session.scalar(select(Category.is_food).where(Category.slug == "kopi")) is True
    assert "tidak bisa dipindah" in moved
    assert db.session.get(Category, kerajinan.id).parent_id is None


def test_turning_a_category_into_food_hides_live_products_without_halal(client, login_as):
    from tests.factories import make_product, make_store

    top = make_category(name="Minuman", slug="minuman")
    child = make_category(name="Sirup", slug="sirup", parent_id=top.id)
    product = make_product(make_store(), child)
    login_as(make_user(is_admin=True))

    post_form(
        client,
        f"/admin/kategori/{top.id}",
        {
            "name": "Minuman",
            "name_en": "Drinks",
            "slug": "minuman",
            "parent_id": "",
            "position": "0",
            "is_food": "y",
        },
    )

    from marketplace.catalog.models import Product

    db.session.expire_all()
    assert db.session.get(Category, child.id).is_food
    hidden = db.session.get(Product, product.id)
    assert (hidden.status, hidden.hidden_reason) == ("hidden", "food_rules")
