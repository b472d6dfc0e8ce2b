"""Create the benchmark tables: 1,000,000 and 10,000 users-like rows, in SQLite, MariaDB and PostgreSQL,
schemas of 5,000 small tables in SQLite, MariaDB and PostgreSQL, and a Chinook-sized SQLite file.

    .venv/bin/python bench/generate.py [--rows N] [--wide N] [--chinook-only]

Idempotent: a table that already holds the right number of rows is kept.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database

from common import BIG, BIG_ROWS, CHINOOK, DATA, POSTGRESQL_URL, SMALL, SMALL_ROWS, WIDE_TABLES, WIDE_URLS, urls  # noqa: E402

# The Chinook sample database's schema (its SQLite edition: 11 tables, their keys, foreign keys and
# indexes), written out here; the rows are generated, as many per table as Chinook holds.
CHINOOK_DDL = """
CREATE TABLE [Artist] ([ArtistId] INTEGER NOT NULL, [Name] NVARCHAR(120),
    CONSTRAINT [PK_Artist] PRIMARY KEY ([ArtistId]));
CREATE TABLE [Album] ([AlbumId] INTEGER NOT NULL, [Title] NVARCHAR(160) NOT NULL, [ArtistId] INTEGER NOT NULL,
    CONSTRAINT [PK_Album] PRIMARY KEY ([AlbumId]),
    FOREIGN KEY ([ArtistId]) REFERENCES [Artist] ([ArtistId]) ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE TABLE [Employee] ([EmployeeId] INTEGER NOT NULL, [LastName] NVARCHAR(20) NOT NULL,
    [FirstName] NVARCHAR(20) NOT NULL, [Title] NVARCHAR(30), [ReportsTo] INTEGER, [BirthDate] DATETIME,
    [HireDate] DATETIME, [Address] NVARCHAR(70), [City] NVARCHAR(40), [State] NVARCHAR(40),
    [Country] NVARCHAR(40), [PostalCode] NVARCHAR(10), [Phone] NVARCHAR(24), [Fax] NVARCHAR(24),
    [Email] NVARCHAR(60), CONSTRAINT [PK_Employee] PRIMARY KEY ([EmployeeId]),
    FOREIGN KEY ([ReportsTo]) REFERENCES [Employee] ([EmployeeId]) ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE TABLE [Customer] ([CustomerId] INTEGER NOT NULL, [FirstName] NVARCHAR(40) NOT NULL,
    [LastName] NVARCHAR(20) NOT NULL, [Company] NVARCHAR(80), [Address] NVARCHAR(70), [City] NVARCHAR(40),
    [State] NVARCHAR(40), [Country] NVARCHAR(40), [PostalCode] NVARCHAR(10), [Phone] NVARCHAR(24),
    [Fax] NVARCHAR(24), [Email] NVARCHAR(60) NOT NULL, [SupportRepId] INTEGER,
    CONSTRAINT [PK_Customer] PRIMARY KEY ([CustomerId]),
    FOREIGN KEY ([SupportRepId]) REFERENCES [Employee] ([EmployeeId]) ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE TABLE [Genre] ([GenreId] INTEGER NOT NULL, [Name] NVARCHAR(120),
    CONSTRAINT [PK_Genre] PRIMARY KEY ([GenreId]));
CREATE TABLE [MediaType] ([MediaTypeId] INTEGER NOT NULL, [Name] NVARCHAR(120),
    CONSTRAINT [PK_MediaType] PRIMARY KEY ([MediaTypeId]));
CREATE TABLE [Track] ([TrackId] INTEGER NOT NULL, [Name] NVARCHAR(200) NOT NULL, [AlbumId] INTEGER,
    [MediaTypeId] INTEGER NOT NULL, [GenreId] INTEGER, [Composer] NVARCHAR(220),
    [Milliseconds] INTEGER NOT NULL, [Bytes] INTEGER, [UnitPrice] NUMERIC(10,2) NOT NULL,
    CONSTRAINT [PK_Track] PRIMARY KEY ([TrackId]),
    FOREIGN KEY ([AlbumId]) REFERENCES [Album] ([AlbumId]) ON DELETE NO ACTION ON UPDATE NO ACTION,
    FOREIGN KEY ([GenreId]) REFERENCES [Genre] ([GenreId]) ON DELETE NO ACTION ON UPDATE NO ACTION,
    FOREIGN KEY ([MediaTypeId]) REFERENCES [MediaType] ([MediaTypeId]) ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE TABLE [Invoice] ([InvoiceId] INTEGER NOT NULL, [CustomerId] INTEGER NOT NULL,
    [InvoiceDate] DATETIME NOT NULL, [BillingAddress] NVARCHAR(70), [BillingCity] NVARCHAR(40),
    [BillingState] NVARCHAR(40), [BillingCountry] NVARCHAR(40), [BillingPostalCode] NVARCHAR(10),
    [Total] NUMERIC(10,2) NOT NULL, CONSTRAINT [PK_Invoice] PRIMARY KEY ([InvoiceId]),
    FOREIGN KEY ([CustomerId]) REFERENCES [Customer] ([CustomerId]) ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE TABLE [InvoiceLine] ([InvoiceLineId] INTEGER NOT NULL, [InvoiceId] INTEGER NOT NULL,
    [TrackId] INTEGER NOT NULL, [UnitPrice] NUMERIC(10,2) NOT NULL, [Quantity] INTEGER NOT NULL,
    CONSTRAINT [PK_InvoiceLine] PRIMARY KEY ([InvoiceLineId]),
    FOREIGN KEY ([InvoiceId]) REFERENCES [Invoice] ([InvoiceId]) ON DELETE NO ACTION ON UPDATE NO ACTION,
    FOREIGN KEY ([TrackId]) REFERENCES [Track] ([TrackId]) ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE TABLE [Playlist] ([PlaylistId] INTEGER NOT NULL, [Name] NVARCHAR(120),
    CONSTRAINT [PK_Playlist] PRIMARY KEY ([PlaylistId]));
CREATE TABLE [PlaylistTrack] ([PlaylistId] INTEGER NOT NULL, [TrackId] INTEGER NOT NULL,
    CONSTRAINT [PK_PlaylistTrack] PRIMARY KEY ([PlaylistId], [TrackId]),
    FOREIGN KEY ([PlaylistId]) REFERENCES [Playlist] ([PlaylistId]) ON DELETE NO ACTION ON UPDATE NO ACTION,
    FOREIGN KEY ([TrackId]) REFERENCES [Track] ([TrackId]) ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE INDEX [IFK_AlbumArtistId] ON [Album] ([ArtistId]);
CREATE INDEX [IFK_CustomerSupportRepId] ON [Customer] ([SupportRepId]);
CREATE INDEX [IFK_EmployeeReportsTo] ON [Employee] ([ReportsTo]);
CREATE INDEX [IFK_InvoiceCustomerId] ON [Invoice] ([CustomerId]);
CREATE INDEX [IFK_InvoiceLineInvoiceId] ON [InvoiceLine] ([InvoiceId]);
CREATE INDEX [IFK_InvoiceLineTrackId] ON [InvoiceLine] ([TrackId]);
CREATE INDEX [IFK_PlaylistTrackTrackId] ON [PlaylistTrack] ([TrackId]);
CREATE INDEX [IFK_TrackAlbumId] ON [Track] ([AlbumId]);
CREATE INDEX [IFK_TrackGenreId] ON [Track] ([GenreId]);
CREATE INDEX [IFK_TrackMediaTypeId] ON [Track] ([MediaTypeId]);
"""
#: Chinook's row counts
CHINOOK_ROWS = {"Artist": 275, "Album": 347, "Employee": 8, "Customer": 59, "Genre": 25, "MediaType": 5,
                "Track": 3503, "Invoice": 412, "InvoiceLine": 2240, "Playlist": 18, "PlaylistTrack": 8715}


def _chinook_rows(rand: random.Random) -> dict[str, list[tuple]]:
    """Rows for each Chinook table, every foreign key pointing at a row that exists."""
    n = CHINOOK_ROWS
    word = lambda i: f"{rand.choice(['Blue', 'Night', 'Road', 'Fire', 'Love', 'Song', 'Rain'])} {i}"  # noqa: E731
    place = ("Rua 1", "Oslo", None, "Norway", "0171", "+47 22 44 22 22", None)
    rows: dict[str, list[tuple]] = {
        "Artist": [(i, f"Artist {i}") for i in range(1, n["Artist"] + 1)],
        "Album": [(i, word(i), rand.randint(1, n["Artist"])) for i in range(1, n["Album"] + 1)],
        "Employee": [(i, f"Last{i}", f"First{i}", "Sales Support Agent", None if i == 1 else 1,
                      "1962-02-18 00:00:00", "2002-08-14 00:00:00", *place, f"e{i}@chinookcorp.com")
                     for i in range(1, n["Employee"] + 1)],
        "Customer": [(i, f"First{i}", f"Last{i}", None, *place, f"c{i}@example.org", rand.randint(3, 5))
                     for i in range(1, n["Customer"] + 1)],
        "Genre": [(i, f"Genre {i}") for i in range(1, n["Genre"] + 1)],
        "MediaType": [(i, f"Media type {i}") for i in range(1, n["MediaType"] + 1)],
        "Track": [(i, word(i), rand.randint(1, n["Album"]), rand.randint(1, n["MediaType"]),
                   rand.randint(1, n["Genre"]), None if i % 4 else "Composer", rand.randint(60_000, 400_000),
                   rand.randint(1_000_000, 12_000_000), 0.99) for i in range(1, n["Track"] + 1)],
        "Invoice": [(i, rand.randint(1, n["Customer"]), f"2021-{1 + i % 12:02d}-{1 + i % 28:02d} 00:00:00",
                     "Rua 1", "Oslo", None, "Norway", "0171", round(rand.uniform(0.99, 25.86), 2))
                    for i in range(1, n["Invoice"] + 1)],
        "InvoiceLine": [(i, rand.randint(1, n["Invoice"]), rand.randint(1, n["Track"]), 0.99, 1)
                        for i in range(1, n["InvoiceLine"] + 1)],
        "Playlist": [(i, f"Playlist {i}") for i in range(1, n["Playlist"] + 1)],
    }
    pairs = rand.sample([(p, t) for p in range(1, n["Playlist"] + 1) for t in range(1, n["Track"] + 1)],
                        n["PlaylistTrack"])
    rows["PlaylistTrack"] = sorted(pairs)
    return rows


def make_chinook(path: Path) -> bool:
    """A SQLite file with Chinook's 11 tables, keys, indexes and row counts. False if it is there."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    with conn:
        conn.executescript(CHINOOK_DDL)
        for table, rows in _chinook_rows(random.Random(24)).items():
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO [{table}] VALUES ({marks})", rows)
    conn.close()
    partial.rename(path)  # whole or not at all: an interrupted run leaves no half-made file
    return True


def ensure_database(url: str) -> None:
    """Create the URL's database if it is missing, through the server's default one."""
    from sqlalchemy.engine import make_url

    from guiapp.core.connect.database import Database
    target = make_url(url)
    # Through a database every server has (guiapp refuses a MariaDB URL that names none).
    server = Database(target.set(database="information_schema" if target.get_backend_name() == "mysql"
                                 else "postgres"))
    with server.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        quoted = conn.dialect.identifier_preparer.quote(target.database)
        if target.get_backend_name() == "mysql":
            conn.exec_driver_sql(f"CREATE DATABASE IF NOT EXISTS {quoted}")
        elif not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s",
                                      (target.database,)).first():
            conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    server.engine.dispose()


def make_wide(db: "Database", count: int) -> int:
    """``count`` tables of 7 or 8 columns, each with a primary key, a unique column, an index and
    (but the first) a foreign key to the one before: the shape of a large application's schema.
    Returns how many were created (a table that exists is kept)."""
    import sqlalchemy as sa
    with db.connect() as conn:
        existing = set(sa.inspect(conn).get_table_names())
    md = sa.MetaData()
    for number in range(count):
        columns = [sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(80), nullable=False),
                   sa.Column("email", sa.String(120), unique=True), sa.Column("created", sa.DateTime),
                   sa.Column("score", sa.Numeric(10, 2)), sa.Column("active", sa.Boolean, server_default="1"),
                   sa.Column("note", sa.Text)]
        if number:
            columns.append(sa.Column("parent_id", sa.Integer, sa.ForeignKey(f"w{number - 1:05d}.id")))
        sa.Table(f"w{number:05d}", md, *columns, sa.Index(f"ix_w{number:05d}_name", "name"))
    missing = [t for t in md.sorted_tables if t.name not in existing]
    for start in range(0, len(missing), 500):  # PostgreSQL locks every table created in a transaction
        with db.engine.begin() as conn:
            md.create_all(conn, tables=missing[start:start + 500], checkfirst=False)
    return len(missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=BIG_ROWS)
    parser.add_argument("--wide", type=int, default=WIDE_TABLES, help="tables in each wide schema (0: none)")
    parser.add_argument("--chinook-only", action="store_true", help="only the Chinook-sized SQLite file")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    print(f"chinook: {CHINOOK} {'created' if make_chinook(CHINOOK) else 'kept'}")
    if args.chinook_only:
        return
    from guiapp.core.connect.database import Database
    from guiapp.core.data.sampledata import make_sample
    for name, url in WIDE_URLS.items() if args.wide else ():
        if name != "sqlite":
            ensure_database(url)
        db = Database(url, create=True)
        start = time.perf_counter()
        made = make_wide(db, args.wide)
        print(f"{name}: {args.wide:,} tables ready ({made:,} created) in {time.perf_counter() - start:.1f} s")
        db.engine.dispose()
    for name, url in {**urls(), "postgresql": POSTGRESQL_URL}.items():
        if name != "sqlite":
            ensure_database(url)
        db = Database(url, create=True)
        for table, rows in ((BIG, args.rows), (SMALL, SMALL_ROWS)):
            start = time.perf_counter()
            make_sample(db, table, rows)
            print(f"{name}: {table} with {rows:,} rows ready in {time.perf_counter() - start:.1f} s")
        db.engine.dispose()


if __name__ == "__main__":
    main()
