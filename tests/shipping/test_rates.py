"""Shipping: billable weight, the rate table lookup, a store's options and the server quote."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from marketplace.core.errors import DomainError
from marketplace.regions.reference import list_provinces, list_regencies
from marketplace.shipping.rates import (
    LOCAL,
    MAX_LOCAL_FEE_IDR,
    PICKUP,
    SERVICES,
    ZONES,
    InvalidShipping,
    RateSource,
    ShippingQuote,
    ShippingUnavailable,
    StoreShipping,
    TableRates,
    billable_kg,
    default_rates,
    quote_for,
    shipping_options,
    validate_store_shipping,
)

HEADER = "service_code,origin,destination,first_kg_idr,next_kg_idr,etd_min,etd_max\n"

DEMAK = "33.21"
KOTA_PEKALONGAN = "33.75"
KOTA_SEMARANG = "33.74"
KOTA_MEDAN = "12.71"
JAKARTA_PUSAT = "31.71"
JAKARTA_BARAT = "31.73"
SURABAYA = "35.78"
MALANG = "35.73"
JAYAPURA = "91.71"


def table(tmp_path: Path, rows: str) -> TableRates:
    """A TableRates over a small CSV written for one test."""
    path = tmp_path / "rates.csv"
    path.write_text("# test table\n" + HEADER + rows, encoding="utf-8")
    return TableRates(path)


def cost(rates: TableRates, origin: str, destination: str, grams: int = 1000) -> int | None:
    quote = rates.quote("jne_reg", origin, destination, grams)
    return quote.cost_idr if quote else None


EVERYTHING = StoreShipping(tuple(SERVICES), offers_pickup=True, local_delivery_fee_idr=5000)
JNE_ONLY = StoreShipping(("jne_reg",), offers_pickup=True, local_delivery_fee_idr=5000)


# -- Billable weight ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grams", "kg"),
    [(0, 1), (1, 1), (999, 1), (1000, 1), (1001, 2), (2000, 2), (2001, 3), (25_400, 26)],
)
def test_weight_is_rounded_up_to_whole_kg_at_least_one(grams, kg):
    assert billable_kg(grams) == kg


def test_negative_weight_is_refused():
    with pytest.raises(ValueError, match="negative"):
        billable_kg(-1)


# -- Lookup rule (small tables written per test) -------------------------------------------------

SPECIFIC = """\
jne_reg,*,*,50000,50000,5,9
jne_reg,@jawa,@jawa,20000,20000,2,4
jne_reg,33,31,15000,15000,2,3
jne_reg,33,31.71,14000,14000,1,2
jne_reg,33.21,31,12000,12000,1,2
jne_reg,33.21,31.71,11000,11000,1,1
jne_reg,33.21,*,30000,30000,3,5
jne_reg,*,31.71,25000,25000,2,3
"""


@pytest.mark.parametrize(
    ("origin", "destination", "expected", "why"),
    [
        (DEMAK, JAKARTA_PUSAT, 11000, "(kabupaten, kabupaten)"),
        (DEMAK, JAKARTA_BARAT, 12000, "(kabupaten, province)"),
        (KOTA_SEMARANG, JAKARTA_PUSAT, 14000, "(province, kabupaten)"),
        (KOTA_SEMARANG, JAKARTA_BARAT, 15000, "(province, province)"),
        (DEMAK, SURABAYA, 20000, "two-sided (@zone, @zone) beats one-sided (kabupaten, *)"),
        (DEMAK, KOTA_MEDAN, 30000, "(kabupaten, *) beats (*, *)"),
        (KOTA_MEDAN, JAKARTA_PUSAT, 25000, "(*, kabupaten) beats (*, *)"),
        (KOTA_MEDAN, JAYAPURA, 50000, "(*, *) when nothing else matches"),
    ],
)
def test_the_most_specific_row_wins(tmp_path, origin, destination, expected, why):
    # given a table where several rows match most routes
    rates = table(tmp_path, SPECIFIC)

    # when / then the most specific one prices the parcel
    assert cost(rates, origin, destination) == expected, why


def test_deeper_region_codes_are_read_as_their_kabupaten(tmp_path):
    rates = table(tmp_path, SPECIFIC)

    # a kecamatan of Demak (Mranggen) ships like Demak itself
    assert cost(rates, "33.21.01", "31.71") == 11000


@pytest.mark.parametrize("region", ["", "33", "3321", "33.2", "ab.cd", "33.99", "99.01"])
def test_an_unknown_or_malformed_region_is_an_error(tmp_path, region):
    rates = table(tmp_path, SPECIFIC)

    with pytest.raises(ValueError, match="kabupaten/kota"):
        rates.quote("jne_reg", region, JAKARTA_PUSAT, 1000)


SAME_PLACE = """\
jne_reg,*,*,50000,50000,5,9
jne_reg,*,~,10000,10000,1,3
jne_reg,*,=,8000,8000,1,2
jne_reg,33,~,9500,9500,1,2
jne_reg,33.75,33.75,7000,7000,1,1
"""


@pytest.mark.parametrize(
    ("origin", "destination", "expected", "why"),
    [
        (DEMAK, DEMAK, 8000, "same kabupaten/kota: the '=' row"),
        (DEMAK, KOTA_SEMARANG, 9500, "same province: (33, ~) beats (*, ~)"),
        (SURABAYA, MALANG, 10000, "same province elsewhere: (*, ~)"),
        (KOTA_PEKALONGAN, KOTA_PEKALONGAN, 7000, "a row spelling the city out beats '='"),
        (DEMAK, SURABAYA, 50000, "other province: neither '=' nor '~'"),
    ],
)
def test_same_city_and_same_province_rows(tmp_path, origin, destination, expected, why):
    rates = table(tmp_path, SAME_PLACE)

    assert cost(rates, origin, destination) == expected, why


NEXT_DAY = """\
jne_reg,*,*,50000,50000,5,9
jne_yes,*,*,,,,
jne_yes,@jawa,@jawa,20000,20000,1,1
jne_yes,33,31,,,,
"""


def test_an_empty_row_means_not_served_and_the_service_is_left_out(tmp_path):
    # given next-day service on Java except from Jawa Tengah to Jakarta
    rates = table(tmp_path, NEXT_DAY)
    store = StoreShipping(("jne_reg", "jne_yes"), offers_pickup=False, local_delivery_fee_idr=None)

    # then the carve-out and the default both say "not served"
    assert rates.quote("jne_yes", DEMAK, SURABAYA, 1000) is not None
    assert rates.quote("jne_yes", DEMAK, JAKARTA_PUSAT, 1000) is None
    assert rates.quote("jne_yes", KOTA_MEDAN, JAKARTA_PUSAT, 1000) is None
    # and a service the table does not know is not served anywhere
    assert rates.quote("sicepat_reg", DEMAK, SURABAYA, 1000) is None

    def codes(destination):
        options = shipping_options(
            store,
            origin_region=DEMAK,
            destination_region=destination,
            weight_grams=500,
            rates=rates,
        )
        return [option.code for option in options]

    assert codes(JAKARTA_PUSAT) == ["jne_reg"]
    assert codes(SURABAYA) == ["jne_yes", "jne_reg"]


@pytest.mark.parametrize(
    ("grams", "kg", "expected"),
    [(1, 1, 12000), (1000, 1, 12000), (1001, 2, 22000), (2000, 2, 22000), (5000, 5, 52000)],
)
def test_cost_is_first_kg_plus_next_kg_per_further_kg(tmp_path, grams, kg, expected):
    rates = table(tmp_path, "jne_reg,*,*,12000,10000,2,3\n")

    quote = rates.quote("jne_reg", DEMAK, JAKARTA_PUSAT, grams)

    assert quote == ShippingQuote("jne_reg", "JNE REG", expected, (2, 3), kg)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("dhl_express,*,*,1000,1000,1,2\n", "unknown service code"),
        ("jne_reg,*,99,1000,1000,1,2\n", "unknown province"),
        ("jne_reg,*,33.99,1000,1000,1,2\n", "unknown kabupaten/kota"),
        ("jne_reg,@jakarta,*,1000,1000,1,2\n", "unknown zone"),
        ("jne_reg,=,*,1000,1000,1,2\n", "unknown province or pattern"),
        ("jne_reg,*,*,1000,,1,2\n", "needs all of"),
        ("jne_reg,*,*,12.000,12000,1,2\n", "whole number"),
        ("jne_reg,*,*,0,1000,1,2\n", "must be positive"),
        ("jne_reg,*,*,1000,1000,3,2\n", "etd_min is more than etd_max"),
        ("jne_reg,*,*,1000,1000,1\n", "expected 7 fields"),
        ("jne_reg,33,31,1000,1000,1,2\njne_reg,33,31,,,,\n", "same route as line 3"),
    ],
)
def test_a_broken_table_is_refused_with_its_line(tmp_path, rows, message):
    with pytest.raises(ValueError, match=message) as caught:
        table(tmp_path, rows)

    assert "rates.csv:" in str(caught.value)


def test_a_table_without_its_header_is_refused(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("jne_reg,*,*,1000,1000,1,2\n", encoding="utf-8")

    with pytest.raises(ValueError, match="expected header"):
        TableRates(path)


def test_the_table_is_read_once_per_file(tmp_path):
    first = table(tmp_path, "jne_reg,*,*,12000,10000,2,3\n")

    assert TableRates(first.path).rows is first.rows
    assert default_rates() is default_rates()


# -- A store's options -------------------------------------------------------------------------


@dataclass
class FixedRates:
    """A RateSource with set prices per service, as a live API would give."""

    prices: dict[str, int]

    def quote(self, service_code, origin_region, destination_region, weight_grams):
        if service_code not in self.prices:
            return None
        kg = billable_kg(weight_grams)
        label = SERVICES[service_code].label
        return ShippingQuote(service_code, label, self.prices[service_code] * kg, (2, 3), kg)


def test_a_fake_source_satisfies_the_rate_source_interface():
    assert isinstance(FixedRates({}), RateSource)
    assert isinstance(default_rates(), RateSource)


def test_couriers_cheapest_first_then_local_delivery_then_pickup():
    # given a store offering everything and a buyer in the store's own city
    rates = FixedRates({"jne_reg": 12000, "jnt_ez": 9000, "sicepat_reg": 12000, "pos_kilat": 15000})

    options = shipping_options(
        EVERYTHING,
        origin_region=DEMAK,
        destination_region=DEMAK,
        weight_grams=1500,
        rates=rates,
    )

    # then couriers by price (ties in display order), local delivery, pickup last and free
    assert [o.code for o in options] == [
        "jnt_ez",
        "jne_reg",
        "sicepat_reg",
        "pos_kilat",
        LOCAL,
        PICKUP,
    ]
    assert [o.cost_idr for o in options] == [18000, 24000, 24000, 30000, 5000, 0]
    local, pickup = options[-2:]
    assert local == ShippingQuote(LOCAL, "Kurir toko", 5000, (0, 1), 2)
    assert pickup == ShippingQuote(PICKUP, "Ambil sendiri", 0, (0, 0), 0)


def test_local_delivery_only_within_the_stores_kabupaten():
    rates = FixedRates({"jne_reg": 12000})

    def codes(destination):
        options = shipping_options(
            EVERYTHING,
            origin_region=DEMAK,
            destination_region=destination,
            weight_grams=800,
            rates=rates,
        )
        return [option.code for option in options]

    assert codes(KOTA_SEMARANG) == ["jne_reg", PICKUP]
    # two kecamatan of Demak (Mranggen, Karangawen): still the same kabupaten
    assert codes("33.21.02") == ["jne_reg", LOCAL, PICKUP]


def test_free_local_delivery_is_offered_at_zero():
    store = StoreShipping((), offers_pickup=False, local_delivery_fee_idr=0)

    options = shipping_options(
        store, origin_region=DEMAK, destination_region=DEMAK, weight_grams=300
    )

    assert [(o.code, o.cost_idr) for o in options] == [(LOCAL, 0)]


def test_without_a_destination_only_pickup_is_offered():
    without_pickup = StoreShipping(("jne_reg",), offers_pickup=False, local_delivery_fee_idr=5000)

    options = shipping_options(
        EVERYTHING, origin_region=DEMAK, destination_region=None, weight_grams=500
    )
    none = shipping_options(
        without_pickup, origin_region=DEMAK, destination_region=None, weight_grams=500
    )

    assert [o.code for o in options] == [PICKUP]
    assert none == []


def test_only_the_stores_own_services_are_offered():
    store = StoreShipping(("pos_kilat",), offers_pickup=False, local_delivery_fee_idr=None)

    options = shipping_options(
        store, origin_region=DEMAK, destination_region=JAKARTA_PUSAT, weight_grams=500
    )

    assert [o.code for o in options] == ["pos_kilat"]


# -- The server quote --------------------------------------------------------------------------


def test_quote_for_recomputes_the_chosen_option():
    kwargs = {"origin_region": DEMAK, "destination_region": JAKARTA_PUSAT, "weight_grams": 2300}
    offered = {o.code: o for o in shipping_options(EVERYTHING, **kwargs)}

    for code, option in offered.items():
        assert quote_for(code, EVERYTHING, **kwargs) == option
    # the weight on the server decides, whatever the page showed
    heavier = quote_for("jne_reg", EVERYTHING, **{**kwargs, "weight_grams": 4100})
    assert heavier.billable_kg == 5
    assert heavier.cost_idr > offered["jne_reg"].cost_idr


@pytest.mark.parametrize(
    ("code", "store", "destination"),
    [
        ("jne_yes", JNE_ONLY, JAKARTA_PUSAT),  # a service the store does not use
        ("dhl_express", EVERYTHING, JAKARTA_PUSAT),  # no such service
        ("jne_yes", EVERYTHING, JAYAPURA),  # next-day does not reach Papua
        ("sicepat_reg", EVERYTHING, "95.01"),  # not delivered into Papua Pegunungan
        (LOCAL, EVERYTHING, KOTA_SEMARANG),  # own delivery only within Demak
        (LOCAL, StoreShipping(("jne_reg",), True, None), DEMAK),  # no own delivery
        (PICKUP, StoreShipping(("jne_reg",), False, None), DEMAK),  # no pickup
        ("jne_reg", EVERYTHING, None),  # no address: pickup only
        (LOCAL, EVERYTHING, None),
    ],
)
def test_quote_for_refuses_what_is_not_on_offer(code, store, destination):
    with pytest.raises(ShippingUnavailable) as caught:
        quote_for(
            code,
            store,
            origin_region=DEMAK,
            destination_region=destination,
            weight_grams=1000,
        )

    error = caught.value
    assert isinstance(error, DomainError)
    assert error.code == "shipping_unavailable"
    assert error.service_code == code
    assert error.data == {"service": code}
    assert "tidak tersedia" in str(error.message)


def test_pickup_needs_no_address():
    quote = quote_for(
        PICKUP, EVERYTHING, origin_region=DEMAK, destination_region=None, weight_grams=9000
    )

    assert quote == ShippingQuote(PICKUP, "Ambil sendiri", 0, (0, 0), 0)


# -- A seller's settings -----------------------------------------------------------------------


def test_valid_settings_come_back_deduplicated_in_display_order():
    settings = validate_store_shipping(["pos_kilat", "jne_reg", "pos_kilat"], True, 7500)

    assert settings == StoreShipping(("jne_reg", "pos_kilat"), True, 7500)


@pytest.mark.parametrize(
    ("services", "pickup", "fee"),
    [
        ([], True, None),
        ([], False, 0),
        ([], False, MAX_LOCAL_FEE_IDR),
        (["sicepat_best"], False, None),
    ],
)
def test_any_one_way_of_shipping_is_enough(services, pickup, fee):
    settings = validate_store_shipping(services, pickup, fee)

    assert settings.local_delivery_fee_idr == fee


@pytest.mark.parametrize(
    ("services", "pickup", "fee", "field", "text"),
    [
        (["jne_reg", "gosend"], True, None, "services", "gosend"),
        (["jne_reg"], False, -1, "local_delivery_fee_idr", "Rp1.000.000"),
        (["jne_reg"], False, MAX_LOCAL_FEE_IDR + 1, "local_delivery_fee_idr", "Rp1.000.000"),
        (["jne_reg"], False, True, "local_delivery_fee_idr", "Rp1.000.000"),
        (["jne_reg"], False, 5000.5, "local_delivery_fee_idr", "Rp1.000.000"),
        ([], False, None, "services", "setidaknya satu"),
    ],
)
def test_invalid_settings_are_refused(services, pickup, fee, field, text):
    with pytest.raises(InvalidShipping) as caught:
        validate_store_shipping(services, pickup, fee)

    assert caught.value.code == "invalid_shipping"
    assert caught.value.data == {"field": field}
    assert text in str(caught.value.message)


def test_a_single_string_is_not_a_list_of_services():
    with pytest.raises(TypeError):
        validate_store_shipping("jne_reg", True, None)


# -- The packaged table ------------------------------------------------------------------------

NEXT_DAY_SERVICES = {"jne_yes", "sicepat_best"}
DEMO_ORIGINS = [DEMAK, KOTA_PEKALONGAN, KOTA_MEDAN]
# one kabupaten/kota per province: the first in code order, and the kota ".71" where there is one
ALL_PROVINCES = [province.code for province in list_provinces()]
REPRESENTATIVES = {
    code: sorted({regencies[0].code} | {r.code for r in regencies if r.code.endswith(".71")})
    for code in ALL_PROVINCES
    for regencies in [list_regencies(code)]
}


def test_the_packaged_table_loads_and_knows_every_service():
    rows = default_rates().rows

    assert {row.service_code for row in rows} == set(SERVICES)
    assert len(rows) > 500


def test_every_service_has_a_fallback_row_and_only_next_day_ones_refuse_by_default():
    fallbacks = {
        row.service_code: row
        for row in default_rates().rows
        if (row.origin, row.destination) == ("*", "*")
    }

    assert set(fallbacks) == set(SERVICES)
    # next-day services are switched off outside the routes they list (documented in the CSV)
    assert {code for code, row in fallbacks.items() if not row.served} == NEXT_DAY_SERVICES


def test_pos_is_never_switched_off():
    assert all(row.served for row in default_rates().rows if row.service_code == "pos_kilat")


def test_the_zones_cover_every_province_once():
    zoned = [code for provinces in ZONES.values() for code in provinces]

    assert sorted(zoned) == sorted(ALL_PROVINCES)


@pytest.mark.parametrize("origin", DEMO_ORIGINS)
def test_every_demo_store_reaches_every_kabupaten_in_the_country(origin):
    # given a demo store offering every courier
    misses = []
    for province in ALL_PROVINCES:
        for regency in list_regencies(province):
            options = shipping_options(
                EVERYTHING, origin_region=origin, destination_region=regency.code, weight_grams=700
            )
            couriers = {o.code for o in options} - {LOCAL, PICKUP}
            # then at least POS serves it
            if "pos_kilat" not in couriers:
                misses.append(regency.code)

    assert misses == []


def test_costs_are_positive_and_never_fall_with_weight_between_any_two_provinces():
    rates = default_rates()
    weights = [0, 1000, 1001, 3000, 10_000, 30_000]
    problems = []
    for origin_province in ALL_PROVINCES:
        for destination_province in ALL_PROVINCES:
            for origin in REPRESENTATIVES[origin_province]:
                for destination in REPRESENTATIVES[destination_province]:
                    for code in SERVICES:
                        quotes = [rates.quote(code, origin, destination, g) for g in weights]
                        if quotes[0] is None:
                            if any(quotes):
                                problems.append((code, origin, destination, "served by weight"))
                            continue
                        costs = [q.cost_idr for q in quotes]
                        etd_min, etd_max = quotes[0].etd_days
                        if not all(type(c) is int and c > 0 for c in costs):
                            problems.append((code, origin, destination, costs))
                        if costs != sorted(costs):
                            problems.append((code, origin, destination, costs))
                        if not 0 < etd_min <= etd_max:
                            problems.append((code, origin, destination, quotes[0].etd_days))

    assert problems == []


def test_plausible_prices_for_the_demo_routes():
    rates = default_rates()

    def first_kg(code, origin, destination):
        quote = rates.quote(code, origin, destination, 1000)
        return quote.cost_idr if quote else None

    # JNE REG from Jawa Tengah to Jakarta about Rp11.000-13.000, same city Rp8.000-10.000
    assert 11_000 <= first_kg("jne_reg", DEMAK, JAKARTA_PUSAT) <= 13_000
    assert 11_000 <= first_kg("jne_reg", KOTA_PEKALONGAN, JAKARTA_BARAT) <= 13_000
    assert 8_000 <= first_kg("jne_reg", DEMAK, DEMAK) <= 10_000
    # Java to Papua Rp60.000-120.000 per kg, and slower than within Java
    for papua in ("91", "92", "93", "94", "95", "96"):
        for regency in list_regencies(papua):
            assert 60_000 <= first_kg("jne_reg", DEMAK, regency.code) <= 120_000
    far = rates.quote("jne_reg", DEMAK, JAYAPURA, 1000)
    near = rates.quote("jne_reg", DEMAK, SURABAYA, 1000)
    assert far.etd_days[1] > near.etd_days[1]
    # from Medan, Aceh is cheaper than Jakarta, which is cheaper than Papua
    assert (
        first_kg("jne_reg", KOTA_MEDAN, "11.71")
        < first_kg("jne_reg", KOTA_MEDAN, JAKARTA_PUSAT)
        < first_kg("jne_reg", KOTA_MEDAN, JAYAPURA)
    )


def test_next_day_services_run_on_java_and_to_a_few_big_cities_only():
    rates = default_rates()

    for code in NEXT_DAY_SERVICES:
        assert rates.quote(code, DEMAK, JAKARTA_PUSAT, 1000).etd_days == (1, 1)
        assert rates.quote(code, DEMAK, KOTA_MEDAN, 1000) is not None
        assert rates.quote(code, DEMAK, JAYAPURA, 1000) is None
        assert rates.quote(code, KOTA_MEDAN, "12.75", 1000) is None  # Medan to Binjai
        assert rates.quote(code, "91.03", "11.71", 1000) is None
