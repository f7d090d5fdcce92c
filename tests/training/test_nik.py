"""NIK parsing (region, birth date, gender, serial) and the keyed hash that stands for it."""

import hashlib
import hmac
from datetime import date

import pytest

from marketplace.training.nik import InvalidNik, NikInfo, nik_hash, parse_nik

TODAY = date(2025, 6, 1)


def make_nik(district: str = "33.75.01", born: str = "050390", *, woman: bool = False) -> str:
    """A NIK from a dotted kecamatan code, DDMMYY and gender, with serial 0001."""
    day = int(born[:2]) + (40 if woman else 0)
    return f"{district.replace('.', '')}{day:02d}{born[2:]}0001"


# -- Decoding ----------------------------------------------------------------------------------


def test_a_womans_nik_gives_kecamatan_birth_date_gender_and_last4():
    # given a woman born 5 March 1990 in Pekalongan Barat (day 05 + 40 = 45)
    raw = "3375014503900001"

    # when
    info = parse_nik(raw, today=TODAY)

    # then
    assert info == NikInfo(
        nik=raw,
        district_code="33.75.01",
        birth_date=date(1990, 3, 5),
        gender="P",
        last4="0001",
    )
    assert info.birth_year == 1990


def test_a_mans_nik_keeps_the_day_as_written():
    # given a man born 31 December 1985 in Mranggen, Demak
    raw = "3321013112850007"

    # when
    info = parse_nik(raw, today=TODAY)

    # then
    assert (info.district_code, info.birth_date, info.gender) == (
        "33.21.01",
        date(1985, 12, 31),
        "L",
    )


@pytest.mark.parametrize(
    "typed",
    ["3321 0145 0390 0001", "3321.0145.0390.0001", "3321-0145-0390-0001", " 3321014503900001 "],
)
def test_spaces_dots_and_dashes_between_digits_are_ignored(typed):
    # when
    info = parse_nik(typed, today=TODAY)

    # then the NIK is kept as its 16 digits only
    assert info.nik == "3321014503900001"


def test_the_century_is_this_one_unless_that_puts_the_year_in_the_future():
    # given two-digit years 25 and 26, in 2025
    this_year = make_nik(born="010125")
    next_year = make_nik(born="010126")

    # when / then
    assert parse_nik(this_year, today=TODAY).birth_date == date(2025, 1, 1)
    assert parse_nik(next_year, today=TODAY).birth_date == date(1926, 1, 1)


def test_a_woman_born_on_the_31st_is_written_71():
    # when
    info = parse_nik(make_nik(born="310190", woman=True), today=TODAY)

    # then
    assert (info.birth_date, info.gender) == (date(1990, 1, 31), "P")


def test_the_29th_of_february_is_valid_in_a_leap_year():
    # when
    info = parse_nik(make_nik(born="290200"), today=TODAY)

    # then
    assert info.birth_date == date(2000, 2, 29)


# -- Rejections --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["", "337501450390001", "33750145039000011", "3375O14503900001", "٣٣٧٥٠١٤٥٠٣٩٠٠٠٠١"],
    ids=["empty", "15 digits", "17 digits", "letter O", "arabic-indic digits"],
)
def test_anything_but_16_ascii_digits_is_a_format_error(raw):
    # when
    with pytest.raises(InvalidNik) as caught:
        parse_nik(raw, today=TODAY)

    # then
    assert caught.value.reason == "format"
    assert "16 digit" in str(caught.value.message)


def test_a_nik_that_excel_turned_into_scientific_notation_says_to_format_the_column_as_text():
    # when
    with pytest.raises(InvalidNik) as caught:
        parse_nik("3,37501E+15", today=TODAY)

    # then
    assert caught.value.reason == "format"
    assert "Teks" in str(caught.value.message)


@pytest.mark.parametrize(
    "district", ["33.75.05", "99.01.01", "33.75.00"], ids=["no 5th kecamatan", "no 99", "zero"]
)
def test_a_region_code_that_is_not_a_kecamatan_is_rejected(district):
    # when
    with pytest.raises(InvalidNik) as caught:
        parse_nik(make_nik(district), today=TODAY)

    # then
    assert caught.value.reason == "region"
    assert "6 digit pertama" in str(caught.value.message)


@pytest.mark.parametrize(
    "born",
    ["000190", "320190", "400190", "720190", "011390", "010090", "300290", "290201", "010725"],
    ids=[
        "day 00",
        "day 32",
        "day 40",
        "day 72 (woman's 32)",
        "month 13",
        "month 00",
        "30 February",
        "29 February 2001",
        "later this year",
    ],
)
def test_a_birth_date_that_is_not_a_real_past_date_is_rejected(born):
    # given a NIK whose DDMMYY is written as is (no +40)
    raw = f"337501{born}0001"

    # when
    with pytest.raises(InvalidNik) as caught:
        parse_nik(raw, today=TODAY)

    # then
    assert caught.value.reason == "date"
    assert "Tanggal lahir" in str(caught.value.message)


def test_serial_0000_is_rejected():
    # when
    with pytest.raises(InvalidNik) as caught:
        parse_nik("3375014503900000", today=TODAY)

    # then
    assert caught.value.reason == "serial"
    assert "0000" in str(caught.value.message)


def test_the_nik_appears_in_neither_the_exception_nor_the_repr():
    # given
    raw = "3375014503900001"

    # when
    with pytest.raises(InvalidNik) as caught:
        parse_nik("3375014503900000", today=TODAY)
    info = parse_nik(raw, today=TODAY)

    # then neither text nor repr gives the digits away (region + date + last 4 would, too)
    assert "337501450390000" not in str(caught.value) + repr(caught.value)
    assert caught.value.__cause__ is None
    assert repr(info) == "NikInfo(last4='0001')"
    assert "450390" not in repr(info)


# -- Keyed hash --------------------------------------------------------------------------------


def test_nik_hash_is_the_hmac_sha256_of_the_digits():
    # given
    nik, key = "3375014503900001", b"secret"

    # when
    digest = nik_hash(nik, key)

    # then
    assert digest == hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()
    assert len(digest) == 64


def test_equal_niks_hash_equal_and_another_key_gives_another_hash():
    # given the same NIK typed two ways
    first = parse_nik("3375 0145 0390 0001", today=TODAY)
    second = parse_nik("3375014503900001", today=TODAY)

    # when / then
    assert nik_hash(first.nik, b"k1") == nik_hash(second.nik, b"k1")
    assert nik_hash(first.nik, b"k1") != nik_hash(first.nik, b"k2")


@pytest.mark.parametrize(
    ("nik", "key"),
    [("3375 0145 0390 0001", b"k"), ("337501450390001", b"k"), ("3375014503900001", b"")],
    ids=["not canonical", "15 digits", "empty key"],
)
def test_nik_hash_refuses_a_non_canonical_nik_or_an_empty_key(nik, key):
    # when / then: silently hashing another form would make equal NIKs differ
    with pytest.raises(ValueError, match="nik_hash needs") as caught:
        nik_hash(nik, key)
    assert "0145" not in str(caught.value)
