"""Custom item roles shared by the photo model, its views and delegates."""

from PySide6.QtCore import Qt

_BASE = int(Qt.ItemDataRole.UserRole)

PHOTO_ID = _BASE + 1
THUMBNAIL = _BASE + 2  # QPixmap, or None while it loads
STATUS = _BASE + 3  # new | needs_review | approved
RATING = _BASE + 4  # int 0..5
PAIRING = _BASE + 5  # None | confirmed | sure | ambiguous
WARNINGS = _BASE + 6  # list[str], human readable
FILE_NAME = _BASE + 7
SORT = _BASE + 8
MISSING = _BASE + 9  # the file is not where the project expects it
THUMBNAIL_ERROR = _BASE + 10  # why no thumbnail can be shown (missing or damaged file)
