"""The demo SQLite database the app opens when no --url is given: created and filled on first run."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa

from guiapp.core.connect.database import Database, PoolOptions
from guiapp.core.paths import demo_database_path

DEMO_USERS = 300
DEMO_BOOKS = 450
_FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Ken", "Dennis", "Guido", "Linus",
          "Margaret", "Frances", "John", "Niklaus", "Leslie", "Radia", "Tim", "Bjarne", "Anders", "Sophie"]
_HOBBIES = ["chess", "climbing", "cooking", "cycling", "gardening", "go", "painting", "piano",
            "running", "sailing", "swimming", "woodwork"]


def demo_url() -> str:
    return f"sqlite:///{demo_database_path()}"


def fill_demo(db: Database, seed: int = 7) -> None:
    """Create the demo models and fill them with a few hundred rows (idempotent)."""
    from guiapp.models import Base, Book, Hobby, Person, User, person_hobby

    rnd = random.Random(seed)
    with db.begin() as conn:
        Base.metadata.create_all(conn, checkfirst=True)
        if conn.execute(sa.select(sa.func.count()).select_from(User.__table__)).scalar():
            return
        start = datetime(2024, 1, 1)
        users = [{"id": i, "name": f"{rnd.choice(_FIRST)} {i}", "email": f"user{i}@example.org",
                  "ctime": start + timedelta(hours=7 * i)} for i in range(1, DEMO_USERS + 1)]
        conn.execute(sa.insert(User.__table__), users)
        books = [{"id": i, "title": f"Volume {i}", "user_id": rnd.randint(1, DEMO_USERS),
                  "summary": None if i % 5 == 0 else f"Notes on volume {i}"}
                 for i in range(1, DEMO_BOOKS + 1)]
        conn.execute(sa.insert(Book.__table__), books)
        conn.execute(sa.insert(Hobby.__table__),
                     [{"id": i, "name": h} for i, h in enumerate(_HOBBIES, 1)])
        conn.execute(sa.insert(Person.__table__),
                     [{"id": i, "name": rnd.choice(_FIRST)} for i in range(1, 41)])
        links = {(rnd.randint(1, 40), rnd.randint(1, len(_HOBBIES))) for _ in range(90)}
        conn.execute(sa.insert(person_hobby), [{"person_id": p, "hobby_id": h} for p, h in sorted(links)])


def open_demo(options: PoolOptions | None = None) -> Database:
    """The demo Database, created and filled on first use."""
    path = demo_database_path()
    first = not path.exists()
    db = Database(demo_url(), options, create=True)
    if first:
        try:
            fill_demo(db)
        except BaseException:
            db.engine.dispose()
            path.unlink(missing_ok=True)
            raise
    return db
