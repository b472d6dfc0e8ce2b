"""--models: a user's declarative module, and the messages when it cannot be used."""

from __future__ import annotations

import pytest

from guiapp.core.errors import ModelLoadError
from guiapp.core.schema.modelload import load_models

USER_MODELS = '''
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20))
'''


def test_demo_models_by_default() -> None:
    models = load_models()
    assert set(models.metadata.tables) == {"users", "books", "persons", "hobbies", "person_hobby"}
    assert models.label("users") == "User (users)"
    assert models.resolve("user") == "users"


def test_user_module_from_a_file(tmp_path) -> None:
    path = tmp_path / "mymodels.py"
    path.write_text(USER_MODELS)
    models = load_models(str(path))
    assert list(models.metadata.tables) == ["invoices"]
    assert models.class_names == {"invoices": "Invoice"}


def test_user_module_by_dotted_name(tmp_path, monkeypatch) -> None:
    pkg = tmp_path / "shop"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "models.py").write_text(USER_MODELS.replace("invoices", "orders"))
    monkeypatch.syspath_prepend(str(tmp_path))
    assert list(load_models("shop.models").metadata.tables) == ["orders"]


def test_module_that_fails_to_import_names_the_module_and_reason(tmp_path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("import sqlalchemy\nraise RuntimeError('config missing')\n")
    with pytest.raises(ModelLoadError, match=r"broken\.py: RuntimeError: config missing"):
        load_models(str(path))


def test_missing_module() -> None:
    with pytest.raises(ModelLoadError, match="no module named 'no_such_pkg'"):
        load_models("no_such_pkg.models")


def test_module_without_models(tmp_path) -> None:
    path = tmp_path / "empty.py"
    path.write_text("x = 1\n")
    with pytest.raises(ModelLoadError, match="holds no SQLAlchemy models"):
        load_models(str(path))
