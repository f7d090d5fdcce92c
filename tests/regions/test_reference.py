"""The Kemendagri reference data: counts, lookups, NIK prefixes and matching typed names."""

import pytest

from marketplace.regions import reference
from marketplace.regions.reference import (
    District,
    Province,
    Regency,
    Village,
    district_code_from_nik,
    find_district,
    find_village,
    get_district,
    get_province,
    get_regency,
    get_village,
    list_districts,
    list_provinces,
    list_regencies,
    list_villages,
    regency_of_district,
)

# -- Counts (idn-area-data 4.0.1; update when the vendored files are refreshed) ---------------


def test_there_are_38_provinces():
    # given the vendored provinces / when listing them
    provinces = list_provinces()

    # then every row of provinces.csv is there once
    assert len(provinces) == 38
    assert len({province.code for province in provinces}) == 38


def test_every_regency_district_and_village_hangs_under_a_known_parent():
    # given the whole tree walked from the provinces down
    regencies = [r for p in list_provinces() for r in list_regencies(p.code)]
    districts = [d for r in regencies for d in list_districts(r.code)]
    villages = [v for d in districts for v in list_villages(d.code)]

    # then every row of each file is reached, so no row points at a missing parent
    assert len(regencies) == 514
    assert len(districts) == 7_285
    assert len(villages) == 83_762


# -- Lookups by code ---------------------------------------------------------------------------


def test_province_names_keep_the_spelling_of_the_source():
    # given / when
    province = get_province("33")

    # then the name is title case, as in provinces.csv
    assert province == Province("33", "Jawa Tengah")


def test_provinces_are_listed_by_name():
    # given / when
    names = [province.name for province in list_provinces()]

    # then
    assert names == sorted(names)
    assert names[0] == "Aceh"


def test_demak_is_a_kabupaten_of_jawa_tengah():
    # given / when
    demak = get_regency("33.21")

    # then
    assert demak == Regency("33.21", "33", "Kabupaten Demak")
    assert demak in list_regencies("33")


def test_pekalongan_and_medan_are_kota():
    # given / when
    pekalongan = get_regency("33.75")
    medan = get_regency("12.71")

    # then
    assert pekalongan == Regency("33.75", "33", "Kota Pekalongan")
    assert medan == Regency("12.71", "12", "Kota Medan")


def test_kota_pekalongan_has_four_kecamatan_in_code_order():
    # given / when
    districts = list_districts("33.75")

    # then
    assert districts == [
        District("33.75.01", "33.75", "Pekalongan Barat"),
        District("33.75.02", "33.75", "Pekalongan Timur"),
        District("33.75.03", "33.75", "Pekalongan Utara"),
        District("33.75.04", "33.75", "Pekalongan Selatan"),
    ]


def test_a_kelurahan_of_kota_pekalongan_is_found_by_code():
    # given / when
    village = get_village("33.75.01.1006")

    # then
    assert village == Village("33.75.01.1006", "33.75.01", "Bendan Kergon")
    assert village in list_villages("33.75.01")


def test_regency_of_district_climbs_one_level():
    # given / when / then
    assert regency_of_district("33.75.01") == get_regency("33.75")
    assert regency_of_district("99.99.99") is None


@pytest.mark.parametrize(
    "lookup",
    [get_province, get_regency, get_district, get_village],
)
def test_unknown_codes_are_none(lookup):
    # given a code in no file, or one with the wrong shape / when / then
    assert lookup("99.99.99.9999") is None
    assert lookup("") is None


@pytest.mark.parametrize(
    "listing",
    [list_regencies, list_districts, list_villages],
)
def test_unknown_parents_have_no_children(listing):
    # given / when / then
    assert listing("99.99") == []


def test_lists_are_copies_the_caller_may_change():
    # given a list handed out once
    districts = list_districts("33.75")

    # when the caller changes it
    districts.clear()

    # then the next caller still sees the data
    assert len(list_districts("33.75")) == 4


def test_villages_are_read_only_when_a_village_is_asked_for():
    # given no village read yet
    reference._villages.cache_clear()

    # when using the levels above
    list_provinces()
    find_district("33.75", "Pekalongan Barat")
    district_code_from_nik("3375010101900001")

    # then the villages file is untouched until a village function runs
    assert reference._villages.cache_info().currsize == 0
    assert get_village("33.75.01.1006") is not None
    assert reference._villages.cache_info().currsize == 1


# -- NIK ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("3321011201900001", "33.21.01"),  # Mranggen, Kabupaten Demak
        ("3375014509950002", "33.75.01"),  # Pekalongan Barat (day + 40: a woman's NIK)
        (" 337501 ", "33.75.01"),  # half-typed, with stray spaces
    ],
)
def test_nik_gives_the_kecamatan_code(nik, code):
    # given / when / then
    assert district_code_from_nik(nik) == code


@pytest.mark.parametrize(
    "nik",
    [
        "9999991201900001",  # no such province
        "3300001201900001",  # real province, no such kecamatan
        "3375991201900001",  # real kota, no such kecamatan
    ],
)
def test_nik_with_an_unknown_prefix_is_none(nik):
    # given / when / then
    assert district_code_from_nik(nik) is None


@pytest.mark.parametrize(
    "nik",
    [
        "",
        "33750",  # too short
        "33.75.01.1201900001",  # dotted
        "33750a1201900001",  # letter inside the prefix
        "337501120190000x",  # letter after it
        "33750112019000011",  # 17 digits
        "\uff13\uff13\uff17\uff15\uff10\uff11",  # full-width digits
    ],
)
def test_nik_garbage_is_none(nik):
    # given / when / then
    assert district_code_from_nik(nik) is None


# -- Typed names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Pekalongan Barat",
        "pekalongan barat",
        "PEKALONGAN  BARAT",
        "  Pekalongan Barat\t",
        "kec. pekalongan barat",
        "Kec.Pekalongan Barat",
        "Kecamatan Pekalongan Barat",
        "KECAMATAN   pekalongan   barat ",
    ],
)
def test_find_district_ignores_case_spaces_and_prefix(typed):
    # given / when
    district = find_district("33.75", typed)

    # then
    assert district == get_district("33.75.01")


@pytest.mark.parametrize(
    ("regency_code", "typed"),
    [
        ("33.75", "Pekalongan Tengah"),  # no such kecamatan
        ("33.75", "Pekalongan"),  # no partial matches
        ("33.75", "Pekalongan Brat"),  # no fuzzy matches
        ("33.75", ""),
        ("33.75", "Kecamatan"),
        ("33.21", "Pekalongan Barat"),  # exists, but in another regency
        ("99.99", "Pekalongan Barat"),  # unknown regency
    ],
)
def test_find_district_unknown_names_are_none(regency_code, typed):
    # given / when / then
    assert find_district(regency_code, typed) is None


@pytest.mark.parametrize(
    "typed",
    ["Bendan Kergon", "  kel.  BENDAN   kergon ", "Kelurahan bendan kergon", "desa Bendan Kergon"],
)
def test_a_kelurahan_of_kota_pekalongan_is_found_by_a_messy_name(typed):
    # given / when
    village = find_village("33.75.01", typed)

    # then
    assert village == Village("33.75.01.1006", "33.75.01", "Bendan Kergon")


def test_a_village_whose_name_starts_with_desa_is_found_with_or_without_it():
    # given kecamatan 13.12.07 has villages named "Desa Baru" and "Desa Baru Barat"
    desa_baru = get_village("13.12.07.2002")

    # when / then
    assert desa_baru is not None
    assert desa_baru.name == "Desa Baru"
    assert find_village("13.12.07", "desa baru") == desa_baru
    assert find_village("13.12.07", "Baru") == desa_baru
    assert find_village("13.12.07", "baru barat") == get_village("13.12.07.2007")


def test_a_name_two_villages_share_is_none_rather_than_a_guess():
    # given kecamatan 15.04.08 has a kelurahan and a desa both called "Terusan"
    terusan = [v for v in list_villages("15.04.08") if v.name == "Terusan"]

    # when
    found = find_village("15.04.08", "Terusan")

    # then
    assert len(terusan) == 2
    assert found is None


@pytest.mark.parametrize(
    ("district_code", "typed"),
    [
        ("33.75.01", "Bendan"),  # no partial matches
        ("33.75.01", "Kauman"),  # exists, but in Pekalongan Timur
        ("99.99.99", "Bendan Kergon"),  # unknown kecamatan
    ],
)
def test_find_village_unknown_names_are_none(district_code, typed):
    # given / when / then
    assert find_village(district_code, typed) is None
