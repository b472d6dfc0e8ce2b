"""The SQL console: an editor, results in grids, a messages pane, transactions and Stop.

Statements run on a core ScriptRunner (its own worker thread, its own connection), whose
typed messages arrive here through one queued Qt signal. Stop cancels on the server from
yet another thread, so the window never waits on the query.
"""

from __future__ import annotations

import html
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QTabWidget, QVBoxLayout, QWidget

from guiapp.core.script import STANDARD, split_script
from guiapp.itemmodels.results import ResultModel
from guiapp.views.consolebar import console_bar
from guiapp.views.resources import icon
from guiapp.views.resultpage import result_page
from guiapp.views.sqlcompleter import SqlCompleter
from guiapp.views.sqleditor import SqlEditor
from guiapp.itemmodels.handover import emit_if_alive
from guiapp.qt.appearance import colour
from guiapp.qt.workspace import Workspace

BATCH = 2000


class _Relay(QObject):
    """Carries the runner's messages to the console on the GUI thread (queued)."""

    message = Signal(object)


class ConsoleTab(QWidget):
    """One console: editor, results, messages, and its QuerySession.

    Signals:
        busyChanged(bool): a run started or ended.
        textEdited(): the editor's text changed (for saving the user's work).
        actionsChanged(): Stop, Commit or Rollback became available or not (the Query menu follows).
    """

    busyChanged = Signal(bool)
    textEdited = Signal()
    actionsChanged = Signal()

    def __init__(self, workspace: Workspace, title: str = "Console", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console")
        self.workspace = workspace
        self.title = title
        self.db = workspace.db
        self._runner: Any = None
        self._relay = _Relay(self)
        self._run_id = 0
        self._busy = False
        self._in_transaction = False
        self._autocommit = False
        self._statement: Any = None  # the statement running now
        self._base_line = 0
        self._models: dict[tuple[int, int], ResultModel] = {}
        self._pages: dict[tuple[int, int], QWidget] = {}

        self.editor = SqlEditor()
        self.completer = SqlCompleter(self.editor, workspace)
        self.editor.textChanged.connect(self.textEdited)
        self.results = QTabWidget()
        self.results.setDocumentMode(True)
        self.messages = QPlainTextEdit(readOnly=True, objectName="messages")
        self.messages.setMaximumBlockCount(5000)
        self.results.addTab(self.messages, "Messages")
        self.toolbar = console_bar(self)
        self.status = QLabel("", objectName="hint")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.editor)
        split.addWidget(self.results)
        split.setSizes([220, 380])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(split)
        layout.addWidget(self.status)

        self._relay.message.connect(self._on_message)
        workspace.databaseChanged.connect(self._database_changed)
        workspace.bridge.transactionEnded.connect(self._transaction_ended)
        self._update_actions()

    # -- toolbar -----------------------------------------------------------------------
    def _update_actions(self) -> None:
        connected = self.workspace.db is not None
        self.run_current_action.setEnabled(connected and not self._busy)
        self.run_all_action.setEnabled(connected and not self._busy)
        fetching = any(model.to_end for model in self._models.values())  # Ctrl+End reading: Stop ends it
        self.stop_action.setEnabled(self._busy or fetching)
        self.commit_action.setEnabled(self._in_transaction and not self._busy)
        self.rollback_action.setEnabled(self._in_transaction and not self._busy)
        self.autocommit.setEnabled(not self._in_transaction and not self._busy)
        self.actionsChanged.emit()

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    # -- runner ----------------------------------------------------------------------------
    def _runner_now(self) -> Any:
        """The ScriptRunner on this console's database, made on first use (it imports SQLAlchemy)."""
        if self._runner is None:
            from guiapp.core.run.query import QuerySession
            from guiapp.core.run.runner import ScriptRunner
            db, autocommit = self.db, self._autocommit
            self._runner = ScriptRunner(
                lambda: QuerySession(db, autocommit=autocommit, dedicated=True), _poster(self._relay),
                name=f"guiapp-{self.title.lower().replace(' ', '-')}")
        self._runner.row_cap = self.workspace.preferences.result_cap  # Preferences may have changed it
        return self._runner

    @property
    def _session(self) -> Any:
        return self._runner.session if self._runner is not None else None

    @Slot(object)
    def _database_changed(self, db: Any) -> None:
        self.leave(commit=False)
        self.db = db
        self._update_actions()

    def leave(self, commit: bool) -> None:
        """End this console's session on the database the window leaves, committing or rolling back
        its open transaction as the user answered, and say so here."""
        old, had = self._runner, self._in_transaction
        if old is None:
            return
        self.shutdown(commit=commit)
        self._runner = None
        self._in_transaction = False
        self._set_busy(False)
        if had:
            text = ("Committed the open transaction before leaving this database." if commit else
                    "Rolled back the open transaction: its changes were discarded before leaving this database.")
            self.say(text, None if commit else "warning")
            self.status.setText(text)

    @Slot(object, str)
    def _transaction_ended(self, session: Any, _action: str) -> None:
        if session is not None and session is self._session:
            self._in_transaction = False
            self._update_actions()

    # -- running ---------------------------------------------------------------------------
    def statement_at_cursor(self) -> tuple[str, int] | None:
        """(text, lines before it) of the selection, or else of the statement under the cursor."""
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            start = self.editor.document().findBlock(cursor.selectionStart()).blockNumber()
            return cursor.selection().toPlainText(), start
        line = cursor.blockNumber() + 1
        statements = split_script(self.editor.toPlainText(),
                                  self.db.backend.flavour if self.db is not None else STANDARD)
        chosen = next((s for s in reversed(statements) if s.line <= line), statements[0] if statements else None)
        return (chosen.sql, chosen.line - 1) if chosen is not None else None

    @Slot()
    def run_current(self) -> None:
        """The selection, or else the statement under the cursor."""
        found = self.statement_at_cursor()
        if found is None:
            self.run_text(self.editor.toPlainText())  # empty, or only comments: says there is nothing to run
            return
        self.run_text(found[0], base_line=found[1])

    @Slot()
    def explain_current(self) -> None:
        """The plan of the statement under the cursor, in a Plan tab (the statement is not run)."""
        from guiapp.views.planview import explain_into
        explain_into(self, self.statement_at_cursor())

    @Slot()
    def run_all(self) -> None:
        self.run_text(self.editor.toPlainText(), base_line=0)

    def run_text(self, text: str, base_line: int = 0) -> None:
        """Run a script on the worker; results and messages arrive by signal.

        DROP, TRUNCATE, and DELETE or UPDATE without WHERE ask first, naming what they destroy.
        """
        if self._busy or self.db is None:
            return
        if not text.strip():
            self.status.setText("Nothing to run: the editor is empty.")
            return
        from guiapp.views.confirm import confirm_destructive
        doomed = [f"statement {s.number}: {s.destroys}"
                  for s in split_script(text, self.db.backend.flavour) if s.destroys]
        if doomed and not confirm_destructive(self, doomed, self.db.display):
            self.status.setText("Not run: the destructive statement was not confirmed.")
            return
        self._base_line = base_line
        self._close_results()
        self.editor.mark_line(None)
        self.messages.clear()
        self.results.setCurrentWidget(self.messages)
        self._set_busy(True)
        self.status.setText("Running…")
        self._run_id = self._runner_now().run(text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()
        self.busyChanged.emit(busy)

    def _close_results(self) -> None:
        for i in range(self.results.count() - 1, -1, -1):
            widget = self.results.widget(i)
            if widget is not self.messages:
                self.results.removeTab(i)
                widget.deleteLater()
        for model in self._models.values():
            model.finish()
        self._models.clear()
        self._pages.clear()

    # -- reports (GUI thread) ----------------------------------------------------------------
    @Slot(object)
    def _on_message(self, message: Any) -> None:
        from guiapp.core.run import runner as m
        if message.run != self._run_id:
            return  # a run this console has moved on from
        if isinstance(message, m.StatementStarted):
            self._statement = message.statement  # where the result sets that follow come from
            self._on_started(message.statement.number, message.statement.sql)
        elif isinstance(message, m.ResultStarted):
            self._on_result_set(message.run, message.index, message.columns)
        elif isinstance(message, m.RowsFetched):
            model = self._models.get((message.run, message.index))
            if model is not None:
                model.append(message.rows, message.done)
        elif isinstance(message, m.StatementFinished):
            statement = message.statement
            self.say(f"Statement {statement.number} (line {statement.line + self._base_line}): {message.summary}"
                     if statement is not None else message.summary)
        elif isinstance(message, m.Notice):
            self.say(f"Warning: {message.text}", "warning")
            if message.server and message.index is not None:
                self._mark_result(message.run, message.index, message.text)
        elif isinstance(message, m.StatementFailed):
            self._on_failed(message.error, message.cancelled)
        elif isinstance(message, m.RunFinished):
            self._on_finished(message.in_transaction, message.seconds)

    def say(self, text: str, tone: str | None = None) -> None:
        """A line in the Messages pane (escaped: never read as HTML), in the theme's ``tone`` colour
        ('warning', 'error') if given."""
        safe = html.escape(text).replace("\n", "<br>")
        self.messages.appendHtml(f'<span style="color:{colour(tone)}">{safe}</span>' if tone else safe)

    def _on_started(self, number: int, sql: str) -> None:
        first = sql.strip().splitlines()[0] if sql.strip() else ""
        self.status.setText(f"Running statement {number}: {first[:80]}")

    def _on_result_set(self, run: int, index: int, columns: Any) -> None:
        model = ResultModel(columns, self, cap=self.workspace.preferences.result_cap)
        self._models[(run, index)] = model
        model.fetchingChanged.connect(lambda _on: self._update_actions())
        page = result_page(self, model, self._statement, lambda: self._fetch_more(run, index))
        self._pages[(run, index)] = page
        self.results.addTab(page, icon("table"), f"Result {index + 1}")
        if index == 0:
            self.results.setCurrentWidget(page)

    def _mark_result(self, run: int, index: int, text: str) -> None:
        """A server warning about a result's rows: said on its tab and above its grid, not only
        on Messages (MariaDB's max_recursive_iterations cuts a recursive CTE short)."""
        from guiapp.views.resultpage import mark_warned
        page = self._pages.get((run, index))
        if page is None:
            return
        mark_warned(page, text)
        tab = self.results.indexOf(page)
        if tab >= 0:
            self.results.setTabText(tab, f"Result {index + 1} ⚠")
            self.results.setTabToolTip(tab, text)

    def _fetch_more(self, run: int, index: int) -> None:
        model = self._models.get((run, index))
        if model is None or self._runner is None:
            return
        self._runner.fetch_more(run, index, max(1, min(BATCH, model.cap - model.rowCount())))

    def _on_failed(self, error: Any, cancelled: bool) -> None:
        if cancelled:
            self.say("Query cancelled.", "warning")
            return
        line = error.line or 0
        self.say(f"Error{f' at line {line + self._base_line}' if line else ''}: {error}", "error")
        if line:
            self.editor.mark_line(line + self._base_line)
        self.results.setCurrentWidget(self.messages)

    def _on_finished(self, in_transaction: bool, seconds: float) -> None:
        self._in_transaction = in_transaction
        self._set_busy(False)
        tx = "  Transaction open: Commit or Rollback." if in_transaction else ""
        self.status.setText(f"Finished in {seconds * 1000:.0f} ms.{tx}")

    # -- stop and transactions --------------------------------------------------------------
    @Slot()
    def stop(self) -> None:
        """Cancel the running statement on the server, from a thread of its own; stop fetching to the end."""
        for model in self._models.values():
            model.stop_fetching()
        if not self._busy or self._runner is None:
            return
        self.status.setText("Stopping…")
        self.workspace.run(self._runner.stop)

    @Slot()
    def commit(self) -> bool:
        """Commit the open transaction on the worker; False if there is nothing to commit."""
        return self._end_transaction("commit")

    @Slot()
    def rollback(self) -> None:
        self._end_transaction("rollback")

    def _end_transaction(self, action: str) -> bool:
        if self._runner is None or self._session is None or self._busy:
            return False
        self._set_busy(True)
        self._run_id = getattr(self._runner, action)()
        return True

    @Slot(bool)
    def _autocommit_toggled(self, on: bool) -> None:
        self._autocommit = on
        if self._runner is not None:
            self._runner.set_autocommit(on)

    def shutdown(self, commit: bool = False) -> None:
        """Cancel what runs, commit or roll back, and stop the worker (the tab or window is closing)."""
        runner = self._runner
        if runner is not None and self._busy:
            runner.stop_async()  # KILL QUERY opens a connection: never on the GUI thread
        for model in self._models.values():
            model.finish()
        if runner is not None:
            runner.shutdown(commit=commit)

    def wait_closed(self, seconds: float) -> None:
        """Wait (bounded) until the worker has committed or rolled back after shutdown()."""
        if self._runner is not None:
            self._runner.wait(seconds)


def _poster(relay: _Relay) -> Callable[[Any], None]:
    """The runner's post(): hands a message to the relay, or drops it once the tab is gone
    (the runner lives on to end its transaction and give its connection back)."""
    def post(message: Any) -> None:
        emit_if_alive(relay, relay.message, message)
    return post
