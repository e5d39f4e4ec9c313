"""The window's page while no project is open: what to do first, and the question a folder of
photos asks (`caption-studio FOLDER`, or a folder dropped on the window) in the page itself,
not in a dialog over a window that is still being laid out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    openRequested = Signal()  # noqa: N815 - Qt naming
    newRequested = Signal()  # noqa: N815
    folderAccepted = Signal(object)  # the folder (Path) to make a project of  # noqa: N815
    recentRequested = Signal(str)  # a recent project's path  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.folder: Path | None = None
        title = QLabel(self.tr("<h2>Caption Studio</h2>"), self)
        self.hint = QLabel(self.tr("Open a project (Ctrl+O), create one (Ctrl+N),<br>"
                                   "or drop a project file or a folder of photos here."), self)
        self.hint.setObjectName("startHint")
        self.open_button = QPushButton(self.tr("Open Project…"), self)
        self.open_button.clicked.connect(self.openRequested)
        self.new_button = QPushButton(self.tr("New Project…"), self)
        self.new_button.clicked.connect(self.newRequested)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.new_button)
        actions.addStretch(1)

        self.offer = QFrame(self)
        self.offer.setObjectName("folderOffer")
        self.offer.setFrameShape(QFrame.Shape.StyledPanel)
        self.question = QLabel(self.offer)
        self.question.setObjectName("folderQuestion")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_button = QPushButton(self.tr("Import"), self.offer)
        self.accept_button.setObjectName("folderImport")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self._accepted)
        self.dismiss_button = QPushButton(self.tr("Not Now"), self.offer)
        self.dismiss_button.clicked.connect(self.clear_offer)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.accept_button)
        inner = QVBoxLayout(self.offer)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.addWidget(self.question)
        inner.addLayout(buttons)
        self.offer.setFixedWidth(560)  # a fixed width lets the wrapped question take its height
        self.offer.setStyleSheet("#folderOffer { background: palette(base); }")
        self.offer.hide()

        # The desk's projects of the last days, one click away (the same list as File > Open
        # Recent): most mornings start by reopening yesterday's story.
        self.recent_title = QLabel(self.tr("Recent projects"), self)
        self.recent_title.setObjectName("recentTitle")
        self.recent_title.setStyleSheet("#recentTitle { font-weight: bold; }")
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(2)
        self.recent_buttons: list[QPushButton] = []
        self.recent_frame = QWidget(self)
        recent_column = QVBoxLayout(self.recent_frame)
        recent_column.setContentsMargins(0, 0, 0, 0)
        recent_column.addWidget(self.recent_title)
        recent_column.addLayout(self.recent_box)
        self.recent_frame.setFixedWidth(560)
        self.recent_frame.hide()

        column = QVBoxLayout(self)
        column.addStretch(2)
        for label in (title, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(label)
        column.addSpacing(12)
        column.addLayout(actions)
        column.addSpacing(24)
        column.addWidget(self.offer, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(12)
        column.addWidget(self.recent_frame, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(3)

    def set_recent(self, paths: list[str], shown: int = 6) -> None:
        """List the recent projects: the name, and the folder it lives in as a tooltip."""
        for button in self.recent_buttons:
            button.deleteLater()
        self.recent_buttons = []
        for path in paths[:shown]:
            name = Path(path).name
            folder = Path(path).parent
            button = QPushButton(f"{name}    {folder}", self.recent_frame)
            button.setFlat(True)
            button.setToolTip(path)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("QPushButton { text-align: left; padding: 3px 6px; }")
            button.clicked.connect(lambda _=False, p=path: self.recentRequested.emit(p))
            self.recent_box.addWidget(button)
            self.recent_buttons.append(button)
        self.recent_frame.setVisible(bool(self.recent_buttons))

    def offer_folder(self, folder: Path, project_name: str, exists: bool) -> None:
        """Ask here whether the folder becomes (or joins) the project beside it."""
        self.folder = folder
        if exists:
            text = self.tr("Open the project {name} beside the folder {folder} and import any "
                           "new photos from it?")
        else:
            text = self.tr("{folder} is a folder of photos. Create the project {name} beside "
                           "it and import the folder?")
        self.question.setText(text.format(folder=folder.name, name=project_name))
        # A wrapped label inside an aligned frame is laid out at its one-line size hint.
        margins = self.offer.layout().contentsMargins()
        width = self.offer.width() - margins.left() - margins.right()
        self.question.setMinimumHeight(self.question.heightForWidth(width))
        self.offer.show()
        self.accept_button.setFocus()

    def clear_offer(self) -> None:
        self.folder = None
        self.offer.hide()

    def _accepted(self) -> None:
        folder = self.folder
        self.clear_offer()
        if folder is not None:
            self.folderAccepted.emit(folder)
