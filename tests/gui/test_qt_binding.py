"""Guards against a broken Qt binding: PySide6-Essentials 6.12.0 dropped a reference to None on
every call of a method returning nothing, and the app aborted after a few thousand calls
("Fatal Python error: none_dealloc"). pyproject.toml pins below it; this catches a relapse."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 100
