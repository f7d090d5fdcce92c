"""Opening a store and the go-live rule: trained owner, or an admin's approval."""

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.stores.models import Store, StoreMember
from tests.conftest import post_form
from tests.factories import make_agency, make_enrollment, make_program, make_store, make_user

STORE_FORM = {
    "name": "Keripik Singkong Mak Ijah",
    "slug": "keripik-singkong-mak-ijah",
    "description": "Keripik singkong renyah dari Mranggen.",
    "address_line": "Jl. Raya Mranggen No. 5",
    "province_code": "33",
    "region_code": "33.21",
    "district_code": "33.21.01",
    "village_code": "33.21.01.2002",
    "postal_code": "59567",
    "whatsapp": "0812 3456 7890",
    "nib": "",
    "opening_hours": "Senin–Sabtu 08.00–16.00",
}


def open_store(client, **overrides):
    return post_form(client, "/penjual/toko/baru", {**STORE_FORM, **overrides})


def test_any_user_opens_a_draft_store_and_becomes_a_seller(client, login_as):
    user = make_user()
    login_as(user)

    response = open_store(client)

    assert response.status_code == 302
    store = db.session.scalar(select(Store))
    assert store.status == "draft" and store.city_name == "Kabupaten Demak"
    assert store.village_code == "33.21.01.2002" and store.whatsapp == "+6281234567890"
    assert db.session.scalar(select(StoreMember.role)) == "owner"
    assert 'href="/penjual/"' in client.get("/").get_data(as_text=True)


def test_region_picker_refresh_fills_the_next_level_without_saving(client, login_as):
    login_as(make_user())

    body = post_form(
        client,
        "/penjual/toko/baru",
        {"name": "Toko", "province_code": "33", "region_code": "33.75", "refresh": "1"},
    ).get_data(as_text=True)

    assert "Pekalongan Barat" in body and "Pekalongan Utara" in body
    assert db.session.scalar(select(func.count(Store.id))) == 0


def test_a_village_outside_the_chosen_district_is_refused(client, login_as):
    login_as(make_user())

    body = open_store(client, village_code="33.75.01.1006").get_data(as_text=True)

    assert "Pilih provinsi, kabupaten/kota, kecamatan dan kelurahan/desa" in body
    assert db.session.scalar(select(func.count(Store.id))) == 0


def test_slug_must_be_unique(client, login_as):
    make_store(slug="keripik-singkong-mak-ijah")
    login_as(make_user())

    body = open_store(client).get_data(as_text=True)

    assert "sudah dipakai toko lain" in body


def go_live(client, store):
    page = f"/penjual/toko/{store.id}"
    return post_form(client, f"{page}/tayang", {}, page=page, follow_redirects=True)


def test_untrained_owner_cannot_go_live_and_is_told_why(client, login_as):
    user = make_user()
    login_as(user)
    open_store(client)
    store = db.session.scalar(select(Store))

    body = go_live(client, store).get_data(as_text=True)

    assert "Tautkan pelatihan yang sudah Anda selesaikan" in body
    assert db.session.scalar(select(Store.status)) == "draft"
    assert client.get(f"/toko/{store.slug}").status_code == 404


def test_owner_with_a_completed_training_goes_live(client, login_as):
    user = make_user()
    make_enrollment(make_program(make_agency()), user=user, status="completed")
    login_as(user)
    open_store(client)
    store = db.session.scalar(select(Store))

    go_live(client, store)

    assert db.session.scalar(select(Store.status)) == "live"
    assert client.get(f"/toko/{store.slug}").status_code == 200


@pytest.mark.parametrize("status", ["registered", "attended", "dropped"])
def test_an_unfinished_training_is_not_enough(client, login_as, status):
    user = make_user()
    make_enrollment(make_program(make_agency()), user=user, status=status)
    login_as(user)
    open_store(client)

    go_live(client, db.session.scalar(select(Store)))

    assert db.session.scalar(select(Store.status)) == "draft"


def test_admin_approval_lets_an_untrained_ikm_go_live(app, client, login_as):
    owner = make_user()
    login_as(owner)
    open_store(client)
    store = db.session.scalar(select(Store))
    page = f"/penjual/toko/{store.id}"
    post_form(client, f"{page}/minta-persetujuan", {}, page=page)
    admin_client = app.test_client()
    admin = make_user(is_admin=True)
    post_form(admin_client, "/masuk", {"email": admin.email, "password": "tenun-songket-biru-77"})
    queue = admin_client.get("/admin/toko").get_data(as_text=True)
    assert "Keripik Singkong Mak Ijah" in queue

    post_form(admin_client, f"/admin/toko/{store.id}/setujui", {}, page="/admin/toko")

    db.session.expire_all()
    assert db.session.get(Store, store.id).status == "live"
    assert db.session.get(Store, store.id).approved_by_id == admin.id


def test_only_admins_approve(client, login_as):
    store = make_store(status="draft")
    login_as(make_user())

    assert post_form(client, f"/admin/toko/{store.id}/setujui", {}, page="/").status_code == 403


def test_another_sellers_store_is_404(client, login_as):
    mine_owner, other_owner = make_user(), make_user()
    make_store(owner=mine_owner)
    theirs = make_store(owner=other_owner)
    login_as(mine_owner)

    for path in ("", "/ubah", "/produk", "/produk/baru"):
        assert client.get(f"/penjual/toko/{theirs.id}{path}").status_code == 404
    for path in ("/tayang", "/sembunyikan", "/minta-persetujuan", "/libur"):
        assert (
            post_form(client, f"/penjual/toko/{theirs.id}{path}", {}, page="/").status_code == 404
        )


def test_store_banner_must_be_wide_and_shows_on_the_public_page(client, login_as):
    import io

    from PIL import Image

    from tests.conftest import csrf_from

    owner = make_user()
    store = make_store(owner=owner)
    login_as(owner)
    page = f"/penjual/toko/{store.id}"

    def upload(kind, size):
        out = io.BytesIO()
        Image.new("RGB", size, (30, 120, 90)).save(out, "PNG")
        token = csrf_from(client.get(page).get_data(as_text=True))
        return client.post(
            f"{page}/gambar/{kind}",
            data={"csrf_token": token, "photo": (io.BytesIO(out.getvalue()), "b.png")},
            content_type="multipart/form-data",
            follow_redirects=True,
        ).get_data(as_text=True)

    assert "minimal 1280 piksel" in upload("banner", (800, 200))
    assert "Gambar toko disimpan" in upload("banner", (1600, 400))
    assert "Gambar toko disimpan" in upload("logo", (400, 400))

    public = client.get(f"/toko/{store.slug}").get_data(as_text=True)
    assert 'class="store-banner"' in public and 'class="store-logo"' in public
    for marker in ('class="store-banner" src="', 'class="store-logo" src="'):
        src = public.split(marker)[1].split('"')[0]
        assert client.get(src).status_code == 200, src


def test_owner_adds_staff_who_can_then_manage_products(app, client, login_as):
    owner, helper = make_user(), make_user(email="adik@example.com")
    store = make_store(owner=owner)
    login_as(owner)

    post_form(client, f"/penjual/toko/{store.id}/tim", {"email": "ADIK@example.com "})

    roles = dict(db.session.execute(select(StoreMember.user_id, StoreMember.role)).all())
    assert roles[helper.id] == "staff"
    staff_client = app.test_client()
    post_form(staff_client, "/masuk", {"email": helper.email, "password": "tenun-songket-biru-77"})
    assert staff_client.get(f"/penjual/toko/{store.id}/produk").status_code == 200
    assert staff_client.get(f"/penjual/toko/{store.id}/tim").status_code == 403


def test_unknown_email_cannot_be_added_as_staff(client, login_as):
    owner = make_user()
    store = make_store(owner=owner)
    login_as(owner)

    body = post_form(client, f"/penjual/toko/{store.id}/tim", {"email": "siapa@example.com"})

    assert "Belum ada akun dengan email itu" in body.get_data(as_text=True)


def test_staff_cannot_change_the_stores_profile_or_status(app, client, login_as):
    owner, helper = make_user(), make_user()
    store = make_store(owner=owner)
    db.session.add(StoreMember(store_id=store.id, user_id=helper.id, role="staff"))
    db.session.commit()
    login_as(helper)
    page = f"/penjual/toko/{store.id}"

    assert client.get(f"{page}/ubah").status_code == 403
    for path in ("/tayang", "/sembunyikan", "/minta-persetujuan", "/libur", "/gambar/logo"):
        assert post_form(client, f"{page}{path}", {}, page=page).status_code == 403, path
    assert client.get(f"{page}/produk").status_code == 200


def test_going_live_is_recorded_with_who_and_why(app, client, login_as):
    from marketplace.stores.models import StoreEvent

    user = make_user()
    make_enrollment(make_program(make_agency()), user=user, status="completed")
    login_as(user)
    open_store(client)
    store = db.session.scalar(select(Store))

    go_live(client, store)

    event = db.session.scalar(select(StoreEvent))
    assert (event.from_status, event.to_status, event.actor_user_id, event.reason) == (
        "draft",
        "live",
        user.id,
        "owner",
    )
