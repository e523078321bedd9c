"""What people search for, counted per week, with nothing that identifies a visitor."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.extensions import db


class SearchQueryCount(db.Model):  # type: ignore[name-defined]
    """How often one normalised query was searched in one week, and how often it found nothing.

    No address, cookie, account or time of day is kept: only these counts.
    """

    __tablename__ = "search_query_counts"
    #: the Monday (UTC) starting the week
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    #: the query folded to lower case without accents, spaces collapsed
    query: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    #: searches of this query that found no moment and no replay
    zero_results: Mapped[int] = mapped_column(Integer, default=0)
