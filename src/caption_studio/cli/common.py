"""What every command shares: one-line errors, exit codes, the progress bar."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from caption_studio.core.errors import CaptionStudioError

# Exit codes are a contract for scripts: 0 done, 1 done with some items skipped, 2 usage/input error.
EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_ERROR = 2


def fail(message: str) -> None:
    """Print one clear line on stderr and exit 2."""
    click.echo(f"caption-studio: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our own errors (and OS errors) into one line on stderr, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CaptionStudioError as exc:
            fail(str(exc))
        except OSError as exc:
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            fail(f"{exc.strerror or exc}{where}")

    return wrapper


class ProgressBar:
    """A `progress(done, total, label)` callback for core functions, drawn on stderr."""

    def __init__(self, label: str, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: Any = None

    def __call__(self, done: int, total: int | None, label: str = "") -> None:
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total or 0, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        if total:
            self._bar.length = total
        self._bar.update(done - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
