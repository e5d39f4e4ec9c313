import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from caption_studio.core.project.file import Project
from caption_studio.gui.export import export_actions
from caption_studio.gui.export.contact_sheet import ContactSheetJob, make_contact_sheet
from caption_studio.gui.export.credits_dialog import CreditsDialog
from caption_studio.gui.export.credits_model import PHOTO_ID_ROLE, CreditRowsModel
from tests.core.export_data import CAPTIONS, build_page


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    return build_page(tmp_path_factory.mktemp("gui"))


@pytest.fixture
def project(page_path):
    with Project.open(page_path, readonly=True) as p:
        yield p


def test_model_passes_the_model_tester(qtmodeltester, project):
    from caption_studio.core.export.credit_rows import credit_rows

    model = CreditRowsModel()
    model.set_rows(credit_rows(project))
    qtmodeltester.check(model)
    assert model.rowCount() == len(CAPTIONS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = headers.index("Photographer")
    assert model.index(1, col).data() == "张锦辉; 尹诗语"
    assert model.index(1, 0).data(PHOTO_ID_ROLE) == 2


def test_dialog_filters_preview_and_saves(qtbot, project, tmp_path):
    dialog = CreditsDialog(project)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == len(CAPTIONS)
    dialog.article.setCurrentIndex(dialog.article.findData(1))
    assert dialog.model.rowCount() == 3
    assert "摄影：李雨恒 张锦辉 尹诗语（视觉重庆）；欧阳小雨 曾一" in dialog.lines.toPlainText()
    dialog.status.setCurrentIndex(dialog.status.findData("approved"))
    assert dialog.model.rowCount() == 2
    dialog.status.setCurrentIndex(0)
    dialog.article.setCurrentIndex(0)
    dialog.use_from.setChecked(True)
    dialog.date_from.setDate(dialog.date_from.date().fromString("2024-04-30", "yyyy-MM-dd"))
    assert dialog.model.rowCount() == 2
    with qtbot.waitSignal(dialog.saved) as saved:
        written = dialog.save_to(tmp_path / "page")  # the format's suffix is added
    assert saved.args == [str(tmp_path / "page.csv")] and written.exists()
    with open(written, encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 3
    dialog.use_from.setChecked(False)
    dialog.status.setCurrentIndex(dialog.status.findData("needs_review"))
    assert dialog.model.rowCount() == 0 and not dialog.save_button.isEnabled()


def test_contact_sheet_job_runs_in_the_background(qtbot, project, tmp_path):
    job = ContactSheetJob(project, tmp_path / "sheet.pdf", article_id=2, columns=2)
    steps = []
    job.progress.connect(lambda done, total, name: steps.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=20000) as done:
        job.start()
    assert done.args == [str(tmp_path / "sheet.pdf")]
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF-")
    qtbot.waitUntil(lambda: steps and steps[-1] == (2, 2))


def test_contact_sheet_cancel_and_failure_are_reported(qtbot, project, tmp_path):
    job = ContactSheetJob(project, tmp_path / "c.pdf")
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        job.start()
    failing = ContactSheetJob(project, tmp_path / "f.pdf", article_id=77)
    with qtbot.waitSignal(failing.failed, timeout=20000) as failed:
        failing.start()
    assert "nothing to print" in failed.args[0]
    assert not (tmp_path / "c.pdf").exists()


def test_export_actions_open_the_credits_dialog_on_the_project(qtbot, project, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = export_actions(window, lambda: project)
    names = [a.objectName() for a in actions]
    assert names == ["exportCreditsAction", "contactSheetAction"]
    actions[0].trigger()
    dialog = window.findChild(CreditsDialog)
    assert dialog is not None and dialog.model.rowCount() == len(CAPTIONS)
    dialog.close()
    job = make_contact_sheet(window, project, out_path=str(tmp_path / "m.pdf"))
    assert job is not None
    # The PDF appears by an atomic rename, so its existence means the job is done.
    qtbot.waitUntil((tmp_path / "m.pdf").exists, timeout=20000)
