import pytest

from marketplace.accounts.models import Role
from tests.factories import make_agency, make_business, make_store, make_user

AREAS = ["/penjual/", "/dinas/", "/grosir/", "/admin/"]
# The wholesale area is open to every signed-in person: it is where a business registers.
ROLE_AREAS = ["/penjual/", "/dinas/", "/admin/"]


@pytest.mark.parametrize("path", AREAS)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk?next=")


@pytest.mark.parametrize("path", ROLE_AREAS)
def test_plain_buyer_gets_403_in_every_role_area(client, login_as, path):
    login_as(make_user())

    response = client.get(path)

    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_roles_come_from_memberships(app):
    user = make_user()
    assert user.roles == {Role.BUYER}

    make_store(owner=user)
    make_business(member=user)
    make_agency(staff=user)
    fresh = make_user(is_admin=True)

    from marketplace.accounts.roles import get_roles

    assert get_roles(user) == {Role.BUYER, Role.SELLER, Role.WHOLESALE_BUYER, Role.AGENCY_STAFF}
    assert get_roles(fresh) == {Role.BUYER, Role.ADMIN}


def test_seller_sees_own_stores_and_nav_link(client, login_as):
    seller = make_user()
    store = make_store(owner=seller, name="Keripik Tempe Bu Sri")
    make_store(name="Toko Orang Lain")
    login_as(seller)

    page = client.get("/penjual/")
    body = page.get_data(as_text=True)

    assert page.status_code == 200
    assert store.name in body
    assert "Toko Orang Lain" not in body
    assert 'href="/penjual/"' in client.get("/").get_data(as_text=True)


def test_nav_shows_only_the_areas_of_the_users_roles(client, login_as):
    login_as(make_user())

    home = client.get("/").get_data(as_text=True)

    for path in ROLE_AREAS:
        assert f'href="{path}"' not in home
    assert 'href="/akun"' in home


def test_plain_buyer_is_invited_to_register_a_business(client, login_as):
    login_as(make_user())

    response = client.get("/grosir/")

    assert response.status_code == 200
    assert 'href="/grosir/usaha/daftar"' in response.get_data(as_text=True)


def test_agency_staff_sees_own_agency_but_not_another(client, login_as):
    staff = make_user()
    own = make_agency(staff=staff, name="Dinas Tenaga Kerja dan Perindustrian Kabupaten Demak")
    other = make_agency(name="Dinas Perindustrian Kota Medan")
    login_as(staff)

    assert client.get("/dinas/").headers["Location"] == f"/dinas/{own.id}"
    assert own.name in client.get(f"/dinas/{own.id}").get_data(as_text=True)
    assert client.get(f"/dinas/{other.id}").status_code == 403


def test_wholesale_buyer_sees_own_business(client, login_as):
    buyer = make_user()
    make_business(member=buyer, legal_name="PT Deli Permai Hospitality")
    make_business(legal_name="CV Lain")
    login_as(buyer)

    body = client.get("/grosir/").get_data(as_text=True)

    assert "PT Deli Permai Hospitality" in body
    assert "CV Lain" not in body


def test_admin_sees_user_list_and_can_filter(client, login_as):
    admin = make_user(is_admin=True, name="Admin Platform")
    make_user(name="Rina Marpaung", email="rina@example.com")
    make_user(name="Budi Siregar", email="budi@example.com")
    login_as(admin)

    body = client.get("/admin/?q=rina").get_data(as_text=True)

    assert "rina@example.com" in body
    assert "budi@example.com" not in body


def test_person_with_several_roles_sees_every_area(client, login_as):
    user = make_user()
    make_store(owner=user)
    make_business(member=user)
    make_agency(staff=user)
    login_as(user)

    home = client.get("/").get_data(as_text=True)

    for path in ["/penjual/", "/grosir/", "/dinas/"]:
        assert f'href="{path}"' in home
    assert 'href="/admin/"' not in home
