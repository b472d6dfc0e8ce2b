"""Following foreign keys in the grid as a user does: Ctrl+click, the context menu, Alt+Left back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from tests.helpers.gui import focus, open_table

pytestmark = pytest.mark.gui


@pytest.fixture
def shop(db, open_window, qtbot):
    md = sa.MetaData()
    customers = sa.Table("customers", md, sa.Column("id", sa.Integer, primary_key=True),
                         sa.Column("name", sa.String(20)))
    orders = sa.Table("orders", md, sa.Column("id", sa.Integer, primary_key=True),
                      sa.Column("customer_id", sa.ForeignKey("customers.id")), sa.Column("total", sa.Integer))
    with db.engine.begin() as conn:
        md.create_all(conn)
        conn.execute(customers.insert(), [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Grace"}])
        conn.execute(orders.insert(), [{"id": 10, "customer_id": 2, "total": 5},
                                       {"id": 11, "customer_id": 1, "total": 7},
                                       {"id": 12, "customer_id": 2, "total": 9},
                                       {"id": 13, "customer_id": None, "total": 1}])
    window = open_window(db.url.render_as_string(hide_password=False))
    return window


def loaded(qtbot, page, rows: int):
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (rows, True)
                    and page.data_tab.model.row_values(rows - 1) is not None, timeout=10000)
    return page.data_tab


def column_values(tab, column: int) -> list:
    model = tab.model
    return [model.cell_value(model.index(r, column)) for r in range(model.total[0])]


def test_ctrl_click_follows_a_foreign_key_and_alt_left_comes_back(shop, qtbot) -> None:
    window = shop
    orders_page = open_table(window, qtbot, "orders")
    orders = loaded(qtbot, orders_page, 4)
    rect = orders.view.visualRect(orders.model.index(0, 1))  # order 10, customer 2
    qtbot.mouseClick(orders.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     rect.center())
    qtbot.waitUntil(lambda: getattr(window.tabs.currentWidget(), "name", None) == "customers", timeout=10000)
    customers = loaded(qtbot, window.tabs.currentWidget(), 1)
    assert column_values(customers, 1) == ["Grace"]
    assert [e.text() for e in customers.filters.edits] == ["=2", ""]  # the user sees why
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is orders_page
    assert (orders.view.currentIndex().row(), orders.view.currentIndex().column()) == (0, 1)


def test_a_null_key_or_a_plain_column_says_there_is_nothing_to_follow(shop, qtbot) -> None:
    window = shop
    orders_page = open_table(window, qtbot, "orders")
    orders = loaded(qtbot, orders_page, 4)
    for row, column, message in ((3, 1, "customer_id is NULL: it points at no row."),
                                 (0, 2, "total is not part of a foreign key: there is nothing to follow.")):
        orders.view.setCurrentIndex(orders.model.index(row, column))
        orders.links.follow.trigger()  # Follow foreign key, from the grid's context menu
        assert orders.error.text() == message and window.tabs.currentWidget() is orders_page


def test_referenced_by_opens_the_rows_that_point_at_this_one(shop, qtbot) -> None:
    window = shop
    customers = loaded(qtbot, open_table(window, qtbot, "customers"), 2)
    qtbot.waitUntil(lambda: customers.links.referenced.isEnabled(), timeout=10000)
    customers.view.setCurrentIndex(customers.model.index(1, 1))  # Grace
    items = customers.links.referenced_menu.actions()
    assert [a.text() for a in items] == ["orders (customer_id)"]
    items[0].trigger()
    qtbot.waitUntil(lambda: getattr(window.tabs.currentWidget(), "name", None) == "orders", timeout=10000)
    orders = loaded(qtbot, window.tabs.currentWidget(), 2)
    assert column_values(orders, 0) == [10, 12]
