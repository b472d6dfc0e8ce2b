"""The models panel: every declared model, its state in the database, and Create / Drop buttons.

States come from alembic's compare_metadata on a worker. Tables that no model declares are
listed after the models as "only in the database" (SQL… can drop them, when asked). After any
create or drop, by whatever path, the bridge's signals make the panel refresh itself.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QSplitter,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from guiapp.core.errors import ReadOnlyError
from guiapp.views import confirm
from guiapp.views.resources import icon
from guiapp.qt.settings import hide_dialect_noise, set_hide_dialect_noise
from guiapp.qt.workspace import Workspace, debounce

TABLE_ROLE = Qt.ItemDataRole.UserRole
_STATE_TEXT = {"missing": "missing", "present": "present", "differs": "differs"}
ONLY_IN_DATABASE = "only in the database"


class ModelsPanel(QWidget):
    """Declared models with state, differences, and create/drop actions."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.source = QLabel("Models: loading…", objectName="hint", wordWrap=True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Model", "State"])
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._show_details)
        self.error = QLabel(objectName="errorBanner", wordWrap=True)
        self.error.hide()
        self.details = QPlainTextEdit(readOnly=True, placeholderText="Select a model to see how it differs.")
        self.buttons: dict[str, QPushButton] = {}
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for key, text, icon_name, slot, row in (
                ("create", "Create", "create", self.create_selected, row1),
                ("drop", "Drop", "drop", self.drop_selected, row1),
                ("create_all", "Create all", "create-all", self.create_all, row2),
                ("drop_all", "Drop all", "drop-all", self.drop_all, row2)):
            button = QPushButton(icon(icon_name), text)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        self.buttons["create"].setToolTip("Create the selected model's table")
        self.buttons["drop"].setToolTip("Drop the selected model's table (asks first)")
        self._tips = {key: button.toolTip() for key, button in self.buttons.items()}
        sql = self.buttons["sql"] = QPushButton("SQL…")
        sql.setToolTip("The SQL (and alembic migration) that would make the database match the selected "
                       "model, or all of them")
        sql.clicked.connect(lambda _checked=False: self.show_sql())
        row1.addWidget(sql)
        self.hide_noise = QCheckBox("Hide dialect noise", objectName="hideNoise")
        self.hide_noise.setToolTip("Do not count what differs only in how this database writes it: MySQL's "
                                   "display widths (INTEGER(11)), TINYINT(1) for a Boolean, the quoting of "
                                   "defaults. Untick to compare strictly.")
        self.hide_noise.setChecked(hide_dialect_noise())
        self.hide_noise.toggled.connect(self._noise_toggled)
        refresh = QPushButton(icon("refresh"), "")
        refresh.setToolTip("Compare the models with the database again")
        refresh.clicked.connect(self.refresh)
        row2.addWidget(refresh)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.details)
        split.setSizes([300, 100])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.source)
        layout.addWidget(self.error)
        layout.addWidget(split)
        layout.addWidget(self.hide_noise)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self._states: list[Any] = []
        self._extra: list[str] = []
        self._busy = False
        self._later = debounce(self, 120, self.refresh)
        workspace.databaseChanged.connect(self._changed)
        workspace.modelsChanged.connect(self._changed)
        workspace.modelsFailed.connect(self._models_failed)
        workspace.connectFailed.connect(self._connect_failed)
        workspace.bridge.schemaNews.connect(self._schema_news)
        self._update_buttons()

    # -- state -----------------------------------------------------------------------
    def states(self) -> dict[str, str]:
        """table -> state text, as shown (for tests)."""
        return {s.table: s.state.value for s in self._states}

    def extra_tables(self) -> list[str]:
        """The tables shown as only in the database, no model declaring them."""
        return list(self._extra)

    @Slot(object)
    def _changed(self, _obj: Any) -> None:
        self.refresh()

    @Slot(str)
    def _connect_failed(self, _text: str) -> None:
        if self.workspace.db is None:
            self._states = []
            self.tree.clear()
            self.source.setText("Not connected: connect to a database (Ctrl+O) to compare the models with it.")
            self._update_buttons()

    @Slot(str)
    def _models_failed(self, text: str) -> None:
        self.source.setText(f"Models could not be loaded: {text}")

    @Slot(object, str, tuple, str)
    def _schema_news(self, db: Any, _change: str, _tables: tuple, _origin: str) -> None:
        if self.workspace.is_current(db):
            self._later()

    @Slot()
    def refresh(self) -> None:
        db, models = self.workspace.db, self.workspace.models
        if models is None:
            return
        if db is None:
            self.source.setText(f"Models from <b>{models.source}</b>: connect to a database to compare them.")
            return
        self.source.setText(f"Models from <b>{models.source}</b>")
        strict = not self.hide_noise.isChecked()

        def work() -> Any:
            from guiapp.core.schema.modelstate import model_states, tables_only_in_database
            return model_states(db, models, strict), tables_only_in_database(db, models), _revisions(db, models)

        self.workspace.run(work, group=f"models:{id(self)}", on_done=self._show, owner=self,
                           on_error=lambda error: self.source.setText(f"Cannot compare models: {error}"))

    def _show(self, found: tuple[list[Any], list[str], str]) -> None:
        states, self._extra, revisions = found
        models = self.workspace.models
        if models is not None:
            self.source.setText(f"Models from <b>{models.source}</b>" + (f"<br>{revisions}" if revisions else ""))
        selected = self._selected_table()
        if not self._busy:
            self.error.hide()
        self._states = states
        self.tree.clear()
        for s in states:
            item = QTreeWidgetItem(self.tree, [s.label, _STATE_TEXT[s.state.value]])
            item.setIcon(1, icon(f"state-{s.state.value}"))
            item.setData(0, TABLE_ROLE, s.table)
            tip = {"missing": "Not in the database: Create makes it.",
                   "present": "In the database, as declared.",
                   "differs": "In the database, but different:\n- " + "\n- ".join(s.differences)}[s.state.value]
            item.setToolTip(0, tip)
            item.setToolTip(1, tip)
            if s.table == selected:
                self.tree.setCurrentItem(item)
        for name in self._extra:
            item = QTreeWidgetItem(self.tree, [name, ONLY_IN_DATABASE])
            item.setData(0, TABLE_ROLE, name)
            tip = ("No model declares this table: it is left alone. SQL… (all models) can drop it, "
                   "when you tick that.")
            item.setToolTip(0, tip)
            item.setToolTip(1, tip)
            item.setForeground(0, self.palette().placeholderText())
            if name == selected:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def _selected_table(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, TABLE_ROLE) if item is not None else None

    @Slot()
    def _show_details(self, *_: Any) -> None:
        table = self._selected_table()
        state = next((s for s in self._states if s.table == table), None)
        if state is None and table in self._extra:
            self.details.setPlainText(f"{table}: only in the database; no model declares it.")
        elif state is None:
            self.details.clear()
        elif state.differences:
            self.details.setPlainText(f"{state.label} differs from the database:\n- "
                                      + "\n- ".join(state.differences))
        else:
            self.details.setPlainText(f"{state.label}: {state.state.value}.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.workspace.db is not None and self.workspace.models is not None and not self._busy
        table = self._selected_table()
        state = next((s.state.value for s in self._states if s.table == table), None)
        refused = self._read_only()
        ready = ready and refused is None
        self.buttons["create"].setEnabled(ready and state == "missing")
        self.buttons["drop"].setEnabled(ready and state in ("present", "differs"))
        self.buttons["create_all"].setEnabled(ready and any(s.state.value == "missing" for s in self._states))
        self.buttons["drop_all"].setEnabled(ready and any(s.state.value != "missing" for s in self._states))
        # Reading the SQL is allowed on a read-only connection too; its dialog will not apply it.
        self.buttons["sql"].setEnabled(self.workspace.db is not None and self.workspace.models is not None
                                       and (any(s.state.value != "present" for s in self._states)
                                            or bool(self._extra)))
        for key, button in self.buttons.items():
            if key != "sql":
                button.setToolTip(refused or self._tips[key])

    def _noise_toggled(self, hide: bool) -> None:
        set_hide_dialect_noise(hide)
        self.refresh()

    def show_sql(self, everything: bool = False) -> None:
        """The statements that make the database match the selected model (or all of them)."""
        from guiapp.views.migrationdialog import MigrationDialog
        if self.workspace.db is None or self.workspace.models is None:
            return
        table = None if everything or self._selected_table() in self._extra else self._selected_table()
        MigrationDialog(self.workspace, self.workspace.models, [table] if table else None, self,
                        strict=not self.hide_noise.isChecked()).exec()

    def _read_only(self) -> str | None:
        """Why models cannot be created or dropped here, if the database is open read-only."""
        db = self.workspace.db
        if db is None or not db.options.read_only:
            return None
        why = db.read_only_note or "The connection is read-only."
        return f"{why} Models cannot be created or dropped on it."

    # -- actions -----------------------------------------------------------------------
    @Slot()
    def create_selected(self) -> None:
        table = self._selected_table()
        if table:
            self._create([table])

    @Slot()
    def create_all(self) -> None:
        self._create(None)

    @Slot()
    def drop_selected(self) -> None:
        table = self._selected_table()
        if table:
            self._drop([table])

    @Slot()
    def drop_all(self) -> None:
        self._drop(None)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _create(self, names: list[str] | None) -> None:
        """Plan on a worker, ask naming every table and the database, then create."""
        db, models = self.workspace.db, self.workspace.models
        self._plan_ask_apply(
            plan=lambda: _ddl().create_plan(db, models, names),
            ask=lambda plan: confirm.confirm_create(self, plan.tables, db.display, plan.looks_foreign),
            apply=lambda plan: _ddl().create_models(db, models, list(plan.tables)),
            verb=("create", "created", "Created"), nothing="Nothing to create: every table exists")

    def _drop(self, names: list[str] | None) -> None:
        """Plan on a worker (blocked drops fail here), ask naming tables and row counts, then drop."""
        db, models = self.workspace.db, self.workspace.models
        self._plan_ask_apply(
            plan=lambda: _ddl().drop_plan(db, models, names),
            ask=lambda plan: confirm.confirm_drop(self, plan.describe(), db.display),
            apply=lambda plan: _ddl().drop_models(db, models, [name for name, _rows in plan.tables]),
            verb=("drop", "dropped", "Dropped"), nothing="Nothing to drop")

    def _plan_ask_apply(self, plan: Callable[[], Any], ask: Callable[[Any], bool],
                        apply: Callable[[Any], list[str]], verb: tuple[str, str, str], nothing: str) -> None:
        """The shape of every change here: plan on a worker, ask on the GUI thread, apply on a worker."""
        infinitive, participle, past = verb
        refused = self._read_only()
        if refused is not None:  # the Models menu, while the buttons are disabled
            self._failed(ReadOnlyError(refused))
            return

        def planned(result: Any) -> None:
            if not result.tables:
                self._set_busy(False)
                self.workspace.message.emit(nothing)
                return
            if not ask(result):
                self._set_busy(False)
                self.workspace.message.emit(f"{infinitive.capitalize()} cancelled; nothing {participle}")
                return

            def done(names: list[str]) -> None:
                self._set_busy(False)
                self.workspace.message.emit(f"{past} {', '.join(names)}" if names else nothing)

            self.workspace.run(lambda: apply(result), on_done=done, on_error=self._failed, owner=self)

        self._set_busy(True)
        self.error.hide()
        self.workspace.run(plan, on_done=planned, on_error=self._failed, owner=self)

    def _failed(self, error: Exception) -> None:
        """Say what went wrong in the panel itself: no modal box, the panel stays usable."""
        text = str(error)
        self._set_busy(False)
        self.error.setText(text)
        self.error.show()
        self.workspace.message.emit(text)


def _ddl() -> Any:
    """guiapp.core.schema.ddl, imported on first use (it loads SQLAlchemy, which the window defers)."""
    from guiapp.core.schema import ddl
    return ddl


def _revisions(db: Any, models: Any) -> str:
    """On a worker: where the database stands against the models' migrations folder ('' without one)."""
    if not models.migrations:
        return ""
    from guiapp.core.errors import GuiappError
    from guiapp.core.schema.revisions import revision_state
    try:
        return revision_state(db, models.migrations).text()
    except GuiappError as exc:
        return f"Migrations: {exc}"
