"""Indonesian banks a seller can be paid to, by their clearing code (kode bank, SKNBI/BI-FAST)."""

from __future__ import annotations

# Code -> name as shown to sellers and written in the bank's bulk-transfer file.
BANKS: dict[str, str] = {
    "014": "BCA",
    "002": "BRI",
    "008": "Bank Mandiri",
    "009": "BNI",
    "451": "Bank Syariah Indonesia (BSI)",
    "022": "CIMB Niaga",
    "013": "Permata Bank",
    "200": "BTN",
    "011": "Bank Danamon",
    "542": "Bank Jago",
    "535": "SeaBank",
}


def bank_name(code: str) -> str:
    """The bank's name for a code; the code itself when unknown (an old snapshot)."""
    return BANKS.get(code, code)
