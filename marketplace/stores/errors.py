"""Why a store action was refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class InvalidStore(DomainError):
    code = "invalid_store"
    message = _l("Data toko tidak valid.")


class SlugTaken(DomainError):
    code = "slug_taken"
    message = _l("Alamat toko ini sudah dipakai toko lain. Pilih yang lain.")


class StoreNotReady(DomainError):
    """The go-live rule is not met; `blockers` names what is missing."""

    code = "store_not_ready"
    message = _l("Toko belum bisa ditayangkan. Lengkapi yang masih kurang.")

    def __init__(self, blockers: list[str]) -> None:
        super().__init__(blockers=blockers)
        self.blockers = blockers
