"""The demo SQLAlchemy declarative models that users create and drop from guiapp.

Only declarative models live here (Qt item models live with the views).
guiapp's own storage never uses this MetaData, so "create all" on a user's
database creates exactly these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (Column, DateTime, ForeignKey, Index, Integer, String, Table, Text,
                        UniqueConstraint, func)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """The demo models' one declarative base; ``Base.metadata`` is what guiapp creates."""


class User(Base):
    """A user of the demo app."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("id", "name", name="uix_id_name"),
        Index("ix_id_name", "name", "email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    email: Mapped[str | None] = mapped_column(String(32), unique=True)
    ctime: Mapped[datetime | None] = mapped_column(DateTime, default=datetime.now,
                                                   server_default=func.now())

    books: Mapped[list["Book"]] = relationship(back_populates="owner")


class Book(Base):
    """A book owned by a user: the foreign key that orders create and drop."""

    __tablename__ = "books"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(128), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    summary: Mapped[str | None] = mapped_column(Text)

    owner: Mapped[User] = relationship(back_populates="books")


person_hobby = Table(
    "person_hobby",
    Base.metadata,
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    Column("hobby_id", ForeignKey("hobbies.id", ondelete="CASCADE"), primary_key=True),
)
"""The link table of the many-to-many pair Person and Hobby."""


class Person(Base):
    """One side of the many-to-many pair."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)

    hobbies: Mapped[list["Hobby"]] = relationship(secondary=person_hobby, back_populates="people")


class Hobby(Base):
    """The other side of the many-to-many pair."""

    __tablename__ = "hobbies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)

    people: Mapped[list[Person]] = relationship(secondary=person_hobby, back_populates="hobbies")


metadata = Base.metadata
