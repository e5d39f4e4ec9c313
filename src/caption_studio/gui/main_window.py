"""The main window: composition only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from caption_studio.core.project import Project


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.setWindowTitle(self.tr("Caption Studio"))
        self.summary = QLabel(self.tr("Open a project to begin."))
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.summary)
        self.resize(1200, 800)

    def open_path(self, path: Path) -> None:
        project = Project.open(path)
        if self.project is not None:
            self.project.close()
        self.project = project
        counts = project.counts()
        self.setWindowTitle(self.tr("{name} - Caption Studio").format(name=project.name))
        self.summary.setText(
            self.tr("{photos} photos, {articles} articles, {captions} captions, "
                    "{pairings} pairings").format(**counts))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)
