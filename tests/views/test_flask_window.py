"""The window `flask guiapp` opens: on the app's database, with its Flask-SQLAlchemy models in the
Models panel, and a receiver of the app that sees current_app while the window's workers run."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from guiapp.core.connect.database import Database

pytestmark = pytest.mark.gui


def test_the_window_shows_the_apps_models_and_creates_them_in_its_context(db: Database, open_window, qtbot,
                                                                             dialogs, monkeypatch) -> None:
    from guiapp import signals
    from guiapp.cli.flaskapp import app_database
    from guiapp.core.schema.modelload import provide_models
    from tests.flaskapp import shop

    monkeypatch.setenv("SHOP_DATABASE_URL", db.url.render_as_string(hide_password=False))
    app = shop.create_app()
    seen: list[str] = []

    def receiver(_sender: object, table: str, **_kw: object) -> None:
        from flask import current_app
        seen.append(f"{current_app.name}:{table}")
    signals.table_created.connect(receiver)
    try:
        with app.app_context():  # as guiapp_command runs the window
            url, declared = app_database(app, None)
            window = open_window(url, provide_models(declared))
            panel = window.models
            qtbot.waitUntil(lambda: set(panel.states()) == {"shop_customers", "shop_purchases"}, timeout=15000)
            assert "Customer (shop_customers)" in [panel.tree.topLevelItem(i).text(0)
                                                   for i in range(panel.tree.topLevelItemCount())]
            dialogs.answer("Create")
            qtbot.mouseClick(panel.buttons["create_all"], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: set(panel.states().values()) == {"present"}, timeout=15000)
    finally:
        signals.table_created.disconnect(receiver)
    assert {"shop:shop_customers", "shop:shop_purchases"} <= set(seen)
