"""Harvest a table, or the result of a query, from an agency's database, as one CSV with its Table Schema.

The agency database is reached through its own SQLAlchemy Core engine, made for one call and
disposed of after it; the platform's models are never involved. PostgreSQL (psycopg), MariaDB
and MySQL (PyMySQL) and SQLite are supported:

- the database host is checked against the deployment's allow-list like any HTTP host, and the
  connection is pinned to the checked address; a SQLite file must lie inside an allowed folder
  and is opened read-only;
- every read runs in a read-only transaction, under the client's time limits;
- column types come from the table's declared types (a query's from the values it returns), so
  a ``VARCHAR`` code ``01`` is text in the schema and in the CSV, never the number 1;
- rows are read in primary-key order (else ordered by every column), so an unchanged table hashes
  the same and is ``NotModified``. A query should carry its own ``ORDER BY``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import sqlalchemy
from sqlalchemy import exc as sqlalchemy_errors
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from .base import (
    DATASET_OPTIONS,
    Discovery,
    Feature,
    Fetched,
    FetchedFile,
    HarvestContext,
    Harvester,
    HarvestState,
    NotModified,
    Provenance,
    RemoteItem,
    RemoteResource,
    SourceConfig,
)
from .errors import HarvestError, InvalidConfig, SourceUnreachable
from .tables import write_csv

__all__ = ["SqlHarvester"]

_DRIVERS = {"postgresql": "postgresql+psycopg", "mysql": "mysql+pymysql", "mariadb": "mariadb+pymysql", "sqlite": "sqlite"}
_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306}
_READ_ONLY = {"postgresql": "SET TRANSACTION READ ONLY", "mysql": "SET SESSION TRANSACTION READ ONLY",
              "mariadb": "SET SESSION TRANSACTION READ ONLY"}
_TYPES: tuple[tuple[type, dict[str, str]], ...] = (
    (bool, {"type": "boolean"}),
    (int, {"type": "integer"}),
    (float, {"type": "number"}),
    (decimal.Decimal, {"type": "number"}),
    (dt.datetime, {"type": "datetime"}),
    (dt.date, {"type": "date"}),
    (dt.time, {"type": "time"}),
    (bytes, {"type": "string", "format": "binary"}),
    (dict, {"type": "object"}),
    (list, {"type": "array"}),
)
"""Python type (as SQLAlchemy or the driver gives it) → Table Schema type; anything else is a string."""


class SqlHarvester(Harvester):
    """One table or query of a PostgreSQL, MariaDB/MySQL or SQLite database, published as one dataset."""

    name = "sql"
    title = "Database table or query (PostgreSQL, MariaDB/MySQL, SQLite)"
    features = frozenset({Feature.TABLE_SCHEMA})
    config_schema = {
        "type": "object",
        "required": ["url"],
        "properties": {
            "url": {"type": "string", "pattern": "^(postgresql|mysql|mariadb|sqlite)(\\+[a-z0-9]+)?://",
                    "description": "SQLAlchemy URL, e.g. postgresql://reader:secret@db.agency.vn/stats."},
            "options": {
                "type": "object",
                "additionalProperties": False,
                "oneOf": [{"required": ["table"]}, {"required": ["query"]}],
                "properties": {
                    "table": {"type": "string", "minLength": 1, "description": "The table (or view) to publish."},
                    "db_schema": {"type": "string", "description": "The database schema holding the table."},
                    "query": {"type": "string", "minLength": 1, "description": "A SELECT whose result is published."},
                    "id": {"type": "string", "description": "Remote id of the dataset. Default: the table name, or 'query'."},
                    **DATASET_OPTIONS,
                },
            },
        },
    }

    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        url = _url(config)
        options = config.options
        if options.get("table"):
            with _connection(self.context, url) as connection:
                try:
                    found = sqlalchemy.inspect(connection).has_table(options["table"], schema=options.get("db_schema"))
                except sqlalchemy_errors.DBAPIError as error:
                    raise _query_error(config, error) from error
            if not found:
                raise InvalidConfig({"options.table": "not-found"})
        name = options.get("table") or "query"
        item = RemoteItem(
            remote_id=options.get("id") or name,
            title=options.get("title") or name,
            description=options.get("description", ""),
            tags=tuple(options.get("tags", ())),
            licence=options.get("licence", ""),
            organisation=options.get("organisation", ""),
            resources=(RemoteResource("data", _shown(url, name), f"{name}.csv", "CSV", "text/csv"),),
        )
        return Discovery((item,))

    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        url = _url(config)
        resource = item.resources[0]
        limit = self.context.client.limits.max_download_bytes
        with _connection(self.context, url) as connection:
            try:
                statement, declared = _statement(connection, config)
                result = connection.execution_options(stream_results=True, yield_per=1000).execute(statement)
                header = list(result.keys())
                seen: dict[str, dict[str, str]] = {}
                spooled = write_csv(header, _watch(result, header, seen), self.context.work_dir, limit, source=resource.url)
            except sqlalchemy_errors.DBAPIError as error:
                raise _query_error(config, error) from error
        previous = state.file(item.remote_id, resource.key)
        if previous and previous.sha256 == spooled.sha256:
            spooled.path.unlink()
            return NotModified(item.remote_id, "same-content")
        fields = [{"name": name, **(declared.get(name) or seen.get(name) or {"type": "string"})} for name in header]
        provenance = Provenance(resource.url, resource.url, None, None, "text/csv", spooled.sha256, spooled.size,
                                dt.datetime.now(dt.UTC))
        schema = {"fields": fields, "missingValues": [""]}
        return Fetched(item.remote_id, (FetchedFile(resource.key, resource.name, spooled.path, provenance, schema),))


def _url(config: SourceConfig) -> URL:
    try:
        url = make_url(config.url)
    except (sqlalchemy_errors.ArgumentError, ValueError) as error:  # ValueError: a port that is not a number
        raise InvalidConfig({"url": "wrong-format"}) from error
    backend = url.get_backend_name()
    if backend not in _DRIVERS:
        raise InvalidConfig({"url": "unsupported-database"})
    if url.drivername not in (backend, _DRIVERS[backend]):
        raise InvalidConfig({"url": "unsupported-driver"})
    return url.set(drivername=_DRIVERS[backend])


def _shown(url: URL, name: str) -> str:
    """The URL as recorded and shown: no password."""
    return f"{url.render_as_string(hide_password=True)}#{name}"


@contextmanager
def _connection(context: HarvestContext, url: URL) -> Iterator[Connection]:
    """A read-only connection to the checked, pinned address; the engine lives only as long."""
    engine = _engine(context, url)
    try:
        try:
            connection = engine.connect()
        except sqlalchemy_errors.DBAPIError as error:
            raise SourceUnreachable("database-unreachable", url=_shown(url, ""), reason=str(error.orig)[:200]) from error
        with connection:
            read_only = _READ_ONLY.get(url.get_backend_name())
            if read_only:
                connection.exec_driver_sql(read_only)
            yield connection
    finally:
        engine.dispose()


def _engine(context: HarvestContext, url: URL) -> Engine:
    backend = url.get_backend_name()
    timeout = int(context.client.limits.connect_timeout)
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise InvalidConfig({"url": "wrong-format"})
        path = context.allowed_path(url.database)
        if not path.is_file():
            raise InvalidConfig({"url": "not-found"})
        uri = f"file:{quote(str(path))}?mode=ro"
        return sqlalchemy.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool)
    address = context.client.policy.pin(url.host or "localhost", url.port or _PORTS[backend])
    seconds = int(context.client.limits.max_download_seconds)
    if backend == "postgresql":
        # hostaddr pins the address while the host name still serves TLS verification and .pgpass
        arguments: dict[str, Any] = {"hostaddr": address, "connect_timeout": timeout,
                                     "options": f"-c statement_timeout={seconds * 1000}"}
    else:
        url = url.set(host=address)
        arguments = {"connect_timeout": timeout, "read_timeout": seconds}
    return sqlalchemy.create_engine(url, poolclass=NullPool, connect_args=arguments)


def _statement(connection: Connection, config: SourceConfig) -> tuple[Any, dict[str, dict[str, str]]]:
    """What to run, and the Table Schema types declared by the table's columns (none for a query)."""
    options = config.options
    if options.get("query"):
        return sqlalchemy.text(options["query"]), {}
    try:
        table = sqlalchemy.Table(options["table"], sqlalchemy.MetaData(), autoload_with=connection,
                                 schema=options.get("db_schema"))
    except sqlalchemy_errors.NoSuchTableError as error:
        raise InvalidConfig({"options.table": "not-found"}) from error
    order = list(table.primary_key.columns) or list(table.columns)
    declared = {column.name: _field_type(_python_type(column.type)) for column in table.columns}
    return sqlalchemy.select(table).order_by(*order), declared


def _python_type(column_type: Any) -> type | None:
    try:
        return column_type.python_type  # type: ignore[no-any-return]
    except NotImplementedError:
        return None


def _field_type(python_type: type | None) -> dict[str, str]:
    for known, spec in _TYPES:
        if python_type is not None and issubclass(python_type, known):
            return spec
    return {"type": "string"}


def _watch(rows: Iterator[Any], header: list[str], seen: dict[str, dict[str, str]]) -> Iterator[Any]:
    """Pass rows through, noting each column's type from its first non-NULL value (for queries)."""
    for row in rows:
        if len(seen) < len(header):
            for name, value in zip(header, row, strict=True):
                if value is not None and name not in seen:
                    seen[name] = _field_type(type(value))
        yield row


def _query_error(config: SourceConfig, error: sqlalchemy_errors.DBAPIError) -> HarvestError:
    if config.options.get("query"):
        return InvalidConfig({"options.query": "query-failed"}, reason=str(error.orig)[:200])
    return SourceUnreachable("database-error", reason=str(error.orig)[:200])
