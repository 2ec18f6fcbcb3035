"""The dialect-specific half of the index: DDL, writing a document, and matching a query.

    SQLite      CREATE VIRTUAL TABLE search_fts USING fts5(title, body)   rowid = dataset id, bm25
    PostgreSQL  search_fts(dataset_id, document tsvector) + GIN index     ts_rank, 'simple' config

Both hold folded text only (``datapackages.names.fold``), and queries are folded the same way,
so no tokenizer option about diacritics matters. Query words become plain terms joined by AND;
nothing a visitor types reaches either query language as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Float, Integer, bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from datapackages.names import fold

from ..models.search import FULL_TEXT_TABLE

__all__ = ["create", "delete", "drop", "insert", "match", "terms"]

TITLE_WEIGHT = 4.0
"""A word in the title counts this much more than one in the description, tags or columns (SQLite);
PostgreSQL's weights A and B give 1.0 against 0.4."""
MAX_TERMS = 12

_WORD = re.compile(r"[^\W_]+")


def terms(query: str) -> list[str]:
    """The folded words of a query: 'Hồ sơ, đất-đai!' → ['ho', 'so', 'dat', 'dai']."""
    return _WORD.findall(fold(query))[:MAX_TERMS]


def create(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"CREATE VIRTUAL TABLE {FULL_TEXT_TABLE} USING fts5(title, body, tokenize = 'unicode61')")
    else:
        connection.exec_driver_sql(
            f"CREATE TABLE {FULL_TEXT_TABLE} (dataset_id INTEGER PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE, "
            "document TSVECTOR NOT NULL)"
        )
        connection.exec_driver_sql(f"CREATE INDEX ix_{FULL_TEXT_TABLE}_document ON {FULL_TEXT_TABLE} USING GIN (document)")


def drop(connection: Connection) -> None:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FULL_TEXT_TABLE}")


def delete(session: Session, dataset_ids: Sequence[int]) -> None:
    column = "rowid" if _dialect(session) == "sqlite" else "dataset_id"
    statement = text(f"DELETE FROM {FULL_TEXT_TABLE} WHERE {column} IN :ids").bindparams(bindparam("ids", expanding=True))
    session.execute(statement, {"ids": list(dataset_ids)})


def insert(session: Session, rows: Sequence[tuple[int, str, str]]) -> None:
    """Index (dataset id, folded title, folded body) rows."""
    if not rows:
        return
    if _dialect(session) == "sqlite":
        statement = f"INSERT INTO {FULL_TEXT_TABLE} (rowid, title, body) VALUES (:id, :title, :body)"
    else:
        statement = (
            f"INSERT INTO {FULL_TEXT_TABLE} (dataset_id, document) VALUES (:id, "
            "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'B'))"
        )
    session.execute(text(statement), [{"id": id_, "title": title, "body": body} for id_, title, body in rows])


def match(session: Session, words: Sequence[str]) -> Subquery:
    """The datasets matching every word, as (dataset_id, rank) with the best rank lowest."""
    if _dialect(session) == "sqlite":
        expression = " ".join(f'"{word}"' for word in words)  # words are [^\W_]+: no quote can occur
        statement = text(
            f"SELECT rowid AS dataset_id, bm25({FULL_TEXT_TABLE}, {TITLE_WEIGHT}, 1.0) AS rank "
            f"FROM {FULL_TEXT_TABLE} WHERE {FULL_TEXT_TABLE} MATCH :match"
        )
    else:
        expression = " & ".join(words)
        statement = text(
            f"SELECT dataset_id, -ts_rank(document, to_tsquery('simple', :match)) AS rank "
            f"FROM {FULL_TEXT_TABLE} WHERE document @@ to_tsquery('simple', :match)"
        )
    return statement.bindparams(match=expression).columns(dataset_id=Integer, rank=Float).subquery("fts")


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name
