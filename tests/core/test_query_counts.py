"""List pages run a fixed number of SQL queries whatever their length."""

from tests.factories import make_category, make_product, make_store, make_user


def test_home_page_query_count_does_not_grow_with_products(client, count_queries):
    category = make_category()
    store = make_store()
    for _ in range(2):
        make_product(store, category)
    client.get("/")
    with count_queries() as few:
        client.get("/")

    for _ in range(20):
        make_product(make_store(), category)
    with count_queries() as many:
        client.get("/")

    assert few.count == many.count
    assert many.count <= 4


def test_admin_user_list_query_count_does_not_grow_with_page_size(client, login_as, count_queries):
    admin = make_user(is_admin=True)
    for _ in range(30):
        make_user()
    login_as(admin)

    with count_queries() as small:
        assert client.get("/admin/?per_page=5").status_code == 200
    with count_queries() as large:
        assert client.get("/admin/?per_page=30").status_code == 200

    assert small.count == large.count


def test_search_results_query_count_is_fixed(client, count_queries):
    category = make_category()
    store = make_store()
    make_product(store, category, name="Keripik Tempe Pedas")
    with count_queries() as few:
        client.get("/cari?q=keripik")
    for n in range(15):
        make_product(store, category, name=f"Keripik Singkong {n}")
    with count_queries() as many:
        body = client.get("/cari?q=keripik").get_data(as_text=True)

    assert "Keripik Singkong 14" in body
    assert few.count == many.count


def test_category_page_lists_products_of_its_subcategories_in_fixed_queries(client, count_queries):
    top = make_category(name="Kuliner", slug="kuliner")
    leaf = make_category(name="Keripik & camilan", slug="keripik-camilan", parent_id=top.id)
    store = make_store()
    make_product(store, leaf, name="Keripik Tempe Original")
    with count_queries() as few:
        body = client.get("/kategori/kuliner").get_data(as_text=True)
    assert "Keripik Tempe Original" in body and "Keripik &amp; camilan" in body

    for n in range(12):
        make_product(store, leaf, name=f"Keripik Pisang {n}")
    with count_queries() as many:
        body = client.get("/kategori/kuliner").get_data(as_text=True)

    assert "Keripik Pisang 11" in body
    assert few.count == many.count
    assert client.get("/kategori/tidak-ada").status_code == 404
