"""The desk window's parts without a window: the photo model (qtmodeltester), workers, the
controller's undo, error messages; and opening: locked projects, folders, recent files."""

from __future__ import annotations

import sqlite3
import sys
import threading

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QThread
from PySide6.QtGui import QFocusEvent

from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import get_fields, set_fields
from caption_studio.gui.controller import Controller
from caption_studio.gui.dialogs import confirm, errors
from caption_studio.gui.main_window import MainWindow
from caption_studio.gui.models import roles
from caption_studio.gui.models.photo_model import PhotoModel
from caption_studio.gui.settings import Settings
from caption_studio.gui.workers import run_task
from tests.helpers import add_photo_rows
from tests.media_builders import make_jpeg


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "parts.capstudio") as p:
        ids = add_photo_rows(p, [f"IMG_{i}.jpg" for i in range(1, 451)])
        set_fields(p, [ids[0]], {"headline": "夏元", "credit_line": "重庆日报社视觉中心摄影部图片编辑",
                                 "date_created": "2024-05-03"})
        p.conn.execute("UPDATE photos SET capture_time = '2024-05-04T10:00:00' WHERE id = ?",
                       (ids[0],))
        yield p


@pytest.fixture
def shown(monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(errors, "present", lambda parent, title, text: messages.append(text))
    return messages


def test_photo_model_passes_qtmodeltester_and_fetches_lazily(project, qtmodeltester):
    model = PhotoModel()
    model.set_project(project)
    ids = [r[0] for r in project.conn.execute("SELECT id FROM photos ORDER BY id")]
    model.set_ids(ids)
    assert model.rowCount() == 450 and not model._rows  # nothing fetched yet
    assert model.index(300, 0).data() == "IMG_301.jpg"
    assert len(model._rows) == 200  # one block around the row asked for
    qtmodeltester.check(model, force_py=True)
    model.set_ids(ids[:3])
    qtmodeltester.check(model, force_py=True)


def test_model_warns_about_iim_overflow_and_date_conflict(project):
    model = PhotoModel()
    model.set_project(project)
    model.set_ids([r[0] for r in project.conn.execute("SELECT id FROM photos ORDER BY id")][:2])
    warnings = model.index(0, 0).data(roles.WARNINGS)
    assert any("Credit line" in w and "48/32" in w for w in warnings)
    assert any("2024-05-03" in w and "2024-05-04" in w for w in warnings)
    assert model.index(1, 0).data(roles.WARNINGS) == []
    assert model.index(0, 0).data(roles.STATUS) == "new"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Photographer"


def test_run_task_delivers_on_the_gui_thread_and_reports_errors(qtbot):
    threads = []

    def work(progress, cancel):
        progress(1, 2, "half")
        return QThread.currentThread()

    run_task(work, lambda r: threads.append((r, QThread.currentThread())))
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    worker_thread, delivered_on = threads[0]
    assert delivered_on is QThread.currentThread() and worker_thread is not delivered_on
    failures = []

    def broken(progress, cancel):
        raise sqlite3.DatabaseError("database disk image is malformed")

    handle = run_task(broken, on_error=failures.append)
    qtbot.waitUntil(lambda: not handle.running, timeout=5000)
    assert "damaged" in errors.message_for(failures[0])


def test_writer_tasks_run_one_at_a_time(qtbot, tmp_path):
    from caption_studio.gui.workers import Writer

    active, most = [0], [0]
    lock = threading.Lock()

    def work(progress, cancel):
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        threading.Event().wait(0.01)
        with lock:
            active[0] -= 1

    with Project.create(tmp_path / "w.capstudio") as project:
        writer = Writer(project)
        handles = [writer.run(work) for _ in range(4)]
        qtbot.waitUntil(lambda: not any(h.running for h in handles), timeout=5000)
        writer.close()
    assert most[0] == 1


def test_a_task_ends_with_exactly_one_of_done_cancelled_failed(qtbot):
    from caption_studio.core.errors import Cancelled

    def stops_early(progress, cancel):
        cancel.cancel()  # as a Cancel press during the work would
        return "partial"

    def raises_cancelled(progress, cancel):
        raise Cancelled()

    for func, expected in ((stops_early, ["done"]), (raises_cancelled, ["cancelled"])):
        ends: list[str] = []
        handle = run_task(func, lambda _r, ends=ends: ends.append("done"),
                          on_cancelled=lambda ends=ends: ends.append("cancelled"),
                          on_error=lambda _e, ends=ends: ends.append("failed"))
        qtbot.waitUntil(lambda handle=handle: not handle.running, timeout=5000)
        assert ends == expected


def _controller_on(project, count):
    """The project reopened in a Controller, as the window holds it, and its first photo ids."""
    ids = [r[0] for r in project.conn.execute("SELECT id FROM photos ORDER BY id LIMIT ?",
                                              (count,))]
    path = project.path
    project.close()
    controller = Controller()
    controller.open_project(path)
    return controller, ids


def test_controller_batch_edit_is_one_step_and_readonly_refuses(project, qtbot):
    controller, ids = _controller_on(project, 3)
    path = controller.project.path
    with qtbot.waitSignal(controller.projectChanged) as blocker:
        controller.set_fields(ids, {"city": "重庆", "country": "中国"})
    assert blocker.args[0].photos == set(ids) and controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert "city" not in get_fields(controller.project, ids[1])
    controller.undo_stack.redo()
    assert get_fields(controller.project, ids[2])["country"] == ("中国", "manual")
    controller.close_project()
    controller.open_project(path, readonly=True)
    with pytest.raises(Exception, match="read-only"):
        controller.set_fields(ids, {"city": "成都"})
    controller.close_project()


def test_error_messages_are_sentences_not_tracebacks(tmp_path, shown):
    missing = FileNotFoundError(2, "No such file or directory", str(tmp_path / "IMG_1.jpg"))
    assert errors.message_for(missing).startswith("The file IMG_1.jpg is missing")
    assert "read-only" in errors.message_for(sqlite3.OperationalError(
        "attempt to write a readonly database"))
    sys.excepthook_before = sys.excepthook
    try:
        errors.install_excepthook()
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.excepthook_before
    assert shown and "RuntimeError" in shown[-1] and "Traceback" not in shown[-1]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    answers: list[str] = []
    monkeypatch.setattr(confirm, "ask", lambda parent, title, text, *a, **k:
                        answers.append(text) or True)
    w = MainWindow(Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(w)
    w.asked = answers
    return w


def test_locked_project_offers_read_only(window, tmp_path, shown):
    with Project.create(tmp_path / "locked.capstudio") as created:
        path = created.path
    holder = Project.open(path)  # another window has it open
    try:
        window.flows.open_path(path)
        assert "another Caption Studio" in window.asked[0]
        assert window.controller.readonly
        assert window.mode_label.text() == "Read-only"
        assert not window.actions["remove"].isEnabled()
    finally:
        window.close()
        holder.close()


def test_open_folder_creates_project_beside_it_and_imports(window, tmp_path, qtbot, shown):
    folder = tmp_path / "assignment"
    make_jpeg(folder / "a.jpg", color=(10, 20, 30))
    make_jpeg(folder / "b.jpg", color=(30, 20, 10))
    window.flows.open_path(folder)
    # no project open: the question is asked on the start page, not in a dialog
    page = window.start_page
    assert window.pages.currentWidget() is page and not page.offer.isHidden()
    assert "assignment" in page.question.text()
    assert not (tmp_path / "assignment.capstudio").exists()
    with qtbot.waitSignal(window.controller.importFinished, timeout=20000):
        page.accept_button.click()
    assert page.offer.isHidden()
    assert (tmp_path / "assignment.capstudio").exists()
    assert window.model.rowCount() == 2
    assert window.settings.recent_projects()[0].endswith("assignment.capstudio")
    window.close()
    assert not shown


def test_docks_wait_for_a_project_and_come_back_as_the_user_left_them(window, tmp_path):
    window.show()
    assert window.project is None
    assert not window.article_dock.isVisible()  # the start page has the whole window
    assert not window.article_dock.toggleViewAction().isEnabled()
    with Project.create(tmp_path / "docks.capstudio") as created:
        path = created.path
    window.flows.open_path(path)
    assert window.article_dock.isVisible() and not window.keyword_dock.isVisible()
    window.keyword_dock.show()
    window.article_dock.close()  # the user closes the article dock
    window.flows.close_project()
    assert not window.keyword_dock.isVisible() and not window.article_dock.isVisible()
    window.flows.open_path(path)
    assert window.keyword_dock.isVisible() and not window.article_dock.isVisible()
    window.flows.close_project()
    window.close()  # closed with no project: the saved layout is the one the user made
    again = MainWindow(window.settings)
    again.show()
    again.flows.open_path(path)
    assert again.keyword_dock.isVisible() and not again.article_dock.isVisible()
    again.close()


def test_start_page_lists_recent_projects_and_opens_one(window, tmp_path, shown):
    with Project.create(tmp_path / "monday.capstudio") as created:
        path = created.path
    window.flows.open_path(path)
    window.flows.close_project()
    page = window.start_page
    assert window.pages.currentWidget() is page and not page.recent_frame.isHidden()
    assert [b.toolTip() for b in page.recent_buttons] == [str(path)]
    assert "monday.capstudio" in page.recent_buttons[0].text()
    page.recent_buttons[0].click()
    assert window.project is not None and window.project.path == path
    window.flows.close_project()
    path.unlink()  # moved away since: the list says so and forgets it
    window.start_page.recent_buttons[0].click()
    assert window.project is None and shown and "no longer there" in shown[-1]
    assert window.start_page.recent_frame.isHidden()


def test_settings_remember_view_state(window, tmp_path):
    window.sheet.set_thumb_size(200)
    window.sheet.set_mode("list")
    window.close()
    again = MainWindow(window.settings)
    assert again.sheet.thumb_size() == 200 and again.sheet.mode() == "list"
    again.close()


def test_dropping_a_project_file_opens_it(window, project):
    path = project.path
    project.close()
    window.drop_paths([path])
    assert window.controller.project is not None and window.model.rowCount() == 450
    window.close()


def test_missing_photo_file_shows_a_reason_not_a_picture(window, project, qtbot):
    path = project.path
    project.close()
    window.flows.open_path(path)
    loader = window.controller.thumbnails
    row = window.model.photo(0)
    assert loader.pixmap(row) is None
    qtbot.waitUntil(lambda: loader.error(row.id) is not None, timeout=5000)
    index = window.model.index(0, 0)
    assert "IMG_1.jpg" in index.data(roles.THUMBNAIL_ERROR)
    assert "missing" in index.data(Qt.ItemDataRole.ToolTipRole)
    window.sheet.grid.viewport().repaint()  # the delegate paints the reason, no exception
    window.close()


def test_autocomplete_offers_values_from_the_project(window, project):
    ids = [r[0] for r in project.conn.execute("SELECT id FROM photos ORDER BY id LIMIT 3")]
    set_fields(project, ids[:2], {"city": "重庆", "creator": ["夏元", "张亦"]})
    set_fields(project, [ids[2]], {"city": "成都"})
    path = project.path
    project.close()
    window.show()
    window.flows.open_path(path)
    window.sheet.select_ids([ids[2]])
    city = window.editor.rows["city"].input
    city.setFocus()
    window.editor.eventFilter(city, QFocusEvent(QEvent.Type.FocusIn))
    assert city.completer().model().stringList() == ["重庆", "成都"]
    chips = window.editor.rows["creator"].input
    window.editor.eventFilter(chips.entry, QFocusEvent(QEvent.Type.FocusIn))
    assert set(chips.entry.completer().model().stringList()) == {"夏元", "张亦"}
    window.close()


def test_preview_honours_exif_orientation(tmp_path, qapp):
    from caption_studio.gui.dialogs.preview import load_preview

    path = make_jpeg(tmp_path / "turned.jpg", (96, 64), orientation=6)
    image = load_preview(str(path), None, tmp_path / "cache", 6)
    assert (image.width(), image.height()) == (64, 96)
    with pytest.raises(Exception, match="missing"):
        load_preview(str(tmp_path / "gone.jpg"), None, tmp_path / "cache", None)


def test_grid_columns_fill_the_width(project, qtbot):
    from caption_studio.gui.widgets.contact_sheet import ContactSheet

    model = PhotoModel()
    model.set_project(project)
    model.set_ids([r[0] for r in project.conn.execute("SELECT id FROM photos")])
    sheet = ContactSheet(model)
    qtbot.addWidget(sheet)
    sheet.set_thumb_size(160)
    sheet.resize(480, 600)  # with a scroll bar: room for two 180-px cells, not three
    sheet.show()

    def columns():
        return {sheet.grid.visualRect(model.index(r, 0)).center().x() for r in range(6)}

    qtbot.waitUntil(lambda: len(columns()) == 2, timeout=3000)  # the layout runs in batches
    assert sheet.grid.gridSize().width() > 180  # the spare width is shared, not left over
    assert max(columns()) < sheet.grid.viewport().width()


def test_grid_keeps_two_columns_at_every_width_and_after_being_hidden(tmp_path, qtbot):
    """Six photos, no scroll bar: the icon layout keeps room for one anyway, and a sheet
    resized while hidden (a tab in the back) kept one wide column where two fit."""
    from caption_studio.gui.widgets.contact_sheet import ContactSheet

    with Project.create(tmp_path / "six.capstudio") as p:
        ids = add_photo_rows(p, [f"IMG_{i}.jpg" for i in range(6)])
        model = PhotoModel()
        model.set_project(p)
        model.set_ids(ids)
        sheet = ContactSheet(model)
        qtbot.addWidget(sheet)
        sheet.set_thumb_size(160)
        sheet.resize(440, 900)
        sheet.show()

        def columns():
            return {sheet.grid.visualRect(model.index(r, 0)).center().x() for r in range(6)}

        for width in range(430, 560, 3):  # every exact fit on the way
            sheet.resize(width, 900)
            qtbot.waitUntil(lambda: len(columns()) == 2, timeout=3000)
        sheet.hide()
        sheet.resize(470, 900)
        sheet.show()
        qtbot.waitUntil(lambda: len(columns()) == 2, timeout=3000)
        sheet.close()  # before the project closes under it


def test_edits_reach_the_fts_index_soon_after(project, qtbot):
    from caption_studio.core.project import search

    controller, ids = _controller_on(project, 2)
    qtbot.waitUntil(lambda: search.pending(controller.project) == 0, timeout=10000)
    controller._sync_timer.setInterval(10)
    controller.set_fields(ids, {"event": "全国两会"})
    assert search.pending(controller.project) == 2
    qtbot.waitUntil(lambda: search.pending(controller.project) == 0, timeout=10000)
    assert search.search_photo_ids(controller.project, "两会") == ids
    controller.close_project()
