"""The catalog_versions table: which lessons every instance should serve, per language.

Not personal data (no user_id). /reload writes the fingerprint of the lessons it loaded; every other
instance compares it with its own files, switches when they match, and refuses when they differ.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

FINGERPRINT_LENGTH = 64


class CatalogVersion(SQLModel, table=True):
    """The published lessons of one language: a fingerprint of their content and a counter."""

    __tablename__ = "catalog_versions"

    lang: str = Field(primary_key=True, max_length=8)
    fingerprint: str = Field(max_length=FINGERPRINT_LENGTH)
    version: int = Field(default=1)
    changed_at: datetime = Field(sa_type=UTCDateTime)
