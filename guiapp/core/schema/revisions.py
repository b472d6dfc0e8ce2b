"""Where the database stands against an alembic migrations folder (Flask-Migrate's ``migrations/``).

Read only: the database's ``alembic_version`` through alembic's MigrationContext, the folder's
heads through its ScriptDirectory; nothing is stamped, created or run.
"""

from __future__ import annotations

from dataclasses import dataclass

from guiapp.core.connect.database import Database
from guiapp.core.errors import SchemaError


@dataclass(frozen=True)
class RevisionState:
    """The database's revisions, the folder's heads, and what that means in words."""

    current: tuple[str, ...]
    heads: tuple[str, ...]
    verdict: str  # 'at head', 'behind', 'ahead', 'not under migrations'

    def text(self) -> str:
        """One line for the Models panel and `guiapp models`."""
        now = ", ".join(r[:12] for r in self.current) or "none"
        head = ", ".join(r[:12] for r in self.heads) or "none"
        return f"Migrations: {self.verdict} (database {now}, head {head})"


def revision_state(db: Database, migrations: str) -> RevisionState:
    """Compare the revision stamped in ``db`` with the heads of the ``migrations`` folder."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", migrations)
    try:
        scripts = ScriptDirectory.from_config(config)
        heads = tuple(scripts.get_heads())
    except CommandError as exc:
        raise SchemaError(f"Cannot read the migrations in {migrations}: {exc}") from None
    with db.connect() as conn:
        current = tuple(MigrationContext.configure(conn).get_current_heads())
    return RevisionState(current, heads, _verdict(scripts, current, heads))


def _verdict(scripts: object, current: tuple[str, ...], heads: tuple[str, ...]) -> str:
    if not current:
        return "not under migrations"
    if set(current) == set(heads):
        return "at head"
    known = {rev.revision for rev in scripts.walk_revisions()}  # type: ignore[attr-defined]
    if any(rev not in known for rev in current):
        return "ahead"  # stamped with a revision this code does not have: newer than it
    return "behind"
