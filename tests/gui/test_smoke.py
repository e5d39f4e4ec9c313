from caption_studio.core.project import Project
from caption_studio.gui.main_window import MainWindow
from tests.helpers import add_photo_rows


def test_window_opens_project_and_shows_counts(qtbot, tmp_path):
    path = tmp_path / "desk.capstudio"
    with Project.create(path) as project:
        add_photo_rows(project, ["a.jpg", "b.jpg"])
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(path)
    window.show()
    assert "desk" in window.windowTitle()
    assert "2 photos" in window.summary.text()
    window.close()
