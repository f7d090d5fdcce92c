"""Tables of the PostgreSQL search backend: one row per searchable product, and known words.

Both tables exist on every database (so that model/migration checks stay the same); only the
PostgreSQL backend fills them. On PostgreSQL `document` is a tsvector and `agency_ids` an
integer array; elsewhere they fall back to text and JSON.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DDL, JSON, Float, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db


class SearchDocument(db.Model):
    """What the PostgreSQL backend searches for one visible product (a copy, rebuilt at will)."""

    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_document", "document", postgresql_using="gin"),
        # Trigram index: autocomplete's `LIKE '% word%'` on the lower-case words of the name.
        Index(
            "ix_search_documents_name_words",
            "name_words",
            postgresql_using="gin",
            postgresql_ops={"name_words": "gin_trgm_ops"},
        ),
        Index("ix_search_documents_agency_ids", "agency_ids", postgresql_using="gin"),
    )

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # Stemmed words with weights (name A, category B, store/city/skills C, description D).
    document: Mapped[str] = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))
    name: Mapped[str] = mapped_column(String(160))
    # " keripik tempe sagu ": lower-case surface words between spaces, for prefix matching.
    name_words: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int] = mapped_column(index=True)
    top_category_id: Mapped[int] = mapped_column(index=True)
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    is_halal: Mapped[bool] = mapped_column(index=True)
    # Food whose halal certificate expires drops out of results after this date.
    visible_until: Mapped[date | None] = mapped_column(index=True)
    price_idr: Mapped[int] = mapped_column(index=True)
    in_stock: Mapped[bool]
    sale_type: Mapped[str] = mapped_column(String(10), index=True)
    rating: Mapped[float] = mapped_column(Float)
    rating_count: Mapped[int]
    agency_ids: Mapped[list[int]] = mapped_column(JSON().with_variant(ARRAY(Integer), "postgresql"))
    # The product's creation time (sort "newest") and latest change.
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    # `ProductDocument.fingerprint()` of what was indexed: `flask search check` compares it.
    fingerprint: Mapped[str] = mapped_column(String(40), server_default="")


class SearchTerm(db.Model):
    """A lower-case word that occurs in indexed products: the vocabulary of "did you mean"."""

    __tablename__ = "search_terms"
    __table_args__ = (
        Index(
            "ix_search_terms_term",
            "term",
            postgresql_using="gin",
            postgresql_ops={"term": "gin_trgm_ops"},
        ),
    )

    term: Mapped[str] = mapped_column(String(80), primary_key=True)


# `db.create_all()` (tests) builds the trigram indexes, which need the extension first; the
# migration creates it too.
_CREATE_PG_TRGM = DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql")
event.listen(SearchDocument.__table__, "before_create", _CREATE_PG_TRGM)
event.listen(SearchTerm.__table__, "before_create", _CREATE_PG_TRGM)
