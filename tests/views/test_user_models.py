"""The window on a user's models module written as the README shows it."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_extension_points import README_MODELS


def test_the_models_panel_loads_a_module_that_imports_current_database(db, open_window, qtbot,
                                                                        tmp_path: Path) -> None:
    module = tmp_path / "readme_models_panel.py"
    module.write_text(README_MODELS)
    window = open_window(db.url.render_as_string(hide_password=False), str(module))
    panel = window.models
    qtbot.waitUntil(lambda: panel.states() != {}, timeout=10000)
    assert panel.states() == {"orders": "missing"}
    assert "could not be loaded" not in panel.source.text()


def test_the_models_panel_names_a_foreign_key_to_an_undeclared_table(sqlite_db, open_window, qtbot,
                                                                      tmp_path: Path) -> None:
    from tests.cli.test_edges import FK_TO_NOWHERE
    module = tmp_path / "fk_panel_models.py"
    module.write_text(FK_TO_NOWHERE)
    window = open_window(sqlite_db.url.render_as_string(hide_password=False), str(module), connected=False)
    qtbot.waitUntil(lambda: window.models is not None, timeout=15000)
    panel = window.models
    qtbot.waitUntil(lambda: "could not be loaded" in panel.source.text(), timeout=15000)
    assert "orders_fk.customer_id has a foreign key to customers.id, but no table customers is declared" \
        in panel.source.text()
    assert "Unexpected" not in panel.source.text()
