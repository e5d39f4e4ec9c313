"""The desk window's flows on one window per module: open, select, edit, batch edit,
undo/redo, search, remove, approve, import with progress, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from caption_studio.core.media import importer
from caption_studio.core.project import search
from caption_studio.core.project.file import Project
from caption_studio.core.project.operations import get_fields, set_fields
from caption_studio.gui.dialogs import confirm, errors
from caption_studio.gui.main_window import MainWindow
from caption_studio.gui.settings import Settings
from tests.media_builders import make_jpeg

CAPTIONS = [
    ("渝北区两江新区夜景", ["夏元"], "approved"),
    ("长江索道迎来客流高峰", ["张亦"], "needs_review"),
    ("解放碑步行街人潮涌动", ["李雨恒"], None),
    ("洪崖洞景区夜色", ["夏元", "张亦"], None),
    ("Chongqing skyline at night", ["Li Yuheng"], None),
    ("朝天门码头", ["张亦"], None),
]


@pytest.fixture(scope="module")
def desk(qapp, tmp_path_factory):
    root = tmp_path_factory.mktemp("desk")
    for i, _ in enumerate(CAPTIONS, start=1):
        make_jpeg(root / "photos" / f"CQ_{i}.jpg", (96, 64), color=(40 * i, 90, 200 - 20 * i))
    path = root / "desk.capstudio"
    with Project.create(path) as project:
        importer.import_paths(project, [root / "photos"], workers=1)
        ids = [r[0] for r in project.conn.execute("SELECT id FROM photos ORDER BY file_name")]
        for pid, (headline, creator, status) in zip(ids, CAPTIONS, strict=True):
            set_fields(project, [pid], {"headline": headline, "creator": creator,
                                        "status": status, "city": "重庆"},
                       provenance="embedded")
    window = MainWindow(Settings(QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)))
    window.resize(1300, 800)
    window.show()
    window.flows.open_path(path)
    yield window, root
    window.close()


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    """Modal questions and error boxes are answered/recorded instead of waiting for a click."""
    asked: list[str] = []
    shown: list[str] = []
    monkeypatch.setattr(confirm, "ask", lambda parent, title, text, *a, **k: asked.append(text)
                        or True)
    monkeypatch.setattr(errors, "present", lambda parent, title, text: shown.append(text))
    return asked, shown


@pytest.fixture
def window(desk):
    window, _root = desk
    window.search_bar.clear()
    window.search_bar.flush()
    window.controller.undo_stack.clear()
    window.sheet.select_row(0)
    return window


def type_text(widget, text):
    """Key presses carrying Chinese text, as an input method delivers it (QTest's keyClicks
    only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _ids(window):
    return list(window.model.ids)


def test_open_lists_photos_in_natural_order_and_selects_the_first(window):
    names = [window.model.photo(r).file_name for r in range(window.model.rowCount())]
    assert names == [f"CQ_{i}.jpg" for i in range(1, 7)]
    assert window.sheet.selected_ids() == [window.model.photo_id(0)]
    assert window.editor.rows["headline"].text() == "渝北区两江新区夜景"
    assert "from file" in window.editor.rows["headline"].meta.text()
    assert window.actions["remove"].shortcut().toString()  # every action shows its shortcut


def test_typing_in_a_field_is_one_undo_step(window, qtbot):
    pid = window.model.photo_id(1)
    window.sheet.select_ids([pid])
    row = window.editor.rows["headline"]
    edit: QLineEdit = row.input
    edit.setFocus()
    edit.end(False)
    for chunk in ("，", "游客", "排队"):
        type_text(edit, chunk)
        row.commit()  # what the typing pause timer does
    project = window.controller.project
    assert get_fields(project, pid)["headline"] == ("长江索道迎来客流高峰，游客排队", "manual")
    assert window.controller.undo_stack.count() == 1
    window.controller.undo_stack.undo()
    assert get_fields(project, pid)["headline"] == ("长江索道迎来客流高峰", "embedded")
    assert row.text() == "长江索道迎来客流高峰"
    window.controller.undo_stack.redo()
    assert get_fields(project, pid)["headline"][0] == "长江索道迎来客流高峰，游客排队"
    window.controller.undo_stack.undo()


def test_byte_counter_turns_red_past_the_iim_limit(window, qtbot):
    row = window.editor.rows["credit_line"]
    row.input.setFocus()
    row.input.clear()
    type_text(row.input, "重庆日报")
    assert "12/32 bytes" in row.meta.text() and "d93025" not in row.meta.styleSheet()
    type_text(row.input, "社视觉中心摄影部图片")
    assert "42/32 bytes" in row.meta.text() and "d93025" in row.meta.styleSheet()
    row.input.clear()
    row._committed_text = row.input.text()  # leave the photo as it was


def test_multi_selection_shows_multiple_values_and_writes_only_touched_fields(window, qtbot):
    a, b = window.model.photo_id(0), window.model.photo_id(1)
    window.sheet.select_ids([a, b])
    headline = window.editor.rows["headline"]
    assert headline.mixed and headline.input.text() == ""
    assert headline.input.placeholderText() == "(multiple values)"
    assert window.editor.rows["city"].input.text() == "重庆"
    event = window.editor.rows["event"]
    event.input.setFocus()
    type_text(event.input, "国庆假期")
    event.commit()
    headline.commit()  # untouched: writes nothing
    project = window.controller.project
    assert get_fields(project, a)["event"][0] == get_fields(project, b)["event"][0] == "国庆假期"
    assert get_fields(project, a)["headline"][0] == "渝北区两江新区夜景"
    assert get_fields(project, b)["headline"][0] == "长江索道迎来客流高峰"
    assert window.controller.undo_stack.count() == 1
    window.controller.undo_stack.undo()
    assert "event" not in get_fields(project, a) and "event" not in get_fields(project, b)


def test_keyword_chip_added_to_each_photo_and_undone_in_one_step(window):
    a, b = window.model.photo_id(2), window.model.photo_id(3)
    project = window.controller.project
    set_fields(project, [a], {"keywords": ["夜景"]})
    window.sheet.select_ids([a, b])
    chips = window.editor.rows["keywords"].input
    assert chips.items() == [] and "multiple" in chips.entry.placeholderText()
    chips.entry.setText("重庆")
    chips.entry.returnPressed.emit()
    assert get_fields(project, a)["keywords"][0] == ["夜景", "重庆"]
    assert get_fields(project, b)["keywords"][0] == ["重庆"]
    assert window.editor.rows["keywords"].input.items() == ["重庆"]
    window.controller.undo_stack.undo()
    assert get_fields(project, a)["keywords"][0] == ["夜景"]
    assert "keywords" not in get_fields(project, b)
    set_fields(project, [a], {"keywords": None})


def test_search_box_and_quick_filters(window, qtbot):
    bar = window.search_bar
    bar.box.setText("夏元")
    bar.flush()
    names = {window.model.photo(r).file_name for r in range(window.model.rowCount())}
    assert names == {"CQ_1.jpg", "CQ_4.jpg"}
    bar.box.setText("night")
    bar.flush()
    assert [window.model.photo(0).file_name] == ["CQ_5.jpg"] and window.model.rowCount() == 1
    bar.box.clear()
    bar.approved.setChecked(True)
    bar.flush()
    assert window.model.rowCount() == 1 and window.model.photo(0).status == "approved"
    bar.review.setChecked(True)  # exclusive with approved
    assert not bar.approved.isChecked() and window.model.rowCount() == 1
    bar.clear()
    assert bar.photographer.count() == 1  # filled only when opened
    bar.photographer.showPopup()
    bar.photographer.hidePopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert bar.photographer.count() == 1 + 4  # all, then 张亦, 夏元, Li Yuheng, 李雨恒
    bar.photographer.setCurrentIndex(bar.photographer.findData("张亦"))
    assert window.model.rowCount() == 3
    assert window.sheet.count_label.text() == "3 photos"


def test_search_results_follow_an_edit(window):
    pid = window.model.photo_id(4)
    window.controller.set_fields([pid], {"description": "夜游两江"})
    window.search_bar.box.setText("夜游")
    window.search_bar.flush()
    assert window.model.ids == [pid]
    window.controller.undo_stack.undo()
    window.search_bar.flush()
    assert window.model.ids == []


def test_approve_and_next_with_ctrl_enter(window, qtbot):
    first, second = window.model.photo_id(2), window.model.photo_id(3)
    window.sheet.select_ids([first])
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.sheet.view.setFocus()
    qtbot.keyClick(window.sheet.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert get_fields(window.controller.project, first)["status"][0] == "approved"
    assert window.sheet.selected_ids() == [second]
    window.controller.undo_stack.undo()
    assert "status" not in get_fields(window.controller.project, first)


def test_rating_shortcut_and_badge_roles(window, qtbot):
    from caption_studio.gui.models import roles

    pid = window.model.photo_id(0)
    window.sheet.select_ids([pid])
    window.actions["rating_4"].trigger()
    index = window.model.index(0, 0)
    assert index.data(roles.RATING) == 4 and index.data(roles.STATUS) == "approved"
    assert window.model.index(0, 6).data() == "★★★★"
    window.controller.undo_stack.undo()
    assert window.model.index(0, 0).data(roles.RATING) == 0


def test_delete_removes_from_project_after_confirmation_and_undo_restores(window, answers):
    asked, _ = answers
    project = window.controller.project
    before = _ids(window)
    victim = window.model.photo_id(1)
    window.sheet.select_ids([victim])
    window.actions["remove"].trigger()
    assert asked and "files stay on disk" in asked[0]
    assert victim not in window.model.ids and len(window.model.ids) == len(before) - 1
    path = project.absolute("photos/CQ_2.jpg")
    assert path.exists()
    window.controller.undo_stack.undo()
    assert _ids(window) == before
    assert get_fields(project, victim)["headline"][0] == "长江索道迎来客流高峰"


def test_import_shows_progress_and_a_summary_of_skipped_files(desk, window, qtbot):
    _w, root = desk
    new = root / "incoming"
    for i in range(3):
        make_jpeg(new / f"new_{i}.jpg", (80, 60), color=(10, 60 * i, 30))
    (new / "broken.jpg").write_bytes(b"")  # zero bytes: skipped, and listed with the reason
    progress: list[tuple] = []
    window.controller.importProgress.connect(lambda *a: progress.append(a))
    with qtbot.waitSignal(window.controller.importFinished, timeout=20000) as blocker:
        window.flows.import_paths([new])
    summary = blocker.args[0]
    assert summary.imported == 3
    assert [p for p, _why in summary.skipped if "broken.jpg" in p]
    assert progress and progress[-1][0] == progress[-1][1] == 4
    assert window.model.rowCount() == 9
    assert window.flows.import_summary.table.rowCount() >= 1
    assert "broken.jpg" in window.flows.import_summary.table.item(0, 0).text()
    window.flows.import_summary.close()
    qtbot.waitUntil(lambda: search.pending(window.controller.project) == 0, timeout=5000)
    assert window.progress.isHidden()


def test_cancelled_import_says_so(desk, window, qtbot):
    _w, root = desk
    more = root / "more"
    for i in range(4):
        make_jpeg(more / f"more_{i}.jpg", (80, 60), color=(90, 20, 60 * i))
    # Hold the writer thread so that Cancel is pressed before the import has begun.
    gate = threading.Event()
    window.controller.writer.run(lambda progress, cancel: gate.wait(10))
    with qtbot.waitSignal(window.controller.importFinished, timeout=20000) as blocker:
        window.flows.import_paths([more])
        window.flows.cancel_import()
        gate.set()
    summary = blocker.args[0]
    assert summary.interrupted
    assert "cancelled" in window.status_label.text().lower()


def test_preview_opens_and_arrows_move(window, qtbot):
    window.sheet.select_row(0)
    window.actions["preview"].trigger()
    dialog = window.flows._preview
    assert dialog is not None and dialog.windowTitle() == window.model.photo(0).file_name
    qtbot.waitUntil(lambda: dialog._pixmap is not None and dialog._pixmap.width() == 96,
                    timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.windowTitle() == window.model.photo(1).file_name
    qtbot.keyClick(dialog, Qt.Key.Key_F)
    assert not dialog.fit
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_thumbnails_load_off_the_gui_thread(window, qtbot):
    loader = window.controller.thumbnails
    row = window.model.photo(0)
    loader.forget([row.id])
    assert loader.pixmap(row) is None  # never waits: a placeholder is drawn meanwhile
    qtbot.waitUntil(lambda: loader.pixmap(row) is not None, timeout=5000)
    assert max(loader.pixmap(row).width(), loader.pixmap(row).height()) == 96


def test_grid_and_list_share_the_selection(window):
    window.sheet.select_ids([window.model.photo_id(2)])
    window.actions["list"].trigger()
    assert window.sheet.mode() == "list"
    assert window.sheet.table.selectionModel().selectedRows()[0].row() == 2
    window.actions["grid"].trigger()
    size = window.sheet.thumb_size()
    window.actions["bigger"].trigger()
    assert window.sheet.thumb_size() == size + 24
    window.actions["smaller"].trigger()


def test_a_bad_date_is_said_beside_the_field_and_not_written(window, qtbot, answers):
    _asked, shown = answers
    pid = window.model.photo_id(0)
    window.sheet.select_ids([pid])
    row = window.editor.rows["date_created"]
    row.input.setFocus()
    type_text(row.input, "2024-13")
    assert not row._timer.isActive()  # a date is written on Enter, not while typing
    row.commit()
    assert "not a date" in row.meta.text() and "d93025" in row.meta.styleSheet()
    assert "date_created" not in get_fields(window.controller.project, pid)
    assert not shown  # no dialog in the middle of typing
    row.input.clear()
    type_text(row.input, "2024-05-03")
    row.commit()
    assert get_fields(window.controller.project, pid)["date_created"][0] == "2024-05-03"
    window.controller.undo_stack.undo()


def test_an_article_imported_in_the_window_is_one_undo_step(desk, window, qtbot):
    from caption_studio.core.article import store

    _w, root = desk
    path = root / "page3.txt"
    path.write_text("4月24日，南岸区弹子石老街。记者 夏元 摄\n", encoding="utf-8")
    project = window.controller.project
    with qtbot.waitSignal(window.controller.articleImported, timeout=20000) as imported:
        window.flows.import_article(path)  # on the writer thread
    aid = imported.args[0]
    assert window.article_pane.article_id == aid
    assert len(store.captions(project, aid)) == 1
    assert window.controller.undo_stack.count() == 1

    window.controller.undo_stack.undo()
    assert aid not in [a["id"] for a in store.articles(project)]
    window.controller.undo_stack.redo()
    again = [a["id"] for a in store.articles(project) if a["path"].endswith("page3.txt")]
    assert len(again) == 1 and window.article_pane.article_id == again[0]

    # The same file again updates that article in place: nothing new to undo.
    with qtbot.waitSignal(window.controller.articleImported, timeout=20000) as second:
        window.flows.import_article(path)
    assert second.args[0] == again[0] and window.controller.undo_stack.count() == 1
    store.remove_article(project, again[0])


def test_the_file_menu_holds_the_export_entries_above_close(window):
    names = [a.objectName() or a.text() for a in window.actions.menus["file"].actions()]
    close = names.index(window.actions["close"].text())
    publish = names.index(window.actions["publish_archive"].text())
    assert names[publish - 2:publish] == ["exportCreditsAction", "contactSheetAction"]
    assert publish == close - 2  # then a separator, then Close
