"""The curated data in a database (SQLAlchemy, Alembic): import, export, checked edits."""

from regiondash.store.core import Store, StoreUnavailable, open_store

__all__ = ["Store", "StoreUnavailable", "open_store"]
