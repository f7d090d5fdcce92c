"""A store's catalog as CSV: read a seller's sheet, plan it, apply it whole, export it back.

One row per variant; the rows of one product share its name and the first of them supplies
the product's fields. `parse_products_csv` is pure (bytes and categories in, rows and errors
out); `plan_import` compares the sheet with the store in three queries whatever its length;
`apply_plan` writes through the catalog services, every row or none. Uploads wait for
confirmation in private storage, named by a signed token: no table, nothing in the session.
"""

from marketplace.catalog.product_csv.planning import (
    ImportPlan,
    ImportResult,
    apply_plan,
    plan_import,
)
from marketplace.catalog.product_csv.reading import (
    COLUMNS,
    FIELD_LABELS,
    MAX_IMPORT_BYTES,
    ProductFileError,
    ProductImportExpired,
    parse_products_csv,
)
from marketplace.catalog.product_csv.staging import (
    apply_staged,
    export_filename,
    export_rows,
    plan_staged,
    stage_import,
)

__all__ = [
    "COLUMNS",
    "FIELD_LABELS",
    "MAX_IMPORT_BYTES",
    "ImportPlan",
    "ImportResult",
    "ProductFileError",
    "ProductImportExpired",
    "apply_plan",
    "apply_staged",
    "export_filename",
    "export_rows",
    "parse_products_csv",
    "plan_import",
    "plan_staged",
    "stage_import",
]
