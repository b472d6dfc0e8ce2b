"""``guiapp query``: a script through the shared ScriptRunner, its rows printed as they arrive."""

from __future__ import annotations

import sys
import threading
from typing import Any, BinaryIO, Callable

import click

from guiapp.cli import _state, cli
from guiapp.core.errors import GuiappError
from guiapp.core.run.worker import in_background


def _decode_script(data: bytes, where: str) -> str:
    """A script's text exactly as stored: CR LF inside a string literal stays CR LF."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{where} is not UTF-8 text (byte {exc.start}): save it as UTF-8.") from None


def _read_sql(sql: str | None, file: BinaryIO | None) -> str:
    if sql is not None and file is not None:
        raise click.UsageError("Give SQL as an argument or with --file, not both.")
    if file is not None:
        return _decode_script(file.read(), getattr(file, "name", "the script"))
    if sql is None or sql == "-":
        if sys.stdin.isatty():
            raise click.UsageError("Give SQL as an argument, with --file, or on standard input.")
        return _decode_script(sys.stdin.buffer.read(), "standard input")
    return sql


def _run_cancellable(work: Callable[[], Any], cancel: Callable[[], Any]) -> Any:
    """Run ``work`` on a worker so that the main thread stays free to take Ctrl-C (or SIGTERM):
    that cancels it on the server and waits until it has cleaned up (a partial export removed)
    before saying so."""
    ticket = in_background("guiapp-cli", work, report=False)
    try:
        while not ticket.wait(0.2):
            pass
    except KeyboardInterrupt:
        cancel()
        ticket.wait(10)
        raise click.ClickException("Query cancelled.") from None
    return ticket.result()


@cli.command()
@click.argument("sql", required=False)
@click.option("-f", "--file", type=click.File("rb"), help="Read the script from a file ('-' for stdin).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--rollback", is_flag=True, help="Roll back instead of committing (a dry run).")
@click.option("--timing/--no-timing", default=True, help="Print row counts and timings on stderr.")
@click.option("--yes", "-y", is_flag=True, help="Run DROP, TRUNCATE and DELETE/UPDATE without WHERE "
                                                 "without asking (on a terminal guiapp asks first).")
def query(sql: str | None, file: BinaryIO | None, fmt: str, rollback: bool, timing: bool, yes: bool) -> None:
    """Run SQL (one statement or a script) and print each result.

    Results stream in batches. Changes are committed at the end unless a
    statement fails or --rollback is given. Ctrl-C cancels on the server.
    """
    from guiapp.core.run.query import QuerySession, ends_transaction
    from guiapp.core.run.runner import ScriptRunner
    from guiapp.core.script import script_statements
    text = _read_sql(sql, file)
    db = _state().database()
    from guiapp.core.store.history import record_queries
    record_queries()  # the window's History panel lists what ran here too
    statements = script_statements(text, db.backend.flavour)
    doomed = [f"statement {s.number}: {s.destroys}" for s in statements if s.destroys]
    if doomed and not yes and not rollback and sys.stdin.isatty():
        click.echo("\n".join(doomed), err=True)
        if not click.confirm(f"Run on {db.display}? This deletes data", default=False, err=True):
            raise click.ClickException("Nothing was run (not confirmed; --yes skips the question).")
    if rollback:
        for statement in statements:
            if ends_transaction(db, statement):
                raise click.ClickException(
                    f"--rollback cannot undo statement {statement.number} (line {statement.line}, "
                    f"{statement.keyword}): it commits on its own on {db.backend.name}, with everything "
                    "before it. Nothing was run.")
    printer = _ResultPrinter(fmt, timing)
    runner = ScriptRunner(lambda: QuerySession(db, ends_by_hand=False), printer.post, name="guiapp-query", row_cap=None,
                          keep_last_open=False, first_batch=1000, batch=1000)
    printer.cancel = runner.stop

    def work() -> None:
        try:
            finished = printer.wait(runner.run(text))
            if printer.error is None and finished.in_transaction:
                printer.wait(runner.rollback() if rollback else runner.commit())
                if rollback:
                    click.echo("-- rolled back: nothing was changed", err=True)
        finally:
            if printer.error is not None or printer.broken:
                runner.rollback()
            runner.shutdown()
            runner.wait(30)
        if printer.broken:
            raise BrokenPipeError
        if printer.error is not None:
            raise printer.error

    _run_cancellable(work, runner.stop)


class _ResultPrinter:
    """Writes a runner's messages as ``guiapp query`` prints them: rows on stdout as they
    arrive, counts and timings on stderr. Runs on the runner's thread."""

    def __init__(self, fmt: str, timing: bool) -> None:
        self.fmt, self.timing = fmt, timing
        self.out = click.get_text_stream("stdout")
        self.error: GuiappError | None = None
        self.broken = False  # stdout was closed (| head): stop quietly
        self.cancel: Callable[[], Any] = lambda: None
        self._writer: Any = None
        self._finished: dict[int, Any] = {}
        self._ended = threading.Condition()

    def post(self, message: Any) -> None:
        from guiapp.core.run import runner as m
        from guiapp.core.data.output import make_writer
        try:
            if isinstance(message, m.ResultStarted) and not self.broken:
                hint = {"hint": "--format csv or json shows every value whole"} if self.fmt == "table" else {}
                self._writer = make_writer(self.fmt, self.out, message.columns, **hint)
            elif isinstance(message, m.RowsFetched) and self._writer is not None and not self.broken:
                self._writer.write(message.rows)
                if message.done:
                    self._writer.close()
            elif isinstance(message, m.StatementFinished) and self.timing and message.statement is not None:
                click.echo(f"-- statement {message.statement.number}: {message.summary}", err=True)
            elif isinstance(message, m.Notice) and (self.timing or message.server):
                # The server's warnings always: one may say that the rows above are incomplete.
                click.echo(f"-- {message.text}", err=True)
        except BrokenPipeError:
            self.broken = True
            in_background("guiapp-query-stop", self.cancel)
        if isinstance(message, m.StatementFailed):
            self.error = message.error
        elif isinstance(message, m.RunFinished):
            with self._ended:
                self._finished[message.run] = message
                self._ended.notify_all()

    def wait(self, run: int) -> Any:
        """The RunFinished of ``run``, once it has come."""
        with self._ended:
            self._ended.wait_for(lambda: run in self._finished)
            return self._finished[run]
