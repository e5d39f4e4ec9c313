"""Strings the translation tools cannot find where they are used, listed for
`pyside6-lupdate`: the field registry's labels (core has no Qt; its
QT_TRANSLATE_NOOP calls use a variable context, which lupdate cannot read) and strings
translated through helper functions. A test keeps the field labels in step with
core/fields.py. Nothing imports this at run time."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

FIELD_LABELS = (
    QT_TRANSLATE_NOOP("fields", "Headline"),
    QT_TRANSLATE_NOOP("fields", "Caption"),
    QT_TRANSLATE_NOOP("fields", "Title"),
    QT_TRANSLATE_NOOP("fields", "Keywords"),
    QT_TRANSLATE_NOOP("fields", "People shown"),
    QT_TRANSLATE_NOOP("fields", "Event"),
    QT_TRANSLATE_NOOP("fields", "Caption writer"),
    QT_TRANSLATE_NOOP("fields", "Photographer"),
    QT_TRANSLATE_NOOP("fields", "Photographer's role"),
    QT_TRANSLATE_NOOP("fields", "Credit line"),
    QT_TRANSLATE_NOOP("fields", "Source"),
    QT_TRANSLATE_NOOP("fields", "Copyright"),
    QT_TRANSLATE_NOOP("fields", "Date taken"),
    QT_TRANSLATE_NOOP("fields", "Place"),
    QT_TRANSLATE_NOOP("fields", "City"),
    QT_TRANSLATE_NOOP("fields", "Province/State"),
    QT_TRANSLATE_NOOP("fields", "Country"),
    QT_TRANSLATE_NOOP("fields", "Country code"),
    QT_TRANSLATE_NOOP("fields", "Instructions"),
    QT_TRANSLATE_NOOP("fields", "Job ID"),
    QT_TRANSLATE_NOOP("fields", "Status"),
    QT_TRANSLATE_NOOP("fields", "Rating"),
    QT_TRANSLATE_NOOP("fields", "Content"),
    QT_TRANSLATE_NOOP("fields", "Credit"),
    QT_TRANSLATE_NOOP("fields", "When and where"),
    QT_TRANSLATE_NOOP("fields", "Workflow"),
    QT_TRANSLATE_NOOP("fields", "New"),
    QT_TRANSLATE_NOOP("fields", "Needs review"),
    QT_TRANSLATE_NOOP("fields", "Approved"),
)

# Strings translated through a module's `_tr(text)` helper (lupdate sees only the helper).
HELPER_STRINGS = (
    QT_TRANSLATE_NOOP("MetadataEditor", "(multiple values)"),
    QT_TRANSLATE_NOOP("MetadataEditor", "YYYY-MM-DD"),
    QT_TRANSLATE_NOOP("MetadataEditor", "No rating"),
    QT_TRANSLATE_NOOP("MetadataEditor", "Longer than IPTC IIM allows: it will be cut in the IIM copy (the full text stays in XMP)"),
    QT_TRANSLATE_NOOP("MetadataEditor", "{used}/{max} bytes"),
    QT_TRANSLATE_NOOP("MetadataEditor", "proposed"),
    QT_TRANSLATE_NOOP("ProposalBar", "Confirm pair"),
    QT_TRANSLATE_NOOP("ProposalBar", "Propose the runner-up"),
    QT_TRANSLATE_NOOP("ProposalBar", "runner-up, chosen by hand"),
    QT_TRANSLATE_NOOP("Errors", "There is not enough memory for this; close other programs and try again."),
    QT_TRANSLATE_NOOP("Errors", "The project file cannot be written (read-only file or folder)."),
    QT_TRANSLATE_NOOP("Errors", "Something went wrong that Caption Studio did not expect ({kind}: {why}). Your edits so far are saved. Details are in {log}."),
    QT_TRANSLATE_NOOP("Errors", "Caption Studio"),
    QT_TRANSLATE_NOOP("Errors", "The file {name} is missing: it was moved, renamed or deleted."),
    QT_TRANSLATE_NOOP("Errors", "Caption Studio is not allowed to use {name} (permission denied)."),
    QT_TRANSLATE_NOOP("Errors", "A file could not be read or written: {why}"),
    QT_TRANSLATE_NOOP("Errors", "The project file could not be used: {why}"),
    QT_TRANSLATE_NOOP("Errors", "The project file is damaged ({why}). Open a backup copy (*.bak beside it) or import the photos into a new project."),
    QT_TRANSLATE_NOOP("ExportActions", "&File"),
    QT_TRANSLATE_NOOP("ExportActions", "Export &Credits…"),
    QT_TRANSLATE_NOOP("ExportActions", "Contact Sheet (&PDF)…"),
    QT_TRANSLATE_NOOP("ExportActions", "Export"),
    QT_TRANSLATE_NOOP("ExportActions", "Open a project first."),
    QT_TRANSLATE_NOOP("ExportActions", "File"),
    QT_TRANSLATE_NOOP("ContactSheetExport", "Save Contact Sheet"),
    QT_TRANSLATE_NOOP("ContactSheetExport", "PDF files (*.pdf)"),
    QT_TRANSLATE_NOOP("ContactSheetExport", "Making the contact sheet…"),
    QT_TRANSLATE_NOOP("ContactSheetExport", "Cancel"),
    QT_TRANSLATE_NOOP("ContactSheetExport", "Contact Sheet"),
    QT_TRANSLATE_NOOP("ContactSheetExport", "Making the contact sheet… {name}"),
    QT_TRANSLATE_NOOP("ContactSheetExport", "The contact sheet could not be made: {error}"),
)
