"""The SQL console: an editor, results in grids, a messages pane, transactions and Stop.

Statements run on the console's own worker thread, one job at a time, over a
QuerySession (its connection is checked out per job, or held while a
transaction is open). Stop cancels on the server from yet another thread, so
the window never waits on the query.
"""

from __future__ import annotations

import html
import queue
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QTextCursor, QTextFormat
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter,
                               QTableView, QTabWidget, QTextEdit, QToolBar, QVBoxLayout, QWidget)

from guiapp.core.redact import log_bug
from guiapp.itemmodels.results import ROW_CAP, ResultModel
from guiapp.views.resources import icon
from guiapp.views.sqlhighlight import SqlHighlighter
from guiapp.views.gridutil import fit_columns
from guiapp.qt.workspace import Workspace

FIRST_BATCH = 500
BATCH = 2000


class SerialWorker:
    """One daemon thread running submitted calls in order: the console's statements,
    fetches and commits never overlap on its session.

    A daemon thread, unlike concurrent.futures', is never joined at interpreter exit,
    so quitting cannot hang behind a server that stopped answering.
    """

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        self._queue.put((fn, args))

    def shutdown(self) -> None:
        self._queue.put(None)

    def join(self, seconds: float) -> None:
        self._thread.join(seconds)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            fn, args = item
            try:
                fn(*args)
            except BaseException as exc:  # every job reports its own errors; never kill the worker
                log_bug(exc)


class _Relay(QObject):
    """Carries the worker's reports to the console on the GUI thread (queued)."""

    started = Signal(int, int, int, str)            # run, statement no, line, sql
    resultSet = Signal(int, int, object)            # run, result index, columns
    rows = Signal(int, int, object, bool)           # run, result index, rows, done
    statementDone = Signal(int, int, int, str)      # run, statement no, line, summary
    warning = Signal(int, str)                      # run, text
    failed = Signal(int, int, str, bool)            # run, line (0: none), message, cancelled
    finished = Signal(int, bool, float)             # run, in transaction, seconds


class SqlEditor(QPlainTextEdit):
    """A plain-text SQL editor with highlighting and a monospace font."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sqlEditor")
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setPlaceholderText("Type SQL here. Ctrl+Enter runs the statement under the cursor "
                                "(or the selection), Ctrl+Shift+Enter runs everything, Esc stops.")
        self.highlighter = SqlHighlighter(self.document())

    def mark_line(self, line: int | None) -> None:
        """Highlight a 1-based line (an error), or clear the mark."""
        if line is None:
            self.setExtraSelections([])
            return
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(QColor("#fde1dd"))
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.cursor = QTextCursor(block)
        self.setExtraSelections([sel])
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()


class ConsoleTab(QWidget):
    """One console: editor, results, messages, and its QuerySession.

    Signals:
        busyChanged(bool): a run started or ended.
        textEdited(): the editor's text changed (for saving the user's work).
    """

    busyChanged = Signal(bool)
    textEdited = Signal()

    def __init__(self, workspace: Workspace, title: str = "Console", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console")
        self.workspace = workspace
        self.title = title
        self.db = workspace.db
        self._session: Any = None
        self._executor = SerialWorker(f"guiapp-{title.lower().replace(' ', '-')}")
        self._relay = _Relay(self)
        self._run_id = 0
        self._busy = False
        self._in_transaction = False
        self._autocommit = False
        self._base_line = 0
        self._open: dict[tuple[int, int], Any] = {}      # (run, index) -> core Result still streaming
        self._models: dict[tuple[int, int], ResultModel] = {}

        self.editor = SqlEditor()
        self.editor.textChanged.connect(self.textEdited)
        self.results = QTabWidget()
        self.results.setDocumentMode(True)
        self.messages = QPlainTextEdit(readOnly=True, objectName="messages")
        self.messages.setMaximumBlockCount(5000)
        self.results.addTab(self.messages, "Messages")
        self.toolbar = self._make_toolbar()
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

        r = self._relay
        r.started.connect(self._on_started)
        r.resultSet.connect(self._on_result_set)
        r.rows.connect(self._on_rows)
        r.statementDone.connect(self._on_statement_done)
        r.warning.connect(self._on_warning)
        r.failed.connect(self._on_failed)
        r.finished.connect(self._on_finished)
        workspace.databaseChanged.connect(self._database_changed)
        workspace.bridge.transactionEnded.connect(self._transaction_ended)
        self._update_actions()

    # -- toolbar -----------------------------------------------------------------------
    def _action(self, icon_name: str, text: str, shortcut: str | None, slot: Callable[[], None]) -> QAction:
        # The shortcut itself lives on the main window's Query menu (one owner, no ambiguity).
        action = QAction(icon(icon_name), text, self)
        if shortcut:
            action.setToolTip(f"{text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.run_current_action = self._action("run", "Run", "Ctrl+Return", self.run_current)
        self.run_all_action = self._action("run-all", "Run all", "Ctrl+Shift+Return", self.run_all)
        self.stop_action = self._action("stop", "Stop", "Esc", self.stop)
        self.commit_action = self._action("commit", "Commit", None, self.commit)
        self.rollback_action = self._action("rollback", "Rollback", None, self.rollback)
        self.autocommit = QCheckBox("Autocommit")
        self.autocommit.setToolTip("Commit every statement at once. Off: changes wait for Commit or Rollback.")
        self.autocommit.toggled.connect(self._autocommit_toggled)
        for action in (self.run_current_action, self.run_all_action, self.stop_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(self.autocommit)
        bar.addAction(self.commit_action)
        bar.addAction(self.rollback_action)
        return bar

    def _update_actions(self) -> None:
        connected = self.workspace.db is not None
        self.run_current_action.setEnabled(connected and not self._busy)
        self.run_all_action.setEnabled(connected and not self._busy)
        self.stop_action.setEnabled(self._busy)
        self.commit_action.setEnabled(self._in_transaction and not self._busy)
        self.rollback_action.setEnabled(self._in_transaction and not self._busy)
        self.autocommit.setEnabled(not self._in_transaction and not self._busy)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    # -- session -------------------------------------------------------------------------
    def _session_for(self) -> Any:
        """The QuerySession, created on the worker the first time (it imports SQLAlchemy)."""
        if self._session is None or self._session.db is not self.db:
            from guiapp.core.query import QuerySession
            self._session = QuerySession(self.db, autocommit=self._autocommit, dedicated=True)
        return self._session

    @Slot(object)
    def _database_changed(self, db: Any) -> None:
        old, self.db = self._session, db
        self._session = None
        self._in_transaction = False
        if old is not None:
            self._executor.submit(old.close)
        self._update_actions()

    @Slot(object, str)
    def _transaction_ended(self, session: Any, _action: str) -> None:
        if session is self._session:
            self._in_transaction = False
            self._update_actions()

    # -- running ---------------------------------------------------------------------------
    @Slot()
    def run_current(self) -> None:
        """The selection, or else the statement under the cursor."""
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            start = self.editor.document().findBlock(cursor.selectionStart()).blockNumber()
            text = cursor.selection().toPlainText()
            self.run_text(text, base_line=start)
            return
        from guiapp.core.script import STANDARD, split_script
        full = self.editor.toPlainText()
        line = cursor.blockNumber() + 1
        statements = split_script(full, self.db.backend.flavour if self.db is not None else STANDARD)
        chosen = None
        for statement in statements:
            if statement.line <= line:
                chosen = statement
        if chosen is None and statements:
            chosen = statements[0]
        if chosen is None:
            self.run_text(full)  # empty, or only comments: says there is nothing to run
            return
        self.run_text(chosen.sql, base_line=chosen.line - 1)

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
        from guiapp.core.script import split_script
        from guiapp.views.confirm import confirm_destructive
        doomed = [f"statement {s.number}: {s.destroys}"
                  for s in split_script(text, self.db.backend.flavour) if s.destroys]
        if doomed and not confirm_destructive(self, doomed, self.db.display):
            self.status.setText("Not run: the destructive statement was not confirmed.")
            return
        self._run_id += 1
        run = self._run_id
        self._base_line = base_line
        self._close_results()
        self.editor.mark_line(None)
        self.messages.clear()
        self.results.setCurrentWidget(self.messages)
        self._set_busy(True)
        self.status.setText("Running…")
        self._executor.submit(self._work, run, text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()
        self.busyChanged.emit(busy)

    def _work(self, run: int, text: str) -> None:
        """Runs on the console's worker thread."""
        from guiapp.core.errors import GuiappError, QueryCancelledError
        from guiapp.core.script import script_statements
        relay = self._relay
        started = time.perf_counter()
        session = None
        try:
            self._drain_open()
            session = self._session_for()
            statements = script_statements(text, session.db.backend.flavour)
            with_rows = 0
            for position, statement in enumerate(statements):
                relay.started.emit(run, statement.number, statement.line, statement.sql)
                result = session.execute(statement)
                last = position == len(statements) - 1
                if result.has_rows:
                    index = with_rows
                    with_rows += 1
                    relay.resultSet.emit(run, index, result.columns)
                    rows = result.fetch(FIRST_BATCH)
                    relay.rows.emit(run, index, rows, result.done)
                    if not result.done and last:
                        self._open[(run, index)] = result  # the view fetches more on scroll
                    else:
                        fetched = len(rows)
                        while not result.done and fetched < ROW_CAP:
                            batch = result.fetch(BATCH)
                            fetched += len(batch)
                            relay.rows.emit(run, index, batch, result.done)
                        if not result.done:
                            result.close()
                            relay.warning.emit(run, f"Statement {statement.number}: only the first "
                                                    f"{fetched:,} rows were kept; run it alone to page through all.")
                relay.statementDone.emit(run, statement.number, statement.line, _summary(result))
                for text_warning in result.notices + result.warnings:
                    relay.warning.emit(run, f"Statement {statement.number}: {text_warning}")
        except GuiappError as exc:
            relay.failed.emit(run, exc.line or 0, str(exc), isinstance(exc, QueryCancelledError))
        except BaseException as exc:  # a bug: say it plainly, keep the console usable
            relay.failed.emit(run, 0, f"Unexpected {exc.__class__.__name__}: {exc}", False)
        finally:
            in_tx = bool(session is not None and session.in_transaction)
            relay.finished.emit(run, in_tx, time.perf_counter() - started)

    def _drain_open(self) -> None:
        """Close results still streaming from an earlier run (worker thread)."""
        open_results, self._open = self._open, {}
        for result in open_results.values():
            if not result.done:
                if self._session is not None:
                    self._session.cancel()  # so closing does not read a huge rest
                try:
                    result.close()
                except Exception:
                    pass

    def _close_results(self) -> None:
        for i in range(self.results.count() - 1, -1, -1):
            widget = self.results.widget(i)
            if widget is not self.messages:
                self.results.removeTab(i)
                widget.deleteLater()
        for model in self._models.values():
            model.finish()
        self._models.clear()

    # -- reports (GUI thread) ----------------------------------------------------------------
    def _say(self, text: str, color: str | None = None) -> None:
        safe = html.escape(text).replace("\n", "<br>")
        self.messages.appendHtml(f'<span style="color:{color}">{safe}</span>' if color else safe)

    @Slot(int, int, int, str)
    def _on_started(self, run: int, number: int, line: int, sql: str) -> None:
        if run == self._run_id:
            first = sql.strip().splitlines()[0] if sql.strip() else ""
            self.status.setText(f"Running statement {number}: {first[:80]}")

    @Slot(int, int, object)
    def _on_result_set(self, run: int, index: int, columns: Any) -> None:
        if run != self._run_id:
            return
        model = ResultModel(columns, self)
        self._models[(run, index)] = model
        view = QTableView()
        view.setObjectName("resultGrid")
        view.setModel(model)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(22)
        more = QLabel(objectName="hint")
        fetch_more = QPushButton("Fetch more")
        fetch_all = QPushButton("Fetch all")
        fetch_more.clicked.connect(lambda: model.raise_cap(ROW_CAP))
        fetch_all.clicked.connect(lambda: model.raise_cap(None))
        footer = QHBoxLayout()
        footer.addWidget(more, 1)
        footer.addWidget(fetch_more)
        footer.addWidget(fetch_all)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(view)
        page_layout.addLayout(footer)

        def shown(count: int, more_left: bool) -> None:
            capped = more_left and count >= model.cap
            more.setText(f"{count:,} row{'' if count == 1 else 's'} shown"
                         + (", more on the server" if more_left else ""))
            fetch_more.setVisible(capped)
            fetch_all.setVisible(capped)

        model.shownChanged.connect(shown)
        model.shownChanged.connect(lambda count, _more: count and not view.property("sized") and (
            view.setProperty("sized", True), fit_columns(view)))
        model.moreWanted.connect(lambda: self._fetch_more(run, index))
        to_end = QAction("Fetch to the last row", view)
        to_end.setShortcut(QKeySequence("Ctrl+End"))
        to_end.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        to_end.triggered.connect(lambda _checked=False: model.fetch_to_end())
        view.addAction(to_end)
        model.reachedEnd.connect(lambda: view.scrollToBottom() or view.setCurrentIndex(
            model.index(model.rowCount() - 1, max(view.currentIndex().column(), 0))))
        shown(0, True)
        self.results.addTab(page, icon("table"), f"Result {index + 1}")
        if index == 0:
            self.results.setCurrentWidget(page)

    def _fetch_more(self, run: int, index: int) -> None:
        result = self._open.get((run, index))
        if result is None:
            model = self._models.get((run, index))
            if model is not None:
                model.finish()
            return
        relay = self._relay
        model = self._models.get((run, index))
        size = BATCH if model is None else max(1, min(BATCH, model.cap - model.rowCount()))

        def work() -> None:
            from guiapp.core.errors import GuiappError
            try:
                rows = result.fetch(size)
                relay.rows.emit(run, index, rows, result.done)
                if result.done:
                    self._open.pop((run, index), None)
            except GuiappError as exc:
                self._open.pop((run, index), None)
                relay.rows.emit(run, index, [], True)
                relay.failed.emit(run, 0, str(exc), False)

        self._executor.submit(work)

    @Slot(int, int, object, bool)
    def _on_rows(self, run: int, index: int, rows: Any, done: bool) -> None:
        model = self._models.get((run, index))
        if model is not None:
            model.append(rows, done)

    @Slot(int, int, int, str)
    def _on_statement_done(self, run: int, number: int, line: int, summary: str) -> None:
        if run == self._run_id:
            # number 0: not a statement of the script (Commit, Rollback): the summary alone
            self._say(f"Statement {number} (line {line + self._base_line}): {summary}" if number else summary)

    @Slot(int, str)
    def _on_warning(self, run: int, text: str) -> None:
        if run == self._run_id:
            self._say(f"Warning: {text}", "#8a5a00")

    @Slot(int, int, str, bool)
    def _on_failed(self, run: int, line: int, message: str, cancelled: bool) -> None:
        if run != self._run_id:
            return
        if cancelled:
            self._say("Query cancelled.", "#8a5a00")
            return
        where = f" at line {line + self._base_line}" if line else ""
        self._say(f"Error{where}: {message}", "#b3261e")
        if line:
            self.editor.mark_line(line + self._base_line)
        self.results.setCurrentWidget(self.messages)

    @Slot(int, bool, float)
    def _on_finished(self, run: int, in_transaction: bool, seconds: float) -> None:
        if run != self._run_id:
            return
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
        if not self._busy or self._session is None:
            return
        session = self._session
        self.status.setText("Stopping…")
        self.workspace.run(session.cancel)

    @Slot()
    def commit(self) -> None:
        self._end_transaction("commit")

    @Slot()
    def rollback(self) -> None:
        self._end_transaction("rollback")

    def _end_transaction(self, action: str) -> None:
        session = self._session
        if session is None:
            return
        relay, run = self._relay, self._run_id

        def work() -> None:
            from guiapp.core.errors import GuiappError
            try:
                self._drain_open()
                getattr(session, action)()
                relay.statementDone.emit(run, 0, 0, f"{action.capitalize()} done.")
            except GuiappError as exc:
                relay.failed.emit(run, 0, str(exc), False)
            finally:
                relay.finished.emit(run, session.in_transaction, 0.0)

        self._set_busy(True)
        self._executor.submit(work)

    @Slot(bool)
    def _autocommit_toggled(self, on: bool) -> None:
        self._autocommit = on
        session = self._session
        if session is not None:
            self._executor.submit(session.set_autocommit, on)

    def shutdown(self, commit: bool = False) -> None:
        """Cancel what runs, commit or roll back, and stop the worker (the tab or window is closing)."""
        session = self._session
        if session is not None and self._busy:
            # KILL QUERY opens a connection: never on the GUI thread, even while closing.
            threading.Thread(target=_quietly, args=(session.cancel,), daemon=True).start()
        for model in self._models.values():
            model.finish()

        def close() -> None:
            self._open.clear()
            if session is not None:
                if commit:
                    session.commit()
                session.close()

        self._executor.submit(close)
        self._executor.shutdown()

    def wait_closed(self, seconds: float) -> None:
        """Wait (bounded) until the worker has committed or rolled back after shutdown()."""
        self._executor.join(seconds)


def _quietly(fn: Callable[[], Any]) -> None:
    """Run ``fn`` ignoring errors: best effort while the console goes away."""
    try:
        fn()
    except Exception:
        pass


def _summary(result: Any) -> str:
    seconds = result.elapsed + result.fetch_elapsed
    took = f"{seconds * 1000:.1f} ms"
    if result.has_rows:
        more = "" if result.done else "+"
        return f"{result.rowcount:,}{more} rows, {took}"
    if result.rowcount >= 0:
        return f"{result.rowcount:,} row{'s' if result.rowcount != 1 else ''} affected, {took}"
    return f"done, {took}"
