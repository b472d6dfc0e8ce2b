"""Every item model passes Qt's model tester while rows arrive."""

from __future__ import annotations

import pytest

from guiapp.itemmodels.results import ResultModel
from guiapp.itemmodels.signallog import SignalLogModel

pytestmark = pytest.mark.gui


def test_result_model_appends_batches_up_to_its_cap(qtmodeltester) -> None:
    model = ResultModel(["a", "b"], cap=3)
    qtmodeltester.check(model)
    assert not model.canFetchMore(model.index(-1, -1))  # the first batch is on its way
    wanted: list[bool] = []
    model.moreWanted.connect(lambda: wanted.append(True))
    model.append([(1, None), (2, b"\x00\x01")], done=False)
    assert model.rowCount() == 2 and model.data(model.index(0, 1)) == "NULL"
    assert model.data(model.index(1, 1)) == "0x0001"
    model.fetchMore(model.index(-1, -1))
    assert wanted == [True] and not model.canFetchMore(model.index(-1, -1))  # loading
    model.append([(3, "c"), (4, "d")], done=False)
    assert not model.canFetchMore(model.index(-1, -1))  # the cap is reached
    model.raise_cap(None)
    assert wanted == [True, True]
    model.append([], done=True)
    assert not model.canFetchMore(model.index(-1, -1))
    qtmodeltester.check(model)


def test_signal_log_keeps_the_newest_events(qtmodeltester) -> None:
    model = SignalLogModel(limit=3)
    for i in range(5):
        model.add("table-created", object(), {"table": f"t{i}", "origin": "sql"})
    qtmodeltester.check(model)
    assert [e[3] for e in model.events] == [f"table=t{i}, origin=sql" for i in (2, 3, 4)]
