"""The small text buttons of the panes' tool bars (article, pairing, keywords)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QToolButton


def tool_button(text: str, tip: str, slot: Callable[..., Any]) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button
