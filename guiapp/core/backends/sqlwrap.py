"""SQL that SQLAlchemy has no construct for, around an expression: ``CONVERT(x USING utf8mb4)``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement


class Wrapped(ColumnElement):  # type: ignore[type-arg]
    """``template`` with ``{}`` replaced by the compiled ``inner`` (a column or a bound parameter)."""

    inherit_cache = False  # the template is not part of a cache key

    def __init__(self, template: str, inner: Any) -> None:
        self.template = template
        self.inner = inner
        self.type = getattr(inner, "type", None)


@compiles(Wrapped)
def _compile(element: Wrapped, compiler: Any, **kw: Any) -> str:
    return element.template.format(compiler.process(element.inner, **kw))


def wrap(template: str, inner: Any) -> Wrapped:
    return Wrapped(template, inner)
