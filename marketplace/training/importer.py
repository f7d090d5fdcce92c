"""Participant sheets: the CSV an agency exports from Excel, read into checked rows and errors.

Pure: bytes in, `ParseResult` out; no database and no request. `imports.py` plans and applies
the rows. Messages are lazy Indonesian strings; none of them ever contains a NIK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError
from marketplace.core.imports import RowError, csv_records, decode_csv
from marketplace.core.phone import InvalidPhone, normalize_phone
from marketplace.regions.reference import (
    District,
    Regency,
    Village,
    find_district,
    find_village,
    get_district,
    get_regency,
    list_districts,
)
from marketplace.training.nik import InvalidNik, NikInfo, parse_nik

__all__ = [
    "CANONICAL_HEADERS",
    "HEADER_ALIASES",
    "ImportFileError",
    "InvalidAmount",
    "ParseResult",
    "ParsedRow",
    "RowError",
    "parse_participants_csv",
    "parse_rupiah",
]

CANONICAL_HEADERS = (
    "full_name",
    "nik",
    "phone",
    "gender",
    "birth_year",
    "kelurahan",
    "kecamatan",
    "status",
    "certificate_no",
    "award",
    "award_amount_idr",
)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("nama", "nama_lengkap", "nama_peserta"),
    "nik": ("no_nik", "nomor_nik", "no_ktp", "nik_ktp"),
    "phone": ("no_hp", "nomor_hp", "hp", "telepon", "no_telp", "no_wa", "whatsapp"),
    "gender": ("jenis_kelamin", "jk", "l/p", "kelamin"),
    "birth_year": ("tahun_lahir", "thn_lahir"),
    "kelurahan": ("desa", "kelurahan/desa", "desa/kelurahan"),
    "kecamatan": ("kec",),
    "status": ("status_peserta", "keterangan"),
    "certificate_no": ("sertifikat", "no_sertifikat", "nomor_sertifikat"),
    "award": ("juara", "penghargaan", "prestasi"),
    "award_amount_idr": ("hadiah", "nominal_hadiah", "insentif", "jumlah_hadiah"),
}
REQUIRED_COLUMNS = ("full_name", "nik")
_COLUMN_OF = {
    key: canonical for canonical, aliases in HEADER_ALIASES.items() for key in (canonical, *aliases)
}

_GENDERS = {
    "l": "L",
    "p": "P",
    "laki-laki": "L",
    "laki laki": "L",
    "pria": "L",
    "perempuan": "P",
    "wanita": "P",
    "male": "L",
    "female": "P",
    "m": "L",
    "f": "P",
}
_STATUSES = {
    "registered": "registered",
    "terdaftar": "registered",
    "daftar": "registered",
    "attended": "attended",
    "hadir": "attended",
    "completed": "completed",
    "lulus": "completed",
    "selesai": "completed",
    "tamat": "completed",
    "dropped": "dropped",
    "mundur": "dropped",
    "gugur": "dropped",
    "keluar": "dropped",
    "tidak lulus": "dropped",
}
_STATUS_WORDS = ", ".join(
    word for word in _STATUSES if word not in {"registered", "attended", "completed", "dropped"}
)

NAME_MIN, NAME_MAX = 2, 120
CERTIFICATE_MAX = 60
AWARD_MAX = 120
# The column is a 32-bit integer; no agency prize comes near a billion rupiah, so anything
# above is a slip (a NIK or phone pasted into the wrong column) rather than a real amount.
AWARD_AMOUNT_MAX = 1_000_000_000


# -- Results -----------------------------------------------------------------------------------


class ImportFileError(DomainError):
    """The file as a whole cannot be read; `data["reason"]` says why."""

    code = "import_file"
    message = _l("Berkas peserta tidak dapat dibaca.")


@dataclass(frozen=True)
class ParsedRow:
    """A row that passed every check, with values normalised."""

    line: int
    full_name: str
    nik: NikInfo
    phone: str | None
    gender: str
    birth_year: int
    district_code: str | None
    village_code: str | None
    status: str
    certificate_no: str | None
    award_title: str | None
    award_rank: int | None
    award_amount_idr: int | None


@dataclass
class ParseResult:
    """Valid rows, the errors of the rejected ones, and what the preview needs to say."""

    rows: list[ParsedRow]
    errors: list[RowError]
    total_rows: int
    ignored_columns: list[str] = field(default_factory=list)
    delimiter: str = ","

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.errors


# -- Rupiah amounts ----------------------------------------------------------------------------

AmountReason = Literal["format", "negative", "fraction", "ambiguous"]

_RP_PREFIX = re.compile(r"(?:rp\.?|idr)\s*", re.IGNORECASE)
_MINUS = ("-", "\u2212", "\u2013")  # hyphen, minus sign, en dash (Word autocorrects - to en dash)
_SPACE_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]{1,2})?")
_DECIMAL = re.compile(r"(?P<whole>[0-9.,]+?)(?P<sep>[.,])(?P<cents>[0-9]{1,2})")
_WHOLE = (
    re.compile(r"[0-9]+"),
    re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+"),  # 3.000.000 (Indonesian)
    re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+"),  # 3,000,000 (English)
)


class InvalidAmount(ValueError):
    """Not a whole, non-negative rupiah amount; `reason` and a user-facing `message` say why."""

    def __init__(self, reason: AmountReason, value: str) -> None:
        self.reason: AmountReason = reason
        shown = _shown(value)
        if reason == "negative":
            self.message: Any = _l(
                "Nominal “%(value)s” tidak boleh negatif. Tulis rupiah bulat, mis. 3.000.000.",
                value=shown,
            )
        elif reason == "fraction":
            self.message = _l(
                "Nominal “%(value)s” berisi pecahan rupiah. Tulis rupiah bulat, mis. 3.000.000.",
                value=shown,
            )
        elif reason == "ambiguous":
            self.message = _l(
                "Nominal “%(value)s” tidak jelas: rupiah atau juta? Tulis angka lengkap, mis. "
                "3.500.000 untuk tiga setengah juta.",
                value=shown,
            )
        else:
            self.message = _l(
                "Nominal “%(value)s” tidak dikenali. Tulis angka rupiah, mis. 3.000.000 atau "
                "Rp3.000.000.",
                value=shown,
            )
        super().__init__(reason)


def parse_rupiah(text: str) -> int:
    """'Rp3.000.000', '3,000,000', '3.000.000,00' -> 3000000. Raises InvalidAmount (ValueError)."""
    value = " ".join((text or "").split())
    rest = value
    negative = False
    if rest.startswith("(") and rest.endswith(")"):  # accounting format for a negative amount
        negative, rest = True, rest[1:-1].strip()
    if rest.startswith(_MINUS):
        negative, rest = True, rest[1:].lstrip()
    if prefix := _RP_PREFIX.match(rest):
        rest = rest[prefix.end() :]
    if rest.startswith(_MINUS):
        negative, rest = True, rest[1:].lstrip()
    # "Rp3.000.000,-" is the usual way to write a whole amount on Indonesian documents.
    if rest.endswith((",-", ".-")):
        rest = rest[:-2].rstrip()
    if not rest or not rest[0].isdigit() or len(rest) > 30:
        raise InvalidAmount("format", value)
    if negative:
        raise InvalidAmount("negative", value)
    if " " in rest:
        # Spaces only as thousands separators ("3 000 000"), so "3 5" is not read as 35.
        if not _SPACE_GROUPED.fullmatch(rest):
            raise InvalidAmount("format", value)
        rest = rest.replace(" ", "")

    decimal = _DECIMAL.fullmatch(rest)
    if decimal:
        whole, sep, cents = decimal["whole"], decimal["sep"], decimal["cents"]
        if sep in whole:  # "3.000.00": the same mark cannot group thousands and start cents
            raise InvalidAmount("format", value)
        if len(whole) <= 3 and whole.isdigit() and int(whole) > 0:
            # "3.5", "3,5", "2,40": most likely millions in short; refuse to guess.
            raise InvalidAmount("ambiguous", value)
        if cents.strip("0"):
            raise InvalidAmount("fraction", value)
        rest = whole
    if not any(pattern.fullmatch(rest) for pattern in _WHOLE):
        raise InvalidAmount("format", value)
    return int(rest.replace(".", "").replace(",", ""))


# -- Reading the file --------------------------------------------------------------------------

_DASHES = re.compile(r"[-\u2013\u2014]+")
_NO_AMOUNT = re.compile(r"(?:rp\.?|idr)?\s*[-\u2013\u2014]+", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"[0-9](?:[\s.,/_\-]*[0-9]){9,}")
_CERTIFICATE = re.compile(r"[A-Za-z0-9/._\- ]+")
_BIRTH_YEAR = re.compile(r"[0-9]{4}")
_AWARD_RANK = re.compile(
    r"\bjuara\s*(?:ke\s*-?\s*)?(10|[1-9]|viii|vii|vi|iv|ix|x|v|iii|ii|i)\b", re.IGNORECASE
)
# Certificates often write places in Roman numerals: "Juara III".
_ROMAN = {
    numeral: rank
    for rank, numeral in enumerate(("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"), 1)
}
_EMPTY = _l("Berkas kosong. Unggah berkas CSV berisi baris judul kolom dan data peserta.")


def _shown(value: str) -> str:
    """A typed value safe to repeat in a message: long digit runs (NIK, phone) hidden, short."""
    # A NIK typed into the wrong column must not come back in a message about that column.
    text = _LONG_NUMBER.sub("…", " ".join(value.split()))
    return text if len(text) <= 40 else text[:39] + "…"


def _header_key(label: str) -> str:
    """'No. HP' -> 'no_hp', 'Jenis Kelamin (L/P)' -> 'jenis_kelamin', 'Kelurahan / Desa' ->
    'kelurahan/desa'."""
    key = re.sub(r"\([^)]*\)", " ", label.casefold())
    key = re.sub(r"[^\w/]+", "_", key)
    return re.sub(r"_*/_*", "/", key).strip("_")


def _accepted_names(column: str) -> str:
    return " / ".join((column, *HEADER_ALIASES[column]))


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Canonical column -> index, and the labels of the columns that will be ignored.

    Raises ImportFileError (no known column, required column missing).
    """
    found: dict[str, int] = {}
    ignored: set[int] = set()
    for index, label in enumerate(header):
        key = _header_key(label)
        column = _COLUMN_OF.get(key)
        if column is None:
            ignored.add(index)
        elif column not in found:
            found[column] = index
        elif key == column and _header_key(header[found[column]]) != column:
            # Two columns for one field ("hp" and "whatsapp"): the one named exactly wins,
            # else the first; the other is listed as ignored so the preview says so.
            ignored.add(found[column])
            found[column] = index
        else:
            ignored.add(index)
    if not found:
        raise ImportFileError(
            _l(
                "Baris pertama harus berisi judul kolom, mis. nama;nik;no_hp. Tidak ada judul "
                "kolom yang dikenali."
            ),
            reason="no_header",
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in found]
    if missing:
        raise ImportFileError(
            _l(
                "Kolom wajib tidak ditemukan: %(columns)s. Judul kolom yang diterima: "
                "%(accepted)s.",
                columns=", ".join(missing),
                accepted="; ".join(_accepted_names(column) for column in missing),
            ),
            reason="missing_columns",
            columns=missing,
        )
    labels = [" ".join(header[i].split()) for i in sorted(ignored)]
    return found, [label for label in labels if label]


def parse_participants_csv(data: bytes, *, regency_code: str, max_rows: int = 20000) -> ParseResult:
    """Read and check a participant sheet for an agency of `regency_code` ("33.75").

    Raises ImportFileError for a file that cannot be read at all (empty, not UTF-8 CSV, no
    header, a required column missing, more than `max_rows` rows); ValueError for an unknown
    regency_code.
    """
    regency = get_regency(regency_code)
    if regency is None:
        raise ValueError(f"unknown regency code {regency_code!r}")
    text = decode_csv(data, error=ImportFileError, empty=_EMPTY)
    delimiter, records = csv_records(text, error=ImportFileError)

    first = next(records, None)
    if first is None:
        raise ImportFileError(_EMPTY, reason="empty")
    columns, ignored_columns = _map_columns(first[1])

    checker = _RowChecker(regency, today=date.today())
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    total = 0
    for line, cells in records:
        total += 1
        if total > max_rows:
            raise ImportFileError(
                _l(
                    "Berkas berisi lebih dari %(max)d baris peserta. Bagi menjadi beberapa "
                    "berkas, lalu unggah satu per satu.",
                    max=max_rows,
                ),
                reason="too_many_rows",
                max_rows=max_rows,
            )
        values = {
            column: cells[index].strip() if index < len(cells) else ""
            for column, index in columns.items()
        }
        row, row_errors = checker.check(line, values)
        if row is not None:
            rows.append(row)
        errors.extend(row_errors)
    if total == 0:
        raise ImportFileError(
            _l("Berkas hanya berisi judul kolom, belum ada data peserta."), reason="no_rows"
        )
    return ParseResult(
        rows=rows,
        errors=errors,
        total_rows=total,
        ignored_columns=ignored_columns,
        delimiter=delimiter,
    )


# -- Checking one row --------------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _RowChecker:
    """Checks rows in file order; remembers NIKs and certificates seen, caches place lookups."""

    def __init__(self, regency: Regency, *, today: date) -> None:
        self.regency = regency
        self.today = today
        self.nik_lines: dict[str, int] = {}
        self.certificate_lines: dict[str, int] = {}
        self._districts: dict[str, District | None] = {}
        self._villages: dict[tuple[str, str], Village | None] = {}
        self._regency_villages: dict[str, list[Village]] = {}

    def check(self, line: int, values: dict[str, str]) -> tuple[ParsedRow | None, list[RowError]]:
        """The parsed row, or None and every problem the row has."""
        errors: list[RowError] = []

        def fail(column: str, message: Any) -> None:
            errors.append(RowError(line, column, message))

        def optional(column: str) -> str:
            value = values.get(column, "")
            return "" if _DASHES.fullmatch(value) else value  # "-" means "none" in these sheets

        full_name = " ".join(optional("full_name").split())
        if not full_name:
            fail("full_name", _l("Nama wajib diisi."))
        elif not NAME_MIN <= len(full_name) <= NAME_MAX:
            fail(
                "full_name",
                _l("Nama harus %(min)d sampai %(max)d karakter.", min=NAME_MIN, max=NAME_MAX),
            )
        elif not any(char.isalpha() for char in full_name):
            fail("full_name", _l("Nama harus berisi huruf."))

        info = self._nik(values.get("nik", ""), fail)
        if info is not None:
            first = self.nik_lines.setdefault(info.nik, line)
            if first != line:
                fail("nik", _l("NIK sama dengan baris %(line)d.", line=first))

        phone = None
        if raw_phone := optional("phone"):
            try:
                phone = normalize_phone(raw_phone)
            except InvalidPhone:
                fail(
                    "phone", _l("Nomor HP tidak valid. Tulis nomor Indonesia, mis. 0812-3456-7890.")
                )

        gender = info.gender if info else ""
        if raw_gender := optional("gender"):
            typed = _GENDERS.get(_key(raw_gender))
            if typed is None:
                fail(
                    "gender",
                    _l(
                        "Jenis kelamin “%(value)s” tidak dikenal. Tulis L atau P.",
                        value=_shown(raw_gender),
                    ),
                )
            elif info is not None and typed != info.gender:
                fail("gender", _l("Jenis kelamin tidak sesuai dengan NIK."))
            else:
                gender = typed

        birth_year = info.birth_year if info else 0
        if raw_year := optional("birth_year"):
            if not _BIRTH_YEAR.fullmatch(raw_year):
                fail("birth_year", _l("Tahun lahir harus 4 angka, mis. 1990."))
            elif info is not None and int(raw_year) != info.birth_year:
                fail("birth_year", _l("Tahun lahir tidak sesuai dengan tanggal lahir dalam NIK."))

        district_code, village_code = self._place(
            optional("kecamatan"), optional("kelurahan"), info, fail
        )

        status = "registered"
        if raw_status := optional("status"):
            status = _STATUSES.get(_key(raw_status), "")
            if not status:
                fail(
                    "status",
                    _l(
                        "Status “%(value)s” tidak dikenal. Gunakan salah satu: %(accepted)s.",
                        value=_shown(raw_status),
                        accepted=_STATUS_WORDS,
                    ),
                )

        certificate_no = " ".join(optional("certificate_no").split()) or None
        if certificate_no is not None:
            if len(certificate_no) > CERTIFICATE_MAX:
                fail(
                    "certificate_no",
                    _l("Nomor sertifikat paling banyak %(max)d karakter.", max=CERTIFICATE_MAX),
                )
            elif not _CERTIFICATE.fullmatch(certificate_no):
                bad = sorted({char for char in certificate_no if not _CERTIFICATE.match(char)})
                fail(
                    "certificate_no",
                    _l(
                        "Nomor sertifikat hanya boleh berisi huruf, angka, spasi dan / . - _ "
                        "(tidak boleh: %(chars)s).",
                        chars=" ".join(f"“{char}”" for char in bad),
                    ),
                )
            else:
                first = self.certificate_lines.setdefault(certificate_no, line)
                if first != line:
                    fail(
                        "certificate_no",
                        _l("Nomor sertifikat sama dengan baris %(line)d.", line=first),
                    )

        award_title = " ".join(optional("award").split()) or None
        award_rank = None
        if award_title is not None:
            if len(award_title) > AWARD_MAX:
                fail("award", _l("Penghargaan paling banyak %(max)d karakter.", max=AWARD_MAX))
            elif match := _AWARD_RANK.search(award_title):
                rank = match.group(1).casefold()
                award_rank = int(rank) if rank.isdigit() else _ROMAN[rank]

        award_amount = None
        raw_amount = optional("award_amount_idr")
        # Excel's accounting format writes zero as "Rp -": no amount.
        if raw_amount and not _NO_AMOUNT.fullmatch(raw_amount):
            try:
                award_amount = parse_rupiah(raw_amount)
            except InvalidAmount as exc:
                fail("award_amount_idr", exc.message)
            else:
                if award_amount > AWARD_AMOUNT_MAX:
                    fail(
                        "award_amount_idr",
                        _l("Nominal hadiah terlalu besar (paling banyak Rp1.000.000.000)."),
                    )

        if errors or info is None:
            return None, errors
        return (
            ParsedRow(
                line=line,
                full_name=full_name,
                nik=info,
                phone=phone,
                gender=gender,
                birth_year=birth_year,
                district_code=district_code,
                village_code=village_code,
                status=status,
                certificate_no=certificate_no,
                award_title=award_title,
                award_rank=award_rank,
                award_amount_idr=award_amount,
            ),
            errors,
        )

    def _nik(self, raw: str, fail: Any) -> NikInfo | None:
        """The parsed NIK, or None after reporting why not."""
        if not raw or _DASHES.fullmatch(raw):
            fail("nik", _l("NIK wajib diisi."))
            return None
        try:
            return parse_nik(raw, today=self.today)
        except InvalidNik as exc:
            fail("nik", exc.message)
            return None

    def _place(
        self, kecamatan: str, kelurahan: str, info: NikInfo | None, fail: Any
    ) -> tuple[str | None, str | None]:
        """(district_code, village_code) from the typed names, falling back on the NIK."""
        regency = self.regency
        district: District | None = None
        if kecamatan:
            district = self._district(kecamatan)
            if district is None:
                fail(
                    "kecamatan",
                    _l(
                        "Kecamatan “%(name)s” tidak ada di %(regency)s.",
                        name=_shown(kecamatan),
                        regency=regency.name,
                    ),
                )
                return None, None  # the kelurahan cannot be checked against an unknown kecamatan
        elif info is not None:
            registered = get_district(info.district_code)
            if registered is not None and registered.regency_code == regency.code:
                district = registered
        if not kelurahan:
            return (district.code if district else None), None

        if kecamatan and district is not None:
            village = self._village(district.code, kelurahan)
            if village is None:
                fail(
                    "kelurahan",
                    _l(
                        "Kelurahan/desa “%(name)s” tidak ada di Kecamatan %(district)s, "
                        "%(regency)s.",
                        name=_shown(kelurahan),
                        district=district.name,
                        regency=regency.name,
                    ),
                )
                return district.code, None
            return district.code, village.code

        # No kecamatan typed: people often live elsewhere than where their NIK was issued, so
        # look in the NIK's kecamatan first, then anywhere in the regency if the name is unique.
        village = self._village(district.code, kelurahan) if district else None
        if village is not None:
            return village.district_code, village.code
        matches = self._villages_in_regency(kelurahan)
        if len(matches) == 1:
            return matches[0].district_code, matches[0].code
        if not matches:
            fail(
                "kelurahan",
                _l(
                    "Kelurahan/desa “%(name)s” tidak ada di %(regency)s.",
                    name=_shown(kelurahan),
                    regency=regency.name,
                ),
            )
        else:
            names = ", ".join(
                where.name
                for match in matches
                if (where := get_district(match.district_code)) is not None
            )
            fail(
                "kelurahan",
                _l(
                    "Kelurahan/desa “%(name)s” ada di beberapa kecamatan (%(districts)s). Isi "
                    "kolom kecamatan.",
                    name=_shown(kelurahan),
                    districts=names,
                ),
            )
        return None, None

    def _district(self, name: str) -> District | None:
        key = _key(name)
        if key not in self._districts:
            self._districts[key] = find_district(self.regency.code, name)
        return self._districts[key]

    def _village(self, district_code: str, name: str) -> Village | None:
        key = (district_code, _key(name))
        if key not in self._villages:
            self._villages[key] = find_village(district_code, name)
        return self._villages[key]

    def _villages_in_regency(self, name: str) -> list[Village]:
        key = _key(name)
        if key not in self._regency_villages:
            self._regency_villages[key] = [
                village
                for district in list_districts(self.regency.code)
                if (village := self._village(district.code, name)) is not None
            ]
        return self._regency_villages[key]
