"""A statement's plan as a tree (Explain in the console): each step with the rows and cost expected."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget


class PlanView(QTreeWidget):
    """Steps of a plan, children under the step that uses them, everything expanded."""

    def __init__(self, nodes: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planView")
        self.setHeaderLabels(["Step", "Rows", "Cost", "Detail"])
        self.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for node in nodes:
            self.addTopLevelItem(self._item(node))
        self.expandAll()
        for column in range(3):
            self.resizeColumnToContents(column)

    def _item(self, node: Any) -> QTreeWidgetItem:
        item = QTreeWidgetItem([node.step, _figure(node.rows), _figure(node.cost), node.detail])
        item.setToolTip(3, node.detail)
        for child in node.children:
            item.addChild(self._item(child))
        return item

    def steps(self) -> list[tuple[int, str, str]]:
        """(depth, step, detail) of every row, top to bottom (what a reader sees)."""
        found: list[tuple[int, str, str]] = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            found.append((depth, item.text(0), item.text(3)))
            for i in range(item.childCount()):
                walk(item.child(i), depth + 1)
        for i in range(self.topLevelItemCount()):
            walk(self.topLevelItem(i), 0)
        return found


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.2f}"


def explain_into(console: Any, found: tuple[str, int] | None) -> None:
    """Read the plan of ``found`` (a console's statement) on a worker and show it in a Plan tab."""
    from guiapp.core.schema.explain import explain
    db = console.db
    if found is None or db is None:
        console.say("Nothing to explain: put the cursor in a statement.", "warning")
        return

    console.status.setText("Explaining…")  # never the previous run's outcome beside this plan

    def show(nodes: Any) -> None:
        console.results.setCurrentIndex(console.results.addTab(PlanView(nodes), "Plan"))
        console.status.setText("The plan of the statement, which was not run.")

    def failed(error: Any) -> None:
        console.say(f"Explain: {error}", "error")
        console.results.setCurrentWidget(console.messages)
        console.status.setText(f"Explain: {error}")
    console.workspace.run(lambda: explain(db, found[0]), on_done=show, owner=console, on_error=failed)
