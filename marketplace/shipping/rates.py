"""Courier rates from a table kept as data, and the shipping choices a store offers its buyers.

Regions are Kemendagri kabupaten/kota codes (``"33.21"``); a deeper code (kecamatan
``"33.21.01"``, desa) is read as its kabupaten/kota. Weights are grams, rounded up to whole kg
(at least 1) as couriers bill them; money is whole Rupiah. The rate table's format and lookup
rule are described at the top of ``data/rates.csv``. `TableRates` is one `RateSource`; a live
rates API can be another without changing `shipping_options` or `quote_for`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError
from marketplace.regions.reference import get_province, get_regency

__all__ = [
    "DEFAULT_TABLE",
    "LOCAL",
    "MAX_LOCAL_FEE_IDR",
    "PICKUP",
    "SERVICES",
    "ZONES",
    "CourierService",
    "InvalidShipping",
    "RateRow",
    "RateSource",
    "ShippingQuote",
    "ShippingUnavailable",
    "StoreShipping",
    "TableRates",
    "billable_kg",
    "default_rates",
    "quote_for",
    "shipping_options",
    "validate_store_shipping",
]

PICKUP = "pickup"  # "ambil sendiri": the buyer collects the parcel at the store
LOCAL = "local"  # the store's own delivery, only within its kabupaten/kota
PICKUP_LABEL = "Ambil sendiri"
LOCAL_LABEL = "Kurir toko"
MAX_LOCAL_FEE_IDR = 1_000_000

DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "rates.csv"


# -- Services --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourierService:
    """One service of a courier, e.g. JNE REG."""

    code: str
    courier: str
    service: str
    label: str


SERVICES: dict[str, CourierService] = {
    service.code: service
    for service in (
        CourierService("jne_reg", "JNE", "REG", "JNE REG"),
        CourierService("jne_yes", "JNE", "YES", "JNE YES"),
        CourierService("jnt_ez", "J&T Express", "EZ", "J&T EZ"),
        CourierService("sicepat_reg", "SiCepat", "REG", "SiCepat REG"),
        CourierService("sicepat_best", "SiCepat", "BEST", "SiCepat BEST"),
        CourierService("pos_kilat", "POS Indonesia", "Kilat Khusus", "POS Kilat Khusus"),
        CourierService("anteraja_reg", "AnterAja", "Reguler", "AnterAja Reguler"),
    )
}

_DISPLAY_ORDER = {code: index for index, code in enumerate(SERVICES)}


# -- Regions and zones -----------------------------------------------------------------------

# Island groups a table row may name as "@zone"; every province is in exactly one.
ZONES: dict[str, frozenset[str]] = {
    "sumatera": frozenset({"11", "12", "13", "14", "15", "16", "17", "18", "19", "21"}),
    "jawa": frozenset({"31", "32", "33", "34", "35", "36"}),
    "balinusra": frozenset({"51", "52", "53"}),
    "kalimantan": frozenset({"61", "62", "63", "64", "65"}),
    "sulawesi": frozenset({"71", "72", "73", "74", "75", "76"}),
    "maluku": frozenset({"81", "82"}),
    "papua": frozenset({"91", "92", "93", "94", "95", "96"}),
}
_ZONE_OF = {province: zone for zone, provinces in ZONES.items() for province in provinces}

ANYWHERE = "*"
SAME_CITY = "="  # destination only: the origin's own kabupaten/kota
SAME_PROVINCE = "~"  # destination only: any kabupaten/kota of the origin's province


@dataclass(frozen=True)
class _End:
    """One end of a route: its kabupaten/kota, province and zone as table patterns."""

    regency: str
    province: str
    zone: str


def _regency_code(region: str) -> str:
    """The kabupaten/kota code of a region code; ValueError when it is not one we know."""
    parts = region.strip().split(".")
    if len(parts) < 2 or not all(len(part) == 2 and part.isdigit() for part in parts[:2]):
        raise ValueError(f"not a kabupaten/kota code: {region!r}")
    code = f"{parts[0]}.{parts[1]}"
    if get_regency(code) is None:
        raise ValueError(f"unknown kabupaten/kota: {region!r}")
    return code


@cache
def _end_of_regency(regency: str) -> _End:
    """The table patterns one known kabupaten/kota matches."""
    province = regency[:2]
    return _End(regency, province, "@" + _ZONE_OF[province])


def _end(region: str) -> _End:
    """The route end for a kabupaten/kota (or deeper) code."""
    return _end_of_regency(_regency_code(region))


# -- The table -------------------------------------------------------------------------------

_COLUMNS = (
    "service_code",
    "origin",
    "destination",
    "first_kg_idr",
    "next_kg_idr",
    "etd_min",
    "etd_max",
)


@dataclass(frozen=True)
class RateRow:
    """One row of the rate table; `first_kg_idr` None means the route is not served."""

    service_code: str
    origin: str
    destination: str
    first_kg_idr: int | None
    next_kg_idr: int | None
    etd_days: tuple[int, int] | None
    line: int

    @property
    def served(self) -> bool:
        """Whether this row offers the service (an empty first_kg_idr says it does not)."""
        return self.first_kg_idr is not None


def _level(pattern: str) -> int:
    """How narrow a written region pattern is: kabupaten 3, province 2, zone 1, anywhere 0."""
    if pattern == ANYWHERE:
        return 0
    if pattern.startswith("@"):
        return 1
    return 3 if "." in pattern else 2


def _rank(origin: str, destination: str) -> tuple[int, int, int, int, int]:
    """Sort key of a row's specificity: of all rows matching a route, the highest key wins.

    A row is as specific as its vaguer end, then by both ends together, then by its origin.
    "=" pins both ends to one kabupaten/kota and "~" both to one province; a row spelling the
    codes out beats one saying the same with "=" or "~".
    """
    written = _level(origin)
    if destination == SAME_CITY:
        source, target, explicit = 3, 3, 0
    elif destination == SAME_PROVINCE:
        source, target, explicit = max(written, 2), 2, 0
    else:
        source, target, explicit = written, _level(destination), 1
    return (min(source, target), source + target, source, written, explicit)


def _check_pattern(pattern: str, *, destination: bool) -> str | None:
    """Why a table pattern is invalid, or None when it is fine."""
    if pattern == ANYWHERE or (destination and pattern in (SAME_CITY, SAME_PROVINCE)):
        return None
    if pattern.startswith("@"):
        return None if pattern[1:] in ZONES else f"unknown zone {pattern!r}"
    if "." in pattern:
        return None if get_regency(pattern) else f"unknown kabupaten/kota {pattern!r}"
    return None if get_province(pattern) else f"unknown province or pattern {pattern!r}"


def _whole(text: str, what: str) -> int:
    """A non-negative whole number written with digits only."""
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{what} must be a whole number of digits, got {text!r}")
    return int(text)


def _parse_row(fields: list[str], line: int) -> RateRow:
    """One data row, checked; ValueError says what is wrong."""
    if len(fields) != len(_COLUMNS):
        raise ValueError(f"expected {len(_COLUMNS)} fields, got {len(fields)}")
    service, origin, destination, first, following, etd_min, etd_max = fields
    if service not in SERVICES:
        raise ValueError(f"unknown service code {service!r}")
    for pattern, is_destination in ((origin, False), (destination, True)):
        problem = _check_pattern(pattern, destination=is_destination)
        if problem:
            raise ValueError(problem)
    prices = (first, following, etd_min, etd_max)
    if not any(prices):
        return RateRow(service, origin, destination, None, None, None, line)
    if not all(prices):
        raise ValueError("a served row needs all of first_kg_idr, next_kg_idr, etd_min, etd_max")
    first_kg = _whole(first, "first_kg_idr")
    next_kg = _whole(following, "next_kg_idr")
    etd = (_whole(etd_min, "etd_min"), _whole(etd_max, "etd_max"))
    if first_kg <= 0:
        raise ValueError("first_kg_idr must be positive")
    if etd[0] > etd[1]:
        raise ValueError("etd_min is more than etd_max")
    return RateRow(service, origin, destination, first_kg, next_kg, etd, line)


_Index = dict[str, dict[tuple[str, str], tuple[tuple[int, ...], RateRow]]]


@dataclass(frozen=True)
class _Table:
    rows: tuple[RateRow, ...]
    index: _Index  # service -> (origin, destination) -> (rank, row)


@cache
def _load(path: Path) -> _Table:
    """Read and check a rate table file (once per path)."""
    rows: list[RateRow] = []
    index: _Index = {}
    header_seen = False
    with path.open(encoding="utf-8", newline="") as file:
        for number, text in enumerate(file, start=1):
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            fields = [field.strip() for field in next(csv.reader([text]))]
            if not header_seen:
                if tuple(fields) != _COLUMNS:
                    raise ValueError(f"{path.name}:{number}: expected header {','.join(_COLUMNS)}")
                header_seen = True
                continue
            try:
                row = _parse_row(fields, number)
            except ValueError as exc:
                raise ValueError(f"{path.name}:{number}: {exc}") from None
            by_route = index.setdefault(row.service_code, {})
            key = (row.origin, row.destination)
            if key in by_route:
                first_line = by_route[key][1].line
                raise ValueError(f"{path.name}:{number}: same route as line {first_line}")
            by_route[key] = (_rank(row.origin, row.destination), row)
            rows.append(row)
    if not header_seen:
        raise ValueError(f"{path.name}: no header row")
    return _Table(tuple(rows), index)


# -- Quotes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShippingQuote:
    """What one shipping choice costs and how long it takes."""

    code: str
    label: str
    cost_idr: int
    etd_days: tuple[int, int]
    billable_kg: int


def billable_kg(weight_grams: int) -> int:
    """Weight in whole kg as couriers bill it: rounded up, at least 1."""
    if weight_grams < 0:
        raise ValueError(f"weight cannot be negative: {weight_grams}")
    return max(1, -(-weight_grams // 1000))


@runtime_checkable
class RateSource(Protocol):
    """Anything that prices a courier service for a route (the table now, a live API later)."""

    def quote(
        self, service_code: str, origin_region: str, destination_region: str, weight_grams: int
    ) -> ShippingQuote | None:
        """The service's quote for the route, or None when it does not serve it."""
        ...


class TableRates:
    """`RateSource` backed by a CSV rate table (read once per file, then kept in memory)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = (path or DEFAULT_TABLE).resolve()
        self._table = _load(self.path)

    @property
    def rows(self) -> tuple[RateRow, ...]:
        """Every row of the table, in file order."""
        return self._table.rows

    def row_for(
        self, service_code: str, origin_region: str, destination_region: str
    ) -> RateRow | None:
        """The most specific row for the route (possibly a not-served row), or None."""
        routes = self._table.index.get(service_code)
        if not routes:
            return None
        source, target = _end(origin_region), _end(destination_region)
        origins = (source.regency, source.province, source.zone, ANYWHERE)
        destinations = [target.regency, target.province, target.zone, ANYWHERE]
        if source.province == target.province:
            destinations.append(SAME_PROVINCE)
            if source.regency == target.regency:
                destinations.append(SAME_CITY)
        hits = [routes[(o, d)] for o in origins for d in destinations if (o, d) in routes]
        return max(hits, key=lambda hit: hit[0])[1] if hits else None

    def quote(
        self, service_code: str, origin_region: str, destination_region: str, weight_grams: int
    ) -> ShippingQuote | None:
        """The service's price for the route and weight, or None when it does not serve it."""
        kg = billable_kg(weight_grams)
        row = self.row_for(service_code, origin_region, destination_region)
        if row is None or row.first_kg_idr is None or row.next_kg_idr is None or not row.etd_days:
            return None
        cost = row.first_kg_idr + row.next_kg_idr * (kg - 1)
        return ShippingQuote(service_code, SERVICES[service_code].label, cost, row.etd_days, kg)


@cache
def default_rates() -> TableRates:
    """The packaged rate table (``data/rates.csv``)."""
    return TableRates()


# -- What a store offers ---------------------------------------------------------------------


class ShippingUnavailable(DomainError):
    """The chosen shipping is not offered by the store or does not serve the address."""

    code = "shipping_unavailable"
    message = _l(
        "Pilihan pengiriman ini tidak tersedia untuk alamat tujuan. Pilih cara pengiriman lain."
    )

    def __init__(self, service_code: str) -> None:
        super().__init__(service=service_code)
        self.service_code = service_code


class InvalidShipping(DomainError):
    """A seller's shipping settings cannot be saved; `data["field"]` names the culprit."""

    code = "invalid_shipping"


@dataclass(frozen=True)
class StoreShipping:
    """The shipping a seller offers: courier services, pick-up, own delivery in the city."""

    services: tuple[str, ...]
    offers_pickup: bool
    local_delivery_fee_idr: int | None  # None: no own delivery


def validate_store_shipping(
    services: Iterable[str], offers_pickup: bool, local_fee: int | None
) -> StoreShipping:
    """Check a seller's shipping settings; services come back deduplicated in display order."""
    if isinstance(services, str):
        raise TypeError("services must be a collection of service codes, not one string")
    chosen = set(services)
    for code in sorted(chosen):
        if code not in SERVICES:
            raise InvalidShipping(
                _l("Layanan kurir tidak dikenal: %(code)s.", code=code), field="services"
            )
    if local_fee is not None and (
        not isinstance(local_fee, int)
        or isinstance(local_fee, bool)
        or not 0 <= local_fee <= MAX_LOCAL_FEE_IDR
    ):
        raise InvalidShipping(
            _l("Ongkos kurir toko harus berupa rupiah bulat antara 0 dan Rp1.000.000."),
            field="local_delivery_fee_idr",
        )
    if not chosen and not offers_pickup and local_fee is None:
        raise InvalidShipping(
            _l("Pilih setidaknya satu cara pengiriman: kurir, kurir toko, atau ambil sendiri."),
            field="services",
        )
    ordered = tuple(code for code in SERVICES if code in chosen)
    return StoreShipping(ordered, bool(offers_pickup), local_fee)


def _pickup_quote(weight_grams: int) -> ShippingQuote:
    billable_kg(weight_grams)  # the same check on the weight as every other choice
    return ShippingQuote(PICKUP, PICKUP_LABEL, 0, (0, 0), 0)


def _local_quote(
    store: StoreShipping, origin_region: str, destination_region: str, weight_grams: int
) -> ShippingQuote | None:
    """The store's own delivery when it offers one and the address is in its kabupaten/kota."""
    kg = billable_kg(weight_grams)
    fee = store.local_delivery_fee_idr
    if fee is None or _regency_code(origin_region) != _regency_code(destination_region):
        return None
    return ShippingQuote(LOCAL, LOCAL_LABEL, fee, (0, 1), kg)


def shipping_options(
    store: StoreShipping,
    *,
    origin_region: str,
    destination_region: str | None,
    weight_grams: int,
    rates: RateSource | None = None,
) -> list[ShippingQuote]:
    """The choices for one store's parcel: couriers cheapest first, then own delivery, pick-up.

    Services that do not serve the route are left out; with no destination only pick-up is left.
    """
    options: list[ShippingQuote] = []
    if destination_region is not None:
        source = rates or default_rates()
        couriers = []
        for code in dict.fromkeys(store.services):
            quote = source.quote(code, origin_region, destination_region, weight_grams)
            if quote is not None:
                couriers.append(quote)
        couriers.sort(
            key=lambda q: (q.cost_idr, q.etd_days[1], _DISPLAY_ORDER.get(q.code, len(SERVICES)))
        )
        options.extend(couriers)
        local = _local_quote(store, origin_region, destination_region, weight_grams)
        if local is not None:
            options.append(local)
    if store.offers_pickup:
        options.append(_pickup_quote(weight_grams))
    return options


def quote_for(
    code: str,
    store: StoreShipping,
    *,
    origin_region: str,
    destination_region: str | None,
    weight_grams: int,
    rates: RateSource | None = None,
) -> ShippingQuote:
    """The buyer's chosen shipping, priced again; ShippingUnavailable when it is not on offer."""
    quote: ShippingQuote | None = None
    if code == PICKUP:
        quote = _pickup_quote(weight_grams) if store.offers_pickup else None
    elif destination_region is None:
        quote = None
    elif code == LOCAL:
        quote = _local_quote(store, origin_region, destination_region, weight_grams)
    elif code in store.services:
        source = rates or default_rates()
        quote = source.quote(code, origin_region, destination_region, weight_grams)
    if quote is None:
        raise ShippingUnavailable(code)
    return quote
