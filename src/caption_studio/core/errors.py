"""Errors a person can act on. The CLI prints them as one line; the GUI shows them in a dialog."""


class CaptionStudioError(Exception):
    """Base class: the message is for the user and must make sense on its own."""


class ProjectError(CaptionStudioError):
    """The project file cannot be opened, created or written."""


class ProjectLockedError(ProjectError):
    """Another process has the project open for writing."""


class ProjectTooNewError(ProjectError):
    """The file was written by a newer Caption Studio."""


class InputError(CaptionStudioError):
    """An input file (article, photo, list) cannot be read."""


class Cancelled(CaptionStudioError):
    """Long work stopped because the user asked it to."""
