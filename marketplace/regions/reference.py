"""Read-only lookups over the Kemendagri area codes vendored in ``data/`` (see its README).

Codes are dotted strings as Kemendagri writes them: provinsi ``33``, kabupaten/kota ``33.75``,
kecamatan ``33.75.01``, kelurahan/desa ``33.75.01.1002``. Names are returned as the source
spells them ("Jawa Tengah", "Kota Pekalongan", "Pekalongan Barat"). Each level is read from its
gzipped CSV on first use and then kept in memory; villages (83,762 rows) are read only when a
village function is called. Lists below a parent are in code order.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Generic, Protocol, TypeVar

__all__ = [
    "District",
    "Province",
    "Regency",
    "Village",
    "district_code_from_nik",
    "find_district",
    "find_village",
    "get_district",
    "get_province",
    "get_regency",
    "get_village",
    "list_districts",
    "list_provinces",
    "list_regencies",
    "list_villages",
    "regency_of_district",
]


@dataclass(frozen=True, slots=True)
class Province:
    """A provinsi, e.g. ``Province("33", "Jawa Tengah")``."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Regency:
    """A kabupaten or kota, e.g. ``Regency("33.75", "33", "Kota Pekalongan")``."""

    code: str
    province_code: str
    name: str


@dataclass(frozen=True, slots=True)
class District:
    """A kecamatan, e.g. ``District("33.75.01", "33.75", "Pekalongan Barat")``."""

    code: str
    regency_code: str
    name: str


@dataclass(frozen=True, slots=True)
class Village:
    """A kelurahan or desa, e.g. ``Village("33.75.01.1002", "33.75.01", "Medono")``."""

    code: str
    district_code: str
    name: str


# -- Loading -----------------------------------------------------------------------------------


class _Named(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


_T = TypeVar("_T", bound=_Named)

_DATA = files("marketplace.regions") / "data"


@dataclass(frozen=True, slots=True)
class _Level(Generic[_T]):
    by_code: dict[str, _T]
    by_parent: dict[str, tuple[_T, ...]]


def _rows(filename: str, columns: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Yield the rows of a vendored CSV as tuples in `columns` order, checking the header."""
    with (
        (_DATA / filename).open("rb") as raw,
        gzip.open(raw, "rt", encoding="utf-8", newline="") as text,
    ):
        reader = csv.DictReader(text)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValueError(f"{filename}: expected columns {columns}, found {reader.fieldnames}")
        for row in reader:
            yield tuple(row[column] for column in columns)


def _level(filename: str, parent_column: str, make: Callable[[str, str, str], _T]) -> _Level[_T]:
    """Read one child level into lookups by code and by parent code (children in code order)."""
    by_code: dict[str, _T] = {}
    by_parent: dict[str, list[_T]] = {}
    # Codes are fixed-width and zero-padded, so sorting the strings sorts them numerically.
    for code, parent, name in sorted(_rows(filename, ("code", parent_column, "name"))):
        if code in by_code:
            raise ValueError(f"{filename}: duplicate code {code}")
        by_code[code] = item = make(code, parent, name)
        by_parent.setdefault(parent, []).append(item)
    return _Level(by_code, {parent: tuple(items) for parent, items in by_parent.items()})


@cache
def _provinces() -> dict[str, Province]:
    """All provinces by code."""
    return {
        code: Province(code, name) for code, name in _rows("provinces.csv.gz", ("code", "name"))
    }


@cache
def _regencies() -> _Level[Regency]:
    """All kabupaten/kota."""
    return _level("regencies.csv.gz", "province_code", Regency)


@cache
def _districts() -> _Level[District]:
    """All kecamatan."""
    return _level("districts.csv.gz", "regency_code", District)


@cache
def _villages() -> _Level[Village]:
    """All kelurahan/desa."""
    return _level("villages.csv.gz", "district_code", Village)


# -- Matching typed names ----------------------------------------------------------------------

# Applied after _normalise, so the name is already lower case with single spaces.
_PREFIX = re.compile(r"(?:kecamatan|kelurahan|desa) |(?:kec|kel)\. ?")


def _normalise(name: str) -> str:
    """Lower-case `name` and collapse its whitespace."""
    return " ".join(name.split()).casefold()


def _without_prefix(key: str) -> str:
    """Drop one leading "kecamatan"/"kec."/"kelurahan"/"kel."/"desa" from a normalised name."""
    match = _PREFIX.match(key)
    return key[match.end() :] if match else key


@dataclass(frozen=True, slots=True)
class _NameIndex(Generic[_T]):
    exact: dict[str, tuple[_T, ...]]  # normalised name -> children
    bare: dict[str, tuple[_T, ...]]  # normalised name without its prefix -> children


def _name_index(children: Iterable[_T]) -> _NameIndex[_T]:
    """Index children by normalised name, with and without a leading prefix."""
    exact: dict[str, list[_T]] = {}
    bare: dict[str, list[_T]] = {}
    for child in children:
        key = _normalise(child.name)
        exact.setdefault(key, []).append(child)
        bare.setdefault(_without_prefix(key), []).append(child)
    return _NameIndex(
        {key: tuple(items) for key, items in exact.items()},
        {key: tuple(items) for key, items in bare.items()},
    )


def _match(index: _NameIndex[_T], name: str) -> _T | None:
    """The one child `name` means, or None when nothing (or more than one child) matches."""
    key = _normalise(name)
    bare = _without_prefix(key)
    # The name as typed wins over the name with its prefix dropped, so "Desa Baru" finds the
    # village called "Desa Baru" and "Baru" finds it too unless a village "Baru" exists.
    for table, wanted in ((index.exact, key), (index.exact, bare), (index.bare, bare)):
        hits = table.get(wanted)
        if hits:
            return hits[0] if len(hits) == 1 else None
    return None


@cache
def _district_names(regency_code: str) -> _NameIndex[District]:
    """Name index of one known regency's kecamatan."""
    return _name_index(_districts().by_parent[regency_code])


@cache
def _village_names(district_code: str) -> _NameIndex[Village]:
    """Name index of one known kecamatan's kelurahan/desa."""
    return _name_index(_villages().by_parent[district_code])


# -- Public API --------------------------------------------------------------------------------


def list_provinces() -> list[Province]:
    """All 38 provinces, sorted by name."""
    return sorted(_provinces().values(), key=lambda province: province.name)


def get_province(code: str) -> Province | None:
    """The province with this code (``"33"``), or None."""
    return _provinces().get(code)


def list_regencies(province_code: str) -> list[Regency]:
    """The kabupaten/kota of a province in code order; empty for an unknown province."""
    return list(_regencies().by_parent.get(province_code, ()))


def get_regency(code: str) -> Regency | None:
    """The kabupaten/kota with this code (``"33.75"``), or None."""
    return _regencies().by_code.get(code)


def list_districts(regency_code: str) -> list[District]:
    """The kecamatan of a kabupaten/kota in code order; empty for an unknown regency."""
    return list(_districts().by_parent.get(regency_code, ()))


def get_district(code: str) -> District | None:
    """The kecamatan with this code (``"33.75.01"``), or None."""
    return _districts().by_code.get(code)


def list_villages(district_code: str) -> list[Village]:
    """The kelurahan/desa of a kecamatan in code order; empty for an unknown kecamatan."""
    return list(_villages().by_parent.get(district_code, ()))


def get_village(code: str) -> Village | None:
    """The kelurahan/desa with this code (``"33.75.01.1002"``), or None."""
    return _villages().by_code.get(code)


def regency_of_district(district_code: str) -> Regency | None:
    """The kabupaten/kota a kecamatan belongs to, or None for an unknown kecamatan."""
    district = get_district(district_code)
    return get_regency(district.regency_code) if district else None


def district_code_from_nik(nik: str) -> str | None:
    """The dotted kecamatan code in a NIK's first 6 digits if that kecamatan exists, else None."""
    # A full NIK has 16 digits; any run of 6 to 16 digits is accepted, so a half-typed NIK works.
    digits = nik.strip()
    if not (6 <= len(digits) <= 16 and digits.isascii() and digits.isdigit()):
        return None
    code = f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"
    return code if code in _districts().by_code else None


def find_district(regency_code: str, name: str) -> District | None:
    """The kecamatan of a regency matching a typed name (case, spaces, "Kec." ignored), or None."""
    if regency_code not in _districts().by_parent:
        return None  # keeps the per-parent cache bounded to real codes
    return _match(_district_names(regency_code), name)


def find_village(district_code: str, name: str) -> Village | None:
    """The kelurahan/desa of a kecamatan matching a typed name ("Kel."/"Desa" ignored), or None."""
    if district_code not in _villages().by_parent:
        return None  # keeps the per-parent cache bounded to real codes
    return _match(_village_names(district_code), name)
