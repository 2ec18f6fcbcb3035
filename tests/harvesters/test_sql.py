"""Harvesting an agency database table or query on real PostgreSQL, real MariaDB and SQLite.

Each test creates its own table under a random name (in its own PostgreSQL schema) and drops it.
A missing PostgreSQL or MariaDB skips locally and fails under ``CI=true``.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import Column, Date, DateTime, Integer, MetaData, Numeric, String, Table

from datapackages.validate import validate_table
from harvesters.base import (
    Fetched,
    FetchedFile,
    FileState,
    HarvestState,
    ItemState,
    NotModified,
    SourceConfig,
)
from harvesters.errors import InvalidConfig, SourceUnreachable, UnsafeTarget
from harvesters.sql import SqlHarvester

from ..helpers import require
from .conftest import ContextFactory
from .servers import Trap

POSTGRES = os.environ.get("OPENDATA_TEST_POSTGRES_URL") or "postgresql://postgres@127.0.0.1:5432/test"
MARIADB = os.environ.get("OPENDATA_TEST_MARIADB_URL") or "mysql://root@127.0.0.1:3306/test"

ROWS = [
    {"ma_tinh": "24", "ten_tinh": "Bắc Ninh", "dan_so": 1517400, "dien_tich": Decimal("822.71"),
     "ngay_cap_nhat": dt.date(2024, 4, 1), "cap_nhat_luc": dt.datetime(2024, 5, 2, 8, 30, 15)},
    {"ma_tinh": "01", "ten_tinh": "Hà Nội", "dan_so": 8587100, "dien_tich": Decimal("3359.82"),
     "ngay_cap_nhat": dt.date(2024, 4, 1), "cap_nhat_luc": dt.datetime(2024, 5, 2, 8, 30)},
    {"ma_tinh": "04", "ten_tinh": "Cao Bằng", "dan_so": None, "dien_tich": Decimal("6700.39"),
     "ngay_cap_nhat": None, "cap_nhat_luc": None},
]
CSV = (
    "ma_tinh,ten_tinh,dan_so,dien_tich,ngay_cap_nhat,cap_nhat_luc\n"
    "01,Hà Nội,8587100,3359.82,2024-04-01,2024-05-02T08:30:00\n"
    "04,Cao Bằng,,6700.39,,\n"
    "24,Bắc Ninh,1517400,822.71,2024-04-01,2024-05-02T08:30:15\n"
)
SCHEMA = {"fields": [
    {"name": "ma_tinh", "type": "string"}, {"name": "ten_tinh", "type": "string"}, {"name": "dan_so", "type": "integer"},
    {"name": "dien_tich", "type": "number"}, {"name": "ngay_cap_nhat", "type": "date"},
    {"name": "cap_nhat_luc", "type": "datetime"},
], "missingValues": [""]}


@dataclass
class AgencyDatabase:
    """A table of provinces in a real database: the URL a source would name, and what to allow."""

    backend: str
    url: str
    allow: tuple[str, ...]
    roots: tuple[Path, ...]
    table: Table
    options: dict[str, str]
    engine: sqlalchemy.Engine

    @property
    def qualified(self) -> str:
        return f"{self.table.schema}.{self.table.name}" if self.table.schema else self.table.name


def _reachable(url: str) -> sqlalchemy.Engine:
    driver = {"postgresql": "postgresql+psycopg", "mysql": "mysql+pymysql"}[url.split(":", 1)[0]]
    engine = sqlalchemy.create_engine(driver + url[url.index(":"):])
    try:
        with engine.connect():
            pass
    except sqlalchemy.exc.OperationalError as error:
        require(False, f"{url} is not reachable: {error.orig}")
    return engine


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AgencyDatabase]:
    name = f"tinh_{uuid.uuid4().hex[:8]}"
    metadata = MetaData()
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'so-lieu.db'}"
        engine, allow = sqlalchemy.create_engine(url), ()
    else:
        url = POSTGRES if request.param == "postgresql" else MARIADB
        engine = _reachable(url)
        allow = (f"{engine.url.host}:{engine.url.port or (5432 if request.param == 'postgresql' else 3306)}",)
        if request.param == "postgresql":
            schema = f"harvest_{uuid.uuid4().hex[:8]}"
            with engine.begin() as connection:
                connection.execute(sqlalchemy.schema.CreateSchema(schema))
    table = Table(
        name, metadata,
        Column("ma_tinh", String(2), primary_key=True), Column("ten_tinh", String(100), nullable=False),
        Column("dan_so", Integer), Column("dien_tich", Numeric(10, 2)), Column("ngay_cap_nhat", Date),
        Column("cap_nhat_luc", DateTime), schema=schema,
    )
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), ROWS)
    options = {"table": name, **({"db_schema": schema} if schema else {})}
    yield AgencyDatabase(request.param, url, allow, (tmp_path,), table, options, engine)
    with engine.begin() as connection:
        if schema:
            connection.execute(sqlalchemy.schema.DropSchema(schema, cascade=True))
        else:
            table.drop(connection)
    engine.dispose()


def _harvester(make_context: ContextFactory, database: AgencyDatabase) -> SqlHarvester:
    return SqlHarvester(make_context(*database.allow, local_roots=database.roots))


def test_a_table_becomes_one_csv_with_a_schema_from_its_column_types(database: AgencyDatabase,
                                                                     make_context: ContextFactory) -> None:
    harvester = _harvester(make_context, database)
    config = SourceConfig(database.url, {**database.options, "title": "Dân số các tỉnh", "licence": "cc-by-4.0"})

    [item] = harvester.discover(config, HarvestState()).items
    fetched = harvester.fetch(config, item, HarvestState())

    assert (item.remote_id, item.title, item.licence) == (database.table.name, "Dân số các tỉnh", "cc-by-4.0")
    assert isinstance(fetched, Fetched)
    [file] = fetched.files
    assert isinstance(file, FetchedFile)
    assert file.path.read_text(encoding="utf-8") == CSV, "codes keep their zeros, NULL is empty, dates are ISO"
    assert file.table_schema == SCHEMA
    report = validate_table(file.path, dict(SCHEMA))
    assert report["valid"], report["tasks"][0]["errors"]


def test_an_unchanged_table_is_not_modified_and_a_new_row_is_fetched(database: AgencyDatabase,
                                                                     make_context: ContextFactory) -> None:
    harvester = _harvester(make_context, database)
    config = SourceConfig(database.url, database.options)
    [item] = harvester.discover(config, HarvestState()).items
    first = harvester.fetch(config, item, HarvestState())
    assert isinstance(first, Fetched) and isinstance(first.files[0], FetchedFile)
    state = HarvestState({item.remote_id: ItemState(None, {"data": FileState(first.files[0].provenance.sha256)})})

    assert harvester.fetch(config, item, state) == NotModified(item.remote_id, "same-content")
    assert list(harvester.context.work_dir.iterdir()) == [first.files[0].path], "the duplicate is not kept"

    with database.engine.begin() as connection:
        connection.execute(database.table.insert(), [{"ma_tinh": "02", "ten_tinh": "Hà Giang"}])
    again = harvester.fetch(config, item, state)
    assert isinstance(again, Fetched) and isinstance(again.files[0], FetchedFile)
    assert "02,Hà Giang,,,,\n" in again.files[0].path.read_text(encoding="utf-8")


def test_a_query_result_is_published_with_types_from_its_values(database: AgencyDatabase,
                                                               make_context: ContextFactory) -> None:
    harvester = _harvester(make_context, database)
    query = f"SELECT ma_tinh, ten_tinh, dan_so FROM {database.qualified} WHERE dan_so IS NOT NULL ORDER BY ma_tinh"
    config = SourceConfig(database.url, {"query": query, "id": "dan-so"})

    [item] = harvester.discover(config, HarvestState()).items
    fetched = harvester.fetch(config, item, HarvestState())

    assert item.remote_id == "dan-so"
    assert isinstance(fetched, Fetched) and isinstance(fetched.files[0], FetchedFile)
    assert fetched.files[0].path.read_text(encoding="utf-8") == "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n24,Bắc Ninh,1517400\n"
    assert [field["type"] for field in fetched.files[0].table_schema["fields"]] == ["string", "string", "integer"]


def test_a_harvest_never_writes_to_the_agency_database(database: AgencyDatabase, make_context: ContextFactory) -> None:
    harvester = _harvester(make_context, database)
    write = f"DELETE FROM {database.qualified}"
    if database.backend == "postgresql":  # it reads through a server-side cursor, which takes only a SELECT
        with database.engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SEQUENCE {database.table.schema}.so_thu_tu")
        write = f"SELECT nextval('{database.table.schema}.so_thu_tu')"
    config = SourceConfig(database.url, {"query": write})
    [item] = harvester.discover(config, HarvestState()).items

    with pytest.raises(InvalidConfig) as caught:
        harvester.fetch(config, item, HarvestState())

    assert caught.value.field_errors == {"options.query": "query-failed"}
    assert "read" in str(caught.value.params["reason"]).lower(), caught.value.params
    with database.engine.connect() as connection:
        assert connection.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(database.table)).scalar() == 3


def test_a_missing_table_is_a_config_error(database: AgencyDatabase, make_context: ContextFactory) -> None:
    config = SourceConfig(database.url, {**database.options, "table": "khong_ton_tai"})

    with pytest.raises(InvalidConfig) as caught:
        _harvester(make_context, database).discover(config, HarvestState())
    assert caught.value.field_errors == {"options.table": "not-found"}


def test_a_database_host_not_on_the_allow_list_is_never_contacted(trap: Trap, make_context: ContextFactory) -> None:
    harvester = SqlHarvester(make_context("127.0.0.1:5432"))

    with pytest.raises(UnsafeTarget) as caught:
        harvester.discover(SourceConfig(f"postgresql://postgres@127.0.0.1:{trap.port}/test", {"table": "t"}), HarvestState())
    assert caught.value.code == "host-not-allowed"


def test_a_database_that_does_not_answer_is_unreachable(make_context: ContextFactory) -> None:
    closed = Trap()
    port = closed.port
    closed.close()
    harvester = SqlHarvester(make_context(f"127.0.0.1:{port}"))

    with pytest.raises(SourceUnreachable) as caught:
        harvester.discover(SourceConfig(f"postgresql://postgres@127.0.0.1:{port}/test", {"table": "t"}), HarvestState())
    assert caught.value.code == "database-unreachable"


def test_a_table_gone_between_discovery_and_fetch_is_a_config_error(tmp_path: Path, make_context: ContextFactory) -> None:
    path = tmp_path / "so-lieu.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE xa (ma_xa TEXT PRIMARY KEY)")
    harvester = SqlHarvester(make_context(local_roots=(tmp_path,)))
    config = SourceConfig(f"sqlite:///{path}", {"table": "xa"})
    [item] = harvester.discover(config, HarvestState()).items
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE xa")

    with pytest.raises(InvalidConfig) as caught:
        harvester.fetch(config, item, HarvestState())
    assert caught.value.field_errors == {"options.table": "not-found"}


def test_a_table_the_database_cannot_read_is_a_database_error(tmp_path: Path, make_context: ContextFactory) -> None:
    path = tmp_path / "so-lieu.db"
    with sqlite3.connect(path) as connection:
        connection.executescript("CREATE TABLE xa (ma_xa TEXT); CREATE VIEW xa_moi AS SELECT ma_xa FROM xa; DROP TABLE xa;")
    harvester = SqlHarvester(make_context(local_roots=(tmp_path,)))

    with pytest.raises(SourceUnreachable) as caught:
        harvester.discover(SourceConfig(f"sqlite:///{path}", {"table": "xa_moi"}), HarvestState())
    assert caught.value.code == "database-error"


def test_the_database_password_never_leaves_the_config(make_context: ContextFactory) -> None:
    config = SourceConfig("postgresql://reader:bi-mat-123@db.agency.vn/stats", {"query": "SELECT 1"})

    [item] = SqlHarvester(make_context("db.agency.vn")).discover(config, HarvestState()).items

    assert "bi-mat-123" not in repr(item)
    assert item.resources[0].url == "postgresql+psycopg://reader:***@db.agency.vn/stats#query"


def test_a_sqlite_file_outside_the_allowed_folders_is_refused(tmp_path: Path, make_context: ContextFactory) -> None:
    outside = tmp_path / "platform.db"
    sqlalchemy.create_engine(f"sqlite:///{outside}").connect().close()
    harvester = SqlHarvester(make_context(local_roots=(tmp_path / "drop",)))

    with pytest.raises(UnsafeTarget) as caught:
        harvester.discover(SourceConfig(f"sqlite:///{outside}", {"table": "t"}), HarvestState())
    assert caught.value.code == "path-not-allowed"


@pytest.mark.parametrize(("url", "errors"), [
    ("postgresql+psycopg2://reader@db.agency.vn/stats", {"url": "unsupported-driver"}),
    ("mssql+pyodbc://reader@db.agency.vn/stats", {"url": "unsupported-database"}),
    ("postgresql:/stats", {"url": "wrong-format"}),
    ("postgresql://reader@db.agency.vn:port/stats", {"url": "wrong-format"}),
    ("sqlite://", {"url": "wrong-format"}),
])
def test_an_unusable_database_url_is_a_config_error(url: str, errors: dict[str, str], make_context: ContextFactory) -> None:
    with pytest.raises(InvalidConfig) as caught:
        SqlHarvester(make_context("*")).discover(SourceConfig(url, {"table": "t"}), HarvestState())
    assert caught.value.field_errors == errors
