"""File > Publish to Archive… in the real window, into the real test cluster: publish with a
summary, Cancel leaving the archive as it was, and a password never kept in the settings."""

from __future__ import annotations

import psycopg
import pytest
from click.testing import CliRunner
from PySide6.QtCore import QSettings

from caption_studio.cli.main import cli
from caption_studio.gui.desk_tools import _LEARN_DELAY_MS
from caption_studio.gui.main_window import MainWindow
from caption_studio.gui.settings import Settings
from tests.archive.desks import bulk_desk


@pytest.fixture(scope="module")
def address(cluster):
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE gui_archive")
    url = cluster.url("gui_archive")
    result = CliRunner().invoke(cli, ["archive", "init", url])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(w)
    w.flows.open_path(bulk_desk(tmp_path / "gui-desk.capstudio", 1500, first=900_001))
    return w


def _photos_in(address: str) -> int:
    with psycopg.connect(address) as conn:
        return conn.execute("SELECT count(*) FROM capstudio.photos").fetchone()[0]


def test_publish_from_the_file_menu_shows_progress_then_a_summary(window, address, qtbot):
    # Opening learns the roster and syncs the search index on the writer thread; publishing
    # before and after that rightly finds the credits' Latin names changed.
    qtbot.wait(_LEARN_DELAY_MS + 200)
    qtbot.waitUntil(lambda: window.controller.writer.pool.activeThreadCount() == 0,
                    timeout=30000)
    before = _photos_in(address)
    window.actions["publish_archive"].trigger()
    dialog = window.flows.publish_dialog
    assert dialog.isVisible() and dialog.publish_button.isEnabled()
    dialog.address.setText(address)
    dialog.desk.setText("photo-desk")
    assert dialog.start()
    assert not dialog.publish_button.isEnabled() and dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60000)
    assert _photos_in(address) == before + 1500
    assert "1500 photos as desk photo-desk" in dialog.message.text()
    assert dialog.cancel_button.text() == "Close"
    assert window.settings.q.value("archive/address") == address
    dialog.start()  # again: nothing changed
    qtbot.waitUntil(lambda: dialog.publish_button.isEnabled(), timeout=60000)
    assert "nothing changed" in dialog.message.text(), dialog.summary
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_cancel_leaves_the_archive_as_it_was(window, address, qtbot, tmp_path):
    window.flows.close_project()
    window.flows.open_path(bulk_desk(tmp_path / "other.capstudio", 1500, first=700_001))
    before = _photos_in(address)
    window.flows.publish_to_archive()
    dialog = window.flows.publish_dialog
    dialog.address.setText(address)
    assert dialog.start()
    dialog.cancel_button.click()  # before the worker's first check: it rolls back
    qtbot.waitUntil(lambda: dialog.publish_button.isEnabled(), timeout=60000)
    assert "archive is as it was" in dialog.message.text()
    assert _photos_in(address) == before


def test_a_password_in_the_address_is_refused_and_never_saved(window, address, qtbot):
    window.flows.publish_to_archive()
    dialog = window.flows.publish_dialog
    with_password = address.replace("@", ":secret@", 1)
    dialog.address.setText(with_password)
    assert not dialog.start()
    assert ".pgpass" in dialog.message.text()
    assert "secret" not in str(window.settings.q.value("archive/address", ""))
    dialog.address.setText("not an address at all")
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.publish_button.isEnabled(), timeout=30000)
    assert "not a PostgreSQL address" in dialog.message.text()  # one line, no traceback
