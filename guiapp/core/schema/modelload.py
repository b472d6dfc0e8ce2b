"""Load the declared models: the demo ones, or a user's module given by --models."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa

from guiapp.core.errors import ModelLoadError

DEMO_MODELS = "guiapp.models"


@dataclass(frozen=True)
class DeclaredModels:
    """A MetaData and the names to show for its tables.

    Attributes:
        source: the module name or file the models came from.
        metadata: the MetaData that create, drop and state use.
        class_names: table name -> mapped class name ('' for a plain Table).
        migrations: the alembic migrations folder that goes with them (a Flask-Migrate app's), if any.
    """

    source: str
    metadata: sa.MetaData
    class_names: dict[str, str]
    migrations: str | None = None

    def label(self, table: str) -> str:
        cls = self.class_names.get(table)
        return f"{cls} ({table})" if cls else table

    def resolve(self, name: str) -> str:
        """A table name from a table or class name, case-insensitively; SchemaError-free lookup."""
        if name in self.metadata.tables:
            return name
        lowered = name.lower()
        for table, cls in self.class_names.items():
            if cls.lower() == lowered or table.lower() == lowered:
                return table
        from guiapp.core.errors import SchemaError
        known = ", ".join(sorted(self.metadata.tables)) or "none"
        raise SchemaError(f"No declared model named {name!r} in {self.source} (known: {known}).")


def _import(spec: str) -> ModuleType:
    path = Path(spec)
    if spec.endswith(".py") or path.is_file():
        if not path.is_file():
            raise ModelLoadError(f"Cannot load models from {spec}: no such file.")
        name = f"guiapp_user_models_{abs(hash(str(path.resolve())))}"
        if name in sys.modules:
            return sys.modules[name]
        mod_spec = importlib.util.spec_from_file_location(name, path)
        if mod_spec is None or mod_spec.loader is None:
            raise ModelLoadError(f"Cannot load models from {spec}: not a Python file.")
        module = importlib.util.module_from_spec(mod_spec)
        sys.modules[name] = module
        sys.path.insert(0, str(path.resolve().parent))
        try:
            mod_spec.loader.exec_module(module)
        except Exception as exc:
            del sys.modules[name]
            raise ModelLoadError(f"Cannot import models from {spec}: "
                                 f"{exc.__class__.__name__}: {exc}") from None
        finally:
            sys.path.remove(str(path.resolve().parent))
        return module
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        return importlib.import_module(spec)
    except ModuleNotFoundError as exc:
        raise ModelLoadError(f"Cannot import models module {spec!r}: no module named {exc.name!r}.") from None
    except Exception as exc:
        raise ModelLoadError(f"Cannot import models module {spec!r}: "
                             f"{exc.__class__.__name__}: {exc}") from None


def _find_metadata(module: ModuleType) -> sa.MetaData | None:
    """The MetaData with the most tables among the module's globals and declarative bases."""
    found: list[sa.MetaData] = []
    for value in vars(module).values():
        # Only classes are asked for attributes: a module's other globals may be proxies such as
        # ``current_database``, which raise when nothing is bound (as while the module loads).
        if isinstance(value, sa.MetaData):
            found.append(value)
        elif isinstance(value, type) and isinstance(getattr(value, "metadata", None), sa.MetaData):
            found.append(value.metadata)
    found = [m for m in found if m.tables]
    return max(found, key=lambda m: len(m.tables)) if found else None


def _check_foreign_keys(spec: str, metadata: sa.MetaData) -> None:
    """Every foreign key points at a declared table and column: SQLAlchemy otherwise fails only
    later, in whatever create, compare or draw touches it first."""
    for table in metadata.tables.values():
        for fk in table.foreign_keys:
            try:
                fk.column
            except sa.exc.NoReferencedTableError:
                missing = fk.target_fullname.rpartition(".")[0]
                raise ModelLoadError(
                    f"In {spec}, {table.name}.{fk.parent.name} has a foreign key to {fk.target_fullname}, but no "
                    f"table {missing} is declared there: declare it (a model or a Table on the same MetaData), "
                    "or point the ForeignKey at a declared table.") from None
            except sa.exc.NoReferencedColumnError:
                raise ModelLoadError(
                    f"In {spec}, {table.name}.{fk.parent.name} has a foreign key to {fk.target_fullname}, but "
                    "that table declares no such column: point the ForeignKey at one of its columns.") from None


def _class_names(module: ModuleType, metadata: sa.MetaData) -> dict[str, str]:
    """Table name -> mapped class name, from the registries of the module's classes."""
    registries = {}
    for value in vars(module).values():
        registry = getattr(value, "registry", None) if isinstance(value, type) else None
        if registry is not None and hasattr(registry, "mappers"):
            registries[id(registry)] = registry
    return mapped_class_names(registries.values(), metadata)


def mapped_class_names(registries: Iterable[Any], metadata: sa.MetaData) -> dict[str, str]:
    """Table name -> mapped class name, for the tables of ``metadata`` mapped in ``registries``."""
    names: dict[str, str] = {}
    for registry in registries:
        for mapper in registry.mappers:
            table = getattr(mapper, "local_table", None)
            if isinstance(table, sa.Table) and table.metadata is metadata:
                names.setdefault(table.name, mapper.class_.__name__)
    return names


#: models handed over by a host application (``flask guiapp``), by the name they are shown under.
_provided: dict[str, DeclaredModels] = {}


def provide_models(declared: DeclaredModels) -> str:
    """Make ``declared`` loadable as ``load_models(declared.source)``: for models that live in a
    running application (a Flask app's Flask-SQLAlchemy models) rather than in a module to import."""
    _provided[declared.source] = declared
    return declared.source


def import_module(spec: str) -> ModuleType | None:
    """The module ``spec`` names, imported once: its commands and signal receivers registered
    (None for models a host application provided: its code is loaded already)."""
    return None if spec in _provided else _import(spec)


def load_models(spec: str | None = None) -> DeclaredModels:
    """The models of ``spec`` (a dotted module or a .py path), or the demo models."""
    spec = spec or DEMO_MODELS
    if spec in _provided:
        return _provided[spec]
    module = _import(spec)
    metadata = _find_metadata(module)
    if metadata is None:
        raise ModelLoadError(f"Module {spec!r} holds no SQLAlchemy models "
                             "(no MetaData or declarative Base with tables).")
    _check_foreign_keys(spec, metadata)
    return DeclaredModels(source=spec, metadata=metadata, class_names=_class_names(module, metadata))
