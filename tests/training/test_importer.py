"""Participant sheets: headers, CSV dialects, line numbers, every row check, file errors, speed."""

import random
import re
import time

import pytest

from marketplace.training.importer import (
    CANONICAL_HEADERS,
    ImportFileError,
    InvalidAmount,
    ParseResult,
    RowError,
    parse_participants_csv,
    parse_rupiah,
)

PEKALONGAN = "33.75"
HEADER = ",".join(CANONICAL_HEADERS)
# A woman born 5 March 1990 and a man born 1 January 1985, both registered in Pekalongan Barat.
SITI = "3375014503900001"
BUDI = "3375010101850002"


def nik(district: str = "33.75.01", day: int = 5, month: int = 3, yy: int = 90, serial: int = 1):
    """A NIK from a dotted kecamatan code, a day (+40 for women), month, year and serial."""
    return f"{district.replace('.', '')}{day:02d}{month:02d}{yy:02d}{serial:04d}"


def row(**values: str) -> str:
    """One comma-separated line in CANONICAL_HEADERS order; Siti, valid, unless overridden."""
    cells = {"full_name": "Siti Aminah", "nik": SITI} | values
    return ",".join(cells.get(column, "") for column in CANONICAL_HEADERS)


def sheet(*lines: str, newline: str = "\n") -> bytes:
    return newline.join(lines).encode()


def parse(data: bytes, regency: str = PEKALONGAN, **kwargs) -> ParseResult:
    return parse_participants_csv(data, regency_code=regency, **kwargs)


def problems(result: ParseResult) -> list[tuple[int, str]]:
    return [(error.line, error.column) for error in result.errors]


def only_error(result: ParseResult) -> RowError:
    assert len(result.errors) == 1, [str(e.message) for e in result.errors]
    return result.errors[0]


# -- Happy paths -------------------------------------------------------------------------------


def test_a_full_row_with_canonical_headers_is_parsed_and_normalised():
    # given every column filled in, as a tidy sheet would
    data = sheet(
        HEADER,
        "Siti  Aminah,3375 0145 0390 0001,0812-3456-7890,p,1990,Medono,Pekalongan Barat,"
        'Lulus,PKL/2024/001,Juara 1,"Rp3.000.000"',
    )

    # when
    result = parse(data)

    # then
    assert result.ok
    assert (result.total_rows, result.delimiter, result.ignored_columns) == (1, ",", [])
    [parsed] = result.rows
    assert parsed.line == 2
    assert parsed.full_name == "Siti Aminah"
    assert parsed.nik.nik == SITI
    assert parsed.nik.last4 == "0001"
    assert parsed.phone == "+6281234567890"
    assert (parsed.gender, parsed.birth_year) == ("P", 1990)
    assert (parsed.district_code, parsed.village_code) == ("33.75.01", "33.75.01.1002")
    assert parsed.status == "completed"
    assert parsed.certificate_no == "PKL/2024/001"
    assert (parsed.award_title, parsed.award_rank, parsed.award_amount_idr) == (
        "Juara 1",
        1,
        3_000_000,
    )


def test_empty_optional_cells_take_defaults_and_the_nik():
    # given only the required columns
    data = sheet("full_name,nik", f"Siti Aminah,{SITI}")

    # when
    [parsed] = parse(data).rows

    # then gender, birth year and kecamatan come from the NIK; status defaults to registered
    assert (parsed.gender, parsed.birth_year, parsed.district_code) == ("P", 1990, "33.75.01")
    assert parsed.status == "registered"
    assert parsed.phone is parsed.village_code is parsed.certificate_no is None
    assert parsed.award_title is parsed.award_rank is parsed.award_amount_idr is None


def test_a_dash_in_an_optional_cell_means_empty():
    # given the way these sheets say "none"
    data = sheet(HEADER, row(phone="-", kelurahan="–", status="-", award="-", award_amount_idr="-"))

    # when
    [parsed] = parse(data).rows

    # then
    assert parsed.phone is None
    assert parsed.village_code is None
    assert parsed.status == "registered"
    assert parsed.award_title is None


def test_indonesian_header_aliases_are_recognised():
    # given a sheet headed the way an agency writes it
    data = sheet(
        "Nama;NIK;No. HP;Jenis Kelamin (L/P);Tahun Lahir;Kelurahan / Desa;Kec.;Keterangan;"
        "Sertifikat;Juara;Hadiah",
        f"Siti Aminah;{SITI};0812 3456 7890;P;1990;Medono;Pekalongan Barat;hadir;"
        "SRT-01;Juara 2;Rp 2.400.000",
    )

    # when
    result = parse(data)

    # then
    assert result.ok and result.ignored_columns == []
    [parsed] = result.rows
    assert parsed.phone == "+6281234567890"
    assert (parsed.gender, parsed.birth_year, parsed.village_code) == ("P", 1990, "33.75.01.1002")
    assert (parsed.status, parsed.certificate_no) == ("attended", "SRT-01")
    assert (parsed.award_rank, parsed.award_amount_idr) == (2, 2_400_000)


@pytest.mark.parametrize(
    ("label", "column"),
    [
        ("nama_lengkap", "full_name"),
        ("Nama Peserta", "full_name"),
        ("NO-KTP", "nik"),
        ("nik_ktp", "nik"),
        ("Nomor NIK", "nik"),
        ("WhatsApp", "phone"),
        ("No Telp", "phone"),
        ("JK", "gender"),
        ("L/P", "gender"),
        ("Thn Lahir", "birth_year"),
        ("Desa/Kelurahan", "kelurahan"),
        ("desa", "kelurahan"),
        ("Status Peserta", "status"),
        ("Nomor Sertifikat", "certificate_no"),
        ("Prestasi", "award"),
        ("Nominal Hadiah (Rp)", "award_amount_idr"),
        ("Insentif", "award_amount_idr"),
    ],
)
def test_each_alias_maps_to_its_column(label, column):
    # given a sheet whose only optional column uses the alias
    value = {
        "full_name": "Siti Aminah",
        "nik": SITI,
        "phone": "081234567890",
        "gender": "P",
        "birth_year": "1990",
        "kelurahan": "Medono",
        "status": "lulus",
        "certificate_no": "C-1",
        "award": "Juara 3",
        "award_amount_idr": "1.800.000",
    }[column]
    others = {"full_name": ("nik", SITI), "nik": ("nama", "Siti Aminah")}
    other_label, other_value = others.get(column, ("nama;nik", f"Siti Aminah;{SITI}"))
    data = sheet(f"{other_label};{label}", f"{other_value};{value}")

    # when
    result = parse(data)

    # then the column was read (not ignored) and the row is valid
    assert result.ok and result.ignored_columns == []
    assert result.rows[0].full_name == "Siti Aminah"


def test_unknown_columns_are_ignored_and_listed():
    # given a row number column and a notes column
    data = sheet("No,Nama,NIK,Alamat Lengkap,,Catatan", f"1,Siti Aminah,{SITI},Jl. Merdeka 1,,ok")

    # when
    result = parse(data)

    # then
    assert result.ok
    assert result.ignored_columns == ["No", "Alamat Lengkap", "Catatan"]


def test_of_two_columns_for_one_field_the_exactly_named_one_wins():
    # given both "whatsapp" and "phone"
    data = sheet("nama,nik,whatsapp,phone", f"Siti Aminah,{SITI},081111111111,081234567890")

    # when
    result = parse(data)

    # then
    assert result.rows[0].phone == "+6281234567890"
    assert result.ignored_columns == ["whatsapp"]


# -- CSV dialects and line numbers -------------------------------------------------------------


def test_a_utf8_bom_is_dropped_from_the_first_header():
    # given "CSV UTF-8" from Excel, which starts with a BOM
    data = f"\ufeffnama,nik\nSiti Aminah,{SITI}\n".encode()

    # when
    result = parse(data)

    # then "nama" was recognised despite the BOM in front of it
    assert result.ok and result.rows[0].full_name == "Siti Aminah"


def test_semicolons_are_the_delimiter_when_the_header_has_more_of_them():
    # given Excel in the Indonesian locale, with a comma inside a quoted header
    data = sheet('nama;nik;"Hadiah, Rp"', f"Siti Aminah;{SITI};")

    # when
    result = parse(data)

    # then
    assert result.delimiter == ";"
    assert result.ok and result.rows[0].nik.nik == SITI


def test_an_excel_sep_line_sets_the_delimiter_and_is_not_the_header():
    # given
    data = sheet("sep=;", "nama;nik", f"Siti Aminah;{SITI}")

    # when
    result = parse(data)

    # then
    assert result.delimiter == ";"
    assert [r.line for r in result.rows] == [3]


def test_crlf_line_endings_and_blank_lines_are_handled():
    # given Windows line endings, blank lines and an Excel row of empty cells
    data = sheet(
        "nama;nik", "", f"Siti Aminah;{SITI}", ";", "", f"Budi Santoso;{BUDI}", "", newline="\r\n"
    )

    # when
    result = parse(data)

    # then blank lines are skipped but still counted for line numbers
    assert result.total_rows == 2
    assert [(r.line, r.full_name) for r in result.rows] == [(3, "Siti Aminah"), (6, "Budi Santoso")]


def test_a_quoted_cell_may_hold_the_delimiter_and_a_line_break():
    # given a name with an embedded semicolon and an award title over two lines
    data = sheet(
        "nama;nik;juara;catatan",
        f'"Siti; Aminah";{SITI};"Juara 1\r\nLomba Kue";"a\nb\nc"',
        f"Budi Santoso;{BUDI};;",
        "X;123;;",
        newline="\r\n",
    )

    # when
    result = parse(data)

    # then the first record is one row, and the next ones keep their physical line numbers
    assert result.total_rows == 3
    siti, budi = result.rows
    assert (siti.line, siti.full_name, siti.award_title) == (2, "Siti; Aminah", "Juara 1 Lomba Kue")
    assert budi.line == 6  # "Juara 1" spans lines 2-3, "a b c" lines 3-5
    assert {(error.line, error.column) for error in result.errors} == {(7, "full_name"), (7, "nik")}


def test_a_header_on_a_later_line_keeps_physical_line_numbers():
    # given two blank lines before the header
    data = sheet("", "", "nama,nik", f"Siti Aminah,{SITI}")

    # when / then
    assert parse(data).rows[0].line == 4


# -- Row checks: name and NIK ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("", "wajib"), ("A", "2 sampai 120"), ("x" * 121, "2 sampai 120"), ("12345", "huruf")],
)
def test_a_missing_short_long_or_letterless_name_is_rejected(name, expected):
    # when
    result = parse(sheet(HEADER, row(full_name=name)))

    # then
    error = only_error(result)
    assert (error.line, error.column) == (2, "full_name")
    assert expected in str(error.message)
    assert result.rows == []


def test_spaces_inside_a_name_are_collapsed_before_the_length_check():
    # given a name that is 1 character once spaces are collapsed
    result = parse(sheet(HEADER, row(full_name="  A   ")))

    # then
    assert only_error(result).column == "full_name"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "NIK wajib diisi"),
        ("33750145039000", "16 digit"),
        (nik("33.75.09"), "6 digit pertama"),
        (nik(day=32), "Tanggal lahir"),
        (nik(month=13), "Tanggal lahir"),
        (nik(serial=0), "0000"),
        ('"3,37501E+15"', "Teks"),
    ],
    ids=["empty", "short", "region", "day", "month", "serial", "scientific"],
)
def test_each_nik_problem_is_reported_on_the_nik_column(value, expected):
    # when
    result = parse(sheet(HEADER, row(nik=value)))

    # then
    error = only_error(result)
    assert (error.line, error.column) == (2, "nik")
    assert expected in str(error.message)


def test_a_nik_repeated_later_in_the_file_is_rejected_on_the_later_line():
    # given the same NIK on lines 2 and 4, typed differently
    data = sheet(
        HEADER, row(), row(full_name="Budi Santoso", nik=BUDI), row(nik="3375 0145 0390 0001")
    )

    # when
    result = parse(data)

    # then
    assert [r.line for r in result.rows] == [2, 3]
    error = only_error(result)
    assert (error.line, error.column) == (4, "nik")
    assert str(error.message) == "NIK sama dengan baris 2."


# -- Row checks: phone, gender, birth year -----------------------------------------------------


@pytest.mark.parametrize("phone", ["123", "0812", "+1 202 555 0143", "nomor hp"])
def test_a_phone_that_is_not_an_indonesian_number_is_rejected(phone):
    # when
    error = only_error(parse(sheet(HEADER, row(phone=phone))))

    # then
    assert error.column == "phone"
    assert "0812-3456-7890" in str(error.message)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("L", "L"),
        ("laki-laki", "L"),
        ("Laki Laki", "L"),
        ("PRIA", "L"),
        ("male", "L"),
        ("M", "L"),
        ("p", "P"),
        ("Perempuan", "P"),
        ("wanita", "P"),
        ("Female", "P"),
        ("f", "P"),
    ],
)
def test_gender_words_are_read_as_l_or_p(typed, expected):
    # given a NIK of the same gender
    nik_value = BUDI if expected == "L" else SITI

    # when
    result = parse(sheet(HEADER, row(nik=nik_value, gender=typed)))

    # then
    assert result.ok
    assert result.rows[0].gender == expected


def test_a_gender_that_disagrees_with_the_nik_is_rejected():
    # given a man's gender on a woman's NIK
    error = only_error(parse(sheet(HEADER, row(gender="L"))))

    # then
    assert error.column == "gender"
    assert "tidak sesuai dengan NIK" in str(error.message)


def test_an_unknown_gender_word_is_rejected_with_the_value():
    # when
    error = only_error(parse(sheet(HEADER, row(gender="X"))))

    # then
    assert error.column == "gender"
    assert "“X”" in str(error.message)


@pytest.mark.parametrize(
    ("year", "expected"), [("1991", "tidak sesuai"), ("90", "4 angka"), ("19 90", "4 angka")]
)
def test_a_birth_year_that_is_malformed_or_disagrees_with_the_nik_is_rejected(year, expected):
    # when
    error = only_error(parse(sheet(HEADER, row(birth_year=year))))

    # then
    assert error.column == "birth_year"
    assert expected in str(error.message)


# -- Row checks: places ------------------------------------------------------------------------


def test_kecamatan_and_kelurahan_names_resolve_inside_the_agency_regency():
    # given names with prefixes and odd case, and a NIK from another kecamatan of the city
    data = sheet(HEADER, row(kecamatan="kec. pekalongan timur", kelurahan="Kelurahan KAUMAN"))

    # when
    [parsed] = parse(data).rows

    # then the typed residence wins over the NIK's kecamatan
    assert (parsed.district_code, parsed.village_code) == ("33.75.02", "33.75.02.1004")


def test_an_unknown_kecamatan_is_rejected_naming_it_and_the_regency():
    # when
    error = only_error(parse(sheet(HEADER, row(kecamatan="Mranggen", kelurahan="Medono"))))

    # then Mranggen is in Demak, not in the agency's Kota Pekalongan
    assert (error.line, error.column) == (2, "kecamatan")
    assert str(error.message) == "Kecamatan “Mranggen” tidak ada di Kota Pekalongan."


def test_a_kelurahan_outside_the_typed_kecamatan_is_rejected():
    # given Kauman, which is in Pekalongan Timur
    error = only_error(parse(sheet(HEADER, row(kecamatan="Pekalongan Barat", kelurahan="Kauman"))))

    # then
    assert error.column == "kelurahan"
    assert "“Kauman” tidak ada di Kecamatan Pekalongan Barat" in str(error.message)


def test_a_kelurahan_without_kecamatan_is_found_anywhere_in_the_regency():
    # given a participant registered in Pekalongan Barat who lives in Kauman (Pekalongan Timur)
    [parsed] = parse(sheet(HEADER, row(kelurahan="Kauman"))).rows

    # then
    assert (parsed.district_code, parsed.village_code) == ("33.75.02", "33.75.02.1004")


def test_a_kelurahan_without_kecamatan_that_is_nowhere_in_the_regency_is_rejected():
    # when
    error = only_error(parse(sheet(HEADER, row(kelurahan="Bintoro"))))

    # then Bintoro is in Demak
    assert error.column == "kelurahan"
    assert str(error.message) == "Kelurahan/desa “Bintoro” tidak ada di Kota Pekalongan."


def test_a_kelurahan_name_shared_by_two_kecamatan_asks_for_the_kecamatan():
    # given Medan, where "Sei Mati" is in both Medan Labuhan and Medan Maimun, and a Demak NIK
    data = sheet(HEADER, row(nik=nik("33.21.01"), kelurahan="Sei Mati"))

    # when
    error = only_error(parse(data, regency="12.71"))

    # then
    assert error.column == "kelurahan"
    assert "Medan Labuhan, Medan Maimun" in str(error.message)


def test_the_nik_kecamatan_is_used_only_when_it_is_in_the_agency_regency():
    # given a Pekalongan NIK and a Demak NIK in a Demak agency's sheet
    data = sheet(HEADER, row(), row(full_name="Budi Santoso", nik=nik("33.21.03", serial=9)))

    # when
    pekalongan, demak = parse(data, regency="33.21").rows

    # then
    assert pekalongan.district_code is None
    assert demak.district_code == "33.21.03"


def test_an_unknown_regency_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown regency"):
        parse(sheet(HEADER, row()), regency="33")


# -- Row checks: status, certificate, award ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("terdaftar", "registered"),
        ("Daftar", "registered"),
        ("registered", "registered"),
        ("HADIR", "attended"),
        ("attended", "attended"),
        ("lulus", "completed"),
        ("Selesai", "completed"),
        ("tamat", "completed"),
        ("completed", "completed"),
        ("mundur", "dropped"),
        ("gugur", "dropped"),
        ("keluar", "dropped"),
        ("Tidak  Lulus", "dropped"),
        ("dropped", "dropped"),
    ],
)
def test_status_words_map_to_the_four_statuses(typed, expected):
    # when
    [parsed] = parse(sheet(HEADER, row(status=typed))).rows

    # then
    assert parsed.status == expected


def test_an_unknown_status_is_rejected_listing_the_accepted_words():
    # when
    error = only_error(parse(sheet(HEADER, row(status="alumni"))))

    # then
    assert error.column == "status"
    message = str(error.message)
    assert "“alumni”" in message
    for word in ("terdaftar", "hadir", "lulus", "mundur", "tidak lulus"):
        assert word in message


def test_a_certificate_number_is_trimmed_and_may_hold_slashes_dots_dashes_and_underscores():
    # when
    [parsed] = parse(sheet(HEADER, row(certificate_no="  BLK/2024.07-A_12  "))).rows

    # then
    assert parsed.certificate_no == "BLK/2024.07-A_12"


@pytest.mark.parametrize(
    ("value", "expected"), [("No#12", "“#”"), ("A+B@C", "“+” “@”"), ("A" * 61, "60 karakter")]
)
def test_a_certificate_with_other_characters_or_too_long_is_rejected(value, expected):
    # when
    error = only_error(parse(sheet(HEADER, row(certificate_no=value))))

    # then
    assert error.column == "certificate_no"
    assert expected in str(error.message)


def test_a_certificate_repeated_later_in_the_file_is_rejected_on_the_later_line():
    # given
    data = sheet(
        HEADER,
        row(certificate_no="C-1"),
        row(full_name="Budi Santoso", nik=BUDI, certificate_no="C-1"),
    )

    # when
    error = only_error(parse(data))

    # then
    assert (error.line, error.column) == (3, "certificate_no")
    assert str(error.message) == "Nomor sertifikat sama dengan baris 2."


@pytest.mark.parametrize(
    ("title", "rank"),
    [
        ("Juara 1", 1),
        ("juara 10", 10),
        ("Juara ke-2", 2),
        ("Juara III", 3),
        ("Juara Harapan", None),
        ("Juara Harapan 1", None),
        ("Juara 11", None),
        ("Peserta Terbaik", None),
    ],
)
def test_the_award_rank_is_the_number_after_juara(title, rank):
    # when
    [parsed] = parse(sheet(HEADER, row(award=title))).rows

    # then
    assert (parsed.award_title, parsed.award_rank) == (title, rank)


def test_an_award_title_over_120_characters_is_rejected():
    # when
    error = only_error(parse(sheet(HEADER, row(award="J" * 121))))

    # then
    assert error.column == "award"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("-3.000.000", "negatif"),
        ("3.5", "tidak jelas"),
        ("3,5", "tidak jelas"),
        ("3.000.000,50", "pecahan"),
        ("tiga juta", "tidak dikenali"),
        ("3 juta", "tidak dikenali"),
        ("3.000,000", "tidak dikenali"),
    ],
)
def test_a_bad_award_amount_is_rejected_with_an_example_of_the_accepted_form(amount, expected):
    # when
    error = only_error(parse(sheet(HEADER, row(award_amount_idr=f'"{amount}"'))))

    # then
    assert error.column == "award_amount_idr"
    message = str(error.message)
    assert expected in message
    assert "mis. 3." in message


def test_an_award_amount_over_a_billion_rupiah_is_rejected():
    # given a NIK-sized number in the amount column
    error = only_error(parse(sheet(HEADER, row(award_amount_idr="Rp1.000.000.001"))))

    # then
    assert error.column == "award_amount_idr"
    assert "terlalu besar" in str(error.message)
    assert parse(sheet(HEADER, row(award_amount_idr="Rp1.000.000.000"))).ok


@pytest.mark.parametrize("amount", ["Rp -", "Rp-", "-"])
def test_excels_accounting_zero_means_no_amount(amount):
    # when
    [parsed] = parse(sheet(HEADER, row(award_amount_idr=amount))).rows

    # then
    assert parsed.award_amount_idr is None


def test_every_problem_of_a_row_is_reported_and_the_row_is_left_out():
    # given a row wrong in four columns between two good ones
    data = sheet(
        HEADER,
        row(),
        row(full_name="B", nik=BUDI, phone="12", status="x", award_amount_idr='"3,5"'),
        row(full_name="Ani Lestari", nik=nik(day=41, serial=3)),
    )

    # when
    result = parse(data)

    # then
    assert not result.ok
    assert [r.line for r in result.rows] == [2, 4]
    assert problems(result) == [
        (3, "full_name"),
        (3, "phone"),
        (3, "status"),
        (3, "award_amount_idr"),
    ]
    assert result.total_rows == 3


# -- parse_rupiah ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "3.000.000",
        "Rp 3.000.000",
        "Rp3.000.000",
        "rp. 3.000.000",
        "IDR 3000000",
        "3000000",
        "3,000,000",
        "3.000.000,00",
        "3000000,00",
        "3,000,000.00",
        "Rp 3.000.000,-",
        " 3 000 000 ",
        "Rp\u00a03.000.000",
    ],
)
def test_parse_rupiah_accepts_the_usual_ways_to_write_three_million(text):
    assert parse_rupiah(text) == 3_000_000


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("Rp0", 0), ("500", 500), ("1.800", 1800)])
def test_parse_rupiah_accepts_small_whole_amounts(text, value):
    assert parse_rupiah(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-3.000.000", "negative"),
        ("Rp -3.000.000", "negative"),
        ("(3.000.000)", "negative"),
        ("3.000.000,50", "fraction"),
        ("3000000.5", "fraction"),
        ("3.5", "ambiguous"),
        ("3,5", "ambiguous"),
        ("2,40", "ambiguous"),
        ("tiga juta", "format"),
        ("3jt", "format"),
        ("3 5", "format"),
        ("30.00.000", "format"),
        ("3.000.00", "format"),
        ("3,000.000", "format"),
        ("", "format"),
        ("Rp", "format"),
    ],
)
def test_parse_rupiah_rejects_negatives_fractions_ambiguous_forms_and_words(text, reason):
    # when
    with pytest.raises(InvalidAmount) as caught:
        parse_rupiah(text)

    # then it is a ValueError whose message gives an accepted form
    assert isinstance(caught.value, ValueError)
    assert caught.value.reason == reason
    assert "mis. 3." in str(caught.value.message)


# -- File-level errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\r\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b";;;\r\n;;;\r\n", "empty"),
        ("nama;nik\nJosé Müller;3375014503900001\n".encode("latin-1"), "not_utf8"),
        ("nama,nik\n".encode("utf-16"), "not_utf8"),
        (b"PK\x03\x04\x14\x00\x06\x00", "workbook"),
        (f"Siti Aminah;{SITI}\nBudi;{BUDI}".encode(), "no_header"),
        (b"nama;nik\n\n;\n", "no_rows"),
    ],
    ids=[
        "no bytes",
        "blank",
        "bom only",
        "empty cells",
        "latin-1",
        "utf-16",
        "xlsx",
        "data, no header",
        "header only",
    ],
)
def test_a_file_that_cannot_be_read_raises_with_a_reason(data, reason):
    # when
    with pytest.raises(ImportFileError) as caught:
        parse(data)

    # then
    assert caught.value.code == "import_file"
    assert caught.value.data["reason"] == reason
    assert str(caught.value.message)


def test_a_file_that_is_not_utf8_says_to_save_as_csv_utf8():
    # when
    with pytest.raises(ImportFileError) as caught:
        parse("nama;nik\nJosé;1\n".encode("cp1252"))

    # then
    assert "CSV UTF-8" in str(caught.value.message)


def test_missing_required_columns_are_named_with_their_aliases():
    # given a sheet with a name but no NIK column
    data = sheet("nama;no_hp", "Siti Aminah;08123456789")

    # when
    with pytest.raises(ImportFileError) as caught:
        parse(data)

    # then
    assert caught.value.data["columns"] == ["nik"]
    message = str(caught.value.message)
    assert "Kolom wajib tidak ditemukan: nik." in message
    assert "no_ktp" in message and "nomor_nik" in message


def test_more_rows_than_the_limit_is_refused():
    # given four rows and a limit of three
    data = sheet(HEADER, *(row(nik=nik(serial=n)) for n in range(1, 5)))

    # when
    with pytest.raises(ImportFileError) as caught:
        parse(data, max_rows=3)

    # then
    assert caught.value.data["reason"] == "too_many_rows"
    assert "lebih dari 3 baris" in str(caught.value.message)
    assert parse(data, max_rows=4).total_rows == 4


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens():
    # given a quote opened on line 3 and never closed
    data = sheet("nama;nik", f"Siti Aminah;{SITI}", f'"Budi;{BUDI}', f"Ani;{SITI}")

    # when
    with pytest.raises(ImportFileError) as caught:
        parse(data)

    # then
    assert caught.value.data == {"reason": "csv", "line": 3}
    assert "Baris 3" in str(caught.value.message)


# -- Personal data and speed -------------------------------------------------------------------


def test_no_message_ever_contains_a_nik():
    # given NIKs that repeat, fail every check, or were pasted (plain or spaced) into every column
    niks = [nik(serial=n) for n in range(1, 41)]
    lines = [HEADER]
    for i, value in enumerate(niks):
        stray = " ".join(re.findall("....", value)) if i % 2 else value
        place = {"kecamatan": stray} if i % 4 < 2 else {"kelurahan": stray}
        cells = {column: stray for column in CANONICAL_HEADERS} | place
        cells |= {
            "nik": niks[i // 2] if i % 3 else value[:12] + "0000",  # repeats, or serial 0000
            "certificate_no": f"{stray}#",
            "award": f"{stray} " * 8,
            "award_amount_idr": f'"{stray},5"',
        }
        if i % 4 < 2:
            cells.pop("kelurahan")
        else:
            cells.pop("kecamatan")
        lines.append(row(**cells))
    lines.append(row(nik=niks[0][:8] + "13" + niks[0][10:]))  # month 13
    lines.append(row(nik=niks[0][:6] + "320190" + niks[0][12:]))  # day 32
    lines.append(row(nik="99" + niks[0][2:]))  # no such region
    lines.append(row(nik=niks[0] + "7"))  # 17 digits

    # when
    result = parse(sheet(*lines))

    # then every column had problems, and no message shows a NIK or its first 12 digits
    assert {error.column for error in result.errors} == set(CANONICAL_HEADERS)
    nik_messages = " ".join(str(e.message) for e in result.errors if e.column == "nik")
    for reason in ("16 digit", "6 digit pertama", "Tanggal lahir", "0000", "sama dengan baris"):
        assert reason in nik_messages
    assert len(result.errors) > 300
    for error in result.errors:
        message = str(error.message)
        digits = re.sub(r"\D", "", message)
        assert not any(value[:12] in digits for value in niks), message


def test_five_thousand_rows_parse_in_well_under_five_seconds():
    # given 5,000 realistic rows across the four kecamatan of Kota Pekalongan
    rng = random.Random(7)
    places = {
        "33.75.01": ("Pekalongan Barat", ["Medono", "Podosugih", "Bendan Kergon"]),
        "33.75.02": ("Pekalongan Timur", ["Kauman", "Poncol", "Klego"]),
        "33.75.03": ("Pekalongan Utara", ["Krapyak", "Degayu", "Panjang Wetan"]),
        "33.75.04": ("Pekalongan Selatan", ["Banyurip", "Jenggot", "Kuripan Yosorejo"]),
    }
    lines = ["Nama;NIK;No HP;JK;Tahun Lahir;Kelurahan;Kecamatan;Status;Sertifikat;Juara;Hadiah"]
    for n in range(5000):
        code = rng.choice(list(places))
        kecamatan, kelurahan = places[code]
        woman = rng.random() < 0.6
        day, month, yy = rng.randint(1, 28), rng.randint(1, 12), rng.randint(60, 99)
        value = nik(code, day + (40 if woman else 0), month, yy, serial=n + 1)
        lines.append(
            f"Peserta {n};{value};0812{rng.randint(10_000_000, 99_999_999)};"
            f"{'P' if woman else 'L'};19{yy};{rng.choice(kelurahan)};{kecamatan};"
            f"{rng.choice(['hadir', 'lulus', 'terdaftar'])};PKL/{n:05d};;Rp {n * 1000:,}".replace(
                ",", "."
            )
        )
    data = sheet(*lines, newline="\r\n")

    # when
    started = time.perf_counter()
    result = parse(data)
    elapsed = time.perf_counter() - started

    # then
    print(f"\n5,000 rows parsed in {elapsed:.2f} s")
    assert result.ok, [str(e.message) for e in result.errors[:3]]
    assert len(result.rows) == 5000
    assert elapsed < 5.0
