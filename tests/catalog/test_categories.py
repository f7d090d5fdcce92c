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
