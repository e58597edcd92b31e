"""Sessions on the database DATABASE_URL names."""

from __future__ import annotations

import os

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    """Sessions on ``url`` (default: DATABASE_URL)."""
    engine = create_engine(url or os.environ["DATABASE_URL"])
    return sessionmaker(engine, expire_on_commit=False)
