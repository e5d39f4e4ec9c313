from caption_studio.core.project.file import Project
from caption_studio.gui.main_window import MainWindow
from caption_studio.gui.settings import Settings
from tests.helpers import add_photo_rows


def test_window_opens_project_and_shows_counts(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    path = tmp_path / "desk.capstudio"
    with Project.create(path) as project:
        add_photo_rows(project, ["a.jpg", "b.jpg"])
    window = MainWindow(Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.flows.open_path(path)
    window.show()
    assert "desk" in window.windowTitle()
    assert window.model.rowCount() == 2
    assert window.sheet.count_label.text() == "2 photos"
    window.close()
    assert window.controller.project is None
